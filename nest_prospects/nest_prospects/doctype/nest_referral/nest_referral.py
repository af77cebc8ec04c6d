# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

# No `from __future__ import annotations`: Frappe validates the arguments of a whitelisted method
# against real type hints (it skips hints that are strings).
import frappe
from frappe import _
from frappe.model.document import Document

from nest_prospects.routing.referrals import record_feedback


class NESTReferral(Document):
	"""A request routed to a specialist, tracked until she records her feedback (routing).

	Written by the app only (routing.referrals): no role writes it through a form or
	/api/resource; the specialist's feedback goes through `record_feedback`. Never deleted: an
	answered referral is a state, and the scorecard counts them all.
	"""

	def validate(self) -> None:
		if self.flags.written_by_app:
			return
		if self.is_new():
			frappe.throw(
				_("A referral is made by routing a request (the prospect's form or an interaction)."),
				frappe.PermissionError,
			)
		# Administrator passes every permission check: the stored values stay.
		before = self.get_doc_before_save()
		for df in self.meta.fields:
			if before is not None:
				self.set(df.fieldname, before.get(df.fieldname))

	@frappe.whitelist(methods=["POST"])
	def record_feedback(self, feedback: str | None = None) -> dict:
		"""The form's "Record Feedback": the actions taken (the specialist or a manager)."""
		return record_feedback(self, feedback)

	def on_trash(self) -> None:
		frappe.throw(_("Referrals are never deleted."), frappe.PermissionError)


def on_doctype_update() -> None:
	"""The reminder job and the load balancing read the open referrals by specialist and due day."""
	frappe.db.add_index("NEST Referral", ["status", "specialist", "due_on"])
