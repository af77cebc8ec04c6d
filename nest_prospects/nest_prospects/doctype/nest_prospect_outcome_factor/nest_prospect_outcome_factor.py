# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from nest_prospects.guards import refuse_standalone_row


class NESTProspectOutcomeFactor(Document):
	"""A factor of a won or lost prospect (a row of its win or loss factors), written by
	NEST Prospect.mark_won / mark_lost only."""

	# Saved with its prospect, never on its own.
	def before_insert(self) -> None:
		refuse_standalone_row(self)

	def validate(self) -> None:
		refuse_standalone_row(self)

	def on_trash(self) -> None:
		if not frappe.flags.in_uninstall:
			refuse_standalone_row(self)


def on_doctype_update() -> None:
	"""The factors view of the pipeline report counts the rows by reason."""
	frappe.db.add_index("NEST Prospect Outcome Factor", ["reason", "parent"])
