# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from nest_prospects.people import PARTY_TYPES, PATIENT, PROSPECT


class NESTInteraction(Document):
	"""One contact with a prospect, or with a patient who asks as a prospect would."""

	def validate(self) -> None:
		if self.party_type not in PARTY_TYPES:
			frappe.throw(_("An interaction is with a prospect or a patient."))
		self.party_name = frappe.db.get_value(self.party_type, self.party, "full_name")
		if self.party_name is None:
			frappe.throw(_("{0} {1} does not exist.").format(_(self.party_type), frappe.bold(self.party)))
		if get_datetime(self.interaction_on) > now_datetime():
			frappe.throw(_("An interaction cannot be dated in the future."))
		self.logged_by = self.logged_by or frappe.session.user
		if not self.documents_sent:
			self.documents = None
		elif not (self.documents or "").strip():
			frappe.throw(_("Say which documents were sent."), frappe.MandatoryError)

	def on_update(self) -> None:
		if self.party_type == PROSPECT:
			prospect = frappe.get_doc(PROSPECT, self.party)
			prospect.record_interaction(self.interaction_on, self.name)
		else:
			last = frappe.db.get_value(PATIENT, self.party, "last_interaction_on")
			if not last or get_datetime(self.interaction_on) > get_datetime(last):
				frappe.db.set_value(
					PATIENT, self.party, "last_interaction_on", self.interaction_on, update_modified=False
				)

	def on_trash(self) -> None:
		"""Interactions are the clinic's record of contacts: nobody deletes them from the desk."""
		if not frappe.flags.in_uninstall and "System Manager" not in frappe.get_roles():
			frappe.throw(_("Interactions are never deleted."), frappe.PermissionError)
