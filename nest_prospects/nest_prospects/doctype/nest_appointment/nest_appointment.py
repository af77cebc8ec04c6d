# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import format_datetime, getdate, now_datetime, today

from nest_prospects.constants import PARTY_TYPES
from nest_prospects.conversion_review.rules.outcomes import (
	APPOINTMENT_STATUSES,
	ATTENDED,
	CANCELLED,
	NO_SHOW_STATUS,
)
from nest_prospects.guards import keep_app_fields
from nest_prospects.languages.lookup import site_language

DESK = "Desk"
PATIENT_SYSTEM = "Patient System"
CANCELLATION_REQUEST = "ANNULATION RDV"


class NESTAppointment(Document):
	"""An appointment of a prospect or a patient, typed at the desk or pushed by the patient system."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		cancellation_interaction: DF.Link | None
		comments: DF.SmallText | None
		external_id: DF.Data | None
		party: DF.DynamicLink
		party_name: DF.Data | None
		party_type: DF.Literal["NEST Prospect", "NEST Patient"]
		scheduled_on: DF.Datetime
		source: DF.Literal["Desk", "Patient System"]
		source_updated_at: DF.Datetime | None
		status: DF.Literal["Scheduled", "Attended", "No-show", "Cancelled"]
	# end: auto-generated types

	def before_validate(self) -> None:
		"""Where it comes from is the app's to say (nest_prospects.guards): a desk appointment is the desk's."""
		keep_app_fields(self)

	def validate(self) -> None:
		if self.party_type not in PARTY_TYPES:
			frappe.throw(_("An appointment is with a prospect or a patient."))
		self.party_name = frappe.db.get_value(self.party_type, self.party, "full_name")
		if self.party_name is None:
			frappe.throw(_("{0} {1} does not exist.").format(_(self.party_type), frappe.bold(self.party)))
		if self.status not in APPOINTMENT_STATUSES:
			frappe.throw(_("Unknown appointment status {0}.").format(frappe.bold(self.status)))
		self.external_id = (self.external_id or "").strip() or None
		self.source = self.source or DESK
		if self.status in (ATTENDED, NO_SHOW_STATUS) and getdate(self.scheduled_on) > getdate(today()):
			frappe.throw(
				_("An appointment of {0} cannot be {1} yet.").format(
					format_datetime(self.scheduled_on), _(self.status)
				)
			)

	def on_update(self) -> None:
		if self.status == CANCELLED and not self.cancellation_interaction:
			self.log_cancellation()

	def log_cancellation(self) -> None:
		"""The procedure reads cancellations in the interactions: record one, once.

		Often written by the patient system's request, always read by the secretaries: in the
		site's language.
		"""
		lang = site_language()
		interaction = frappe.get_doc(
			{
				"doctype": "NEST Interaction",
				"party_type": self.party_type,
				"party": self.party,
				"interaction_on": now_datetime(),
				"channel": "Inbound Call",
				"request_types": [{"request_type": CANCELLATION_REQUEST}],
				"comments": _("Appointment {0} of {1} cancelled ({2}).", lang=lang).format(
					self.name, format_datetime(self.scheduled_on), _(self.source, lang=lang)
				),
			}
		)
		# The patient system's user records cancellations without reading interactions.
		interaction.insert(ignore_permissions=True)
		self.db_set("cancellation_interaction", interaction.name, update_modified=False)

	def on_trash(self) -> None:
		"""Appointments are evidence for the conversion review: only a System Manager deletes one."""
		if not frappe.flags.in_uninstall and "System Manager" not in frappe.get_roles():
			frappe.throw(_("Appointments are never deleted; cancel them instead."), frappe.PermissionError)
