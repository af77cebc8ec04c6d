# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe import _
from frappe.model import default_fields as DEFAULT_FIELDS
from frappe.model.document import Document

from nest_prospects.conversion_review.review import evaluate_review, translate_detail


class NESTConversionReview(Document):
	"""What became of a prospect four weeks on: written by the daily job, commented by the secretaries.

	Every field but the comments is the job's (read-only on the form); the "Re-evaluate"
	button recomputes them (`reevaluate`, called from the form with frm.call).
	"""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		comments: DF.Text | None
		detail: DF.SmallText | None
		evidence_doctype: DF.Link | None
		evidence_name: DF.DynamicLink | None
		matched_on: DF.Literal["", "phone", "names_and_birth_date"]
		outcome: DF.Literal[
			"Converted",
			"Already Patient",
			"Duplicate Prospect",
			"No-show",
			"Appointment Cancelled",
			"Appointment Upcoming",
			"Information / Quote",
			"Information / Programme",
			"Information",
			"Empty",
		]
		prospect: DF.Link
		prospect_created_on: DF.Datetime | None
		prospect_name: DF.Data | None
		request_types: DF.SmallText | None
		reviewed_by: DF.Link | None
		reviewed_on: DF.Datetime | None
		source: DF.Link | None
		temperature: DF.Literal["", "Hot", "Warm", "Cold"]
	# end: auto-generated types

	def before_insert(self) -> None:
		if not self.outcome:
			evaluate_review(self)

	def onload(self) -> None:
		"""The form shows the detail in the reader's language; `validate` never saves it back."""
		self.detail = translate_detail(self.detail)

	@frappe.whitelist(methods=["POST"])
	def reevaluate(self) -> dict:
		"""The form's "Re-evaluate" button: the outcome as of now, the comments kept.

		The form sends the document as it shows it: only its comments (typed but perhaps not
		saved yet) are taken, and saved with the new outcome, so that pressing the button never
		loses them; every other field is the stored one.
		"""
		comments = self.comments
		self.reload()
		self.check_permission("write")
		self.comments = comments
		evaluate_review(self)
		self.save()
		return self.as_dict()

	def validate(self) -> None:
		"""Only the comments are the users': the outcome changes by re-evaluation, not by hand."""
		before = None if self.is_new() else self.get_doc_before_save()
		if before is None or self.flags.reevaluated:
			return
		for field in self.meta.get_valid_columns():
			if field != "comments" and field not in DEFAULT_FIELDS:
				self.set(field, before.get(field))

	def on_trash(self) -> None:
		"""Reviews are the clinic's conversion record: the app never deletes them."""
		if not frappe.flags.in_uninstall and "System Manager" not in frappe.get_roles():
			frappe.throw(_("Conversion reviews are never deleted."), frappe.PermissionError)
