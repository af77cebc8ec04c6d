# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from nest_prospects.conversion_review.reconciliation import reconcile_patient
from nest_prospects.guards import keep_app_fields
from nest_prospects.people.queries import normalise_phone_or_throw
from nest_prospects.people.rules.matching import person_key


class NESTPatient(Document):
	"""A patient of the clinic as the patient system knows it, mirrored for matching."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		created_in_patient_system_on: DF.Datetime
		date_of_birth: DF.Date | None
		email: DF.Data | None
		external_id: DF.Data
		first_name: DF.Data
		full_name: DF.Data | None
		last_interaction_on: DF.Datetime | None
		last_name: DF.Data
		match_key: DF.Data | None
		phone: DF.Data | None
		provenance: DF.Data | None
		source_updated_at: DF.Datetime | None
	# end: auto-generated types

	def before_validate(self) -> None:
		"""The patient system's fields keep their stored values unless the API writes them (nest_prospects.guards)."""
		keep_app_fields(self)

	def validate(self) -> None:
		self.external_id = (self.external_id or "").strip()
		self.first_name = (self.first_name or "").strip()
		self.last_name = (self.last_name or "").strip()
		self.full_name = f"{self.first_name} {self.last_name}".strip()
		self.phone = normalise_phone_or_throw(self.phone)
		if self.date_of_birth and getdate(self.date_of_birth) > getdate(today()):
			frappe.throw(_("The date of birth cannot be in the future."))
		self.match_key = person_key(self.last_name, self.first_name, self.date_of_birth)

	def on_update(self) -> None:
		# kept for the API's answer (nest_prospects.api.v1.upsert_patient)
		self.flags.reconciled_prospects = self.reconcile_prospects()

	def reconcile_prospects(self) -> list[str]:
		"""A patient pushed or corrected: the matching active prospects are reconciled at once."""
		return reconcile_patient(self)
