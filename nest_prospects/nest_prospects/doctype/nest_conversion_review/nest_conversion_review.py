# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe import _
from frappe.model import default_fields as DEFAULT_FIELDS
from frappe.model.document import Document


class NESTConversionReview(Document):
	"""What became of a prospect four weeks on: written by the daily job, commented by the secretaries.

	Every field but the comments is the job's (read-only on the form); the "Re-evaluate"
	button recomputes them (nest_prospects.conversion_review.review.reevaluate_review).
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
			from nest_prospects.conversion_review.review import evaluate_review

			evaluate_review(self)

	def onload(self) -> None:
		"""The form shows the detail in the reader's language; `validate` never saves it back."""
		from nest_prospects.conversion_review.review import translate_detail

		self.detail = translate_detail(self.detail)

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
