# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

import frappe

from nest_prospects.guards import SavedWithItsRecord


class NESTProspectOutcomeFactor(SavedWithItsRecord):
	"""A factor of a won or lost prospect (a row of its win or loss factors), written by
	NEST Prospect.mark_won / mark_lost only."""


def on_doctype_update() -> None:
	"""The factors view of the pipeline report counts the rows by reason."""
	frappe.db.add_index("NEST Prospect Outcome Factor", ["reason", "parent"])
