# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class NESTErasureLog(Document):
	"""One erasure of personal data (on request, or by the retention rule): who, when, on whose
	request, which records; no personal data. Written by the app only, never changed or deleted."""

	def before_insert(self) -> None:
		if not self.flags.written_by_app:
			frappe.throw(_("An erasure log is written by the erasure only."), frappe.PermissionError)

	def validate(self) -> None:
		if not self.is_new():
			frappe.throw(_("An erasure log is never changed."), frappe.PermissionError)

	def on_trash(self) -> None:
		if not frappe.flags.in_uninstall:
			frappe.throw(_("An erasure log is never deleted."), frappe.PermissionError)
