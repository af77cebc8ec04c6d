# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

import frappe

from nest_prospects.guards import SavedWithItsRecord


class NESTInteractionRequestType(SavedWithItsRecord):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		request_type: DF.Link
	# end: auto-generated types


def on_doctype_update() -> None:
	"""The jobs and reports read an interaction's requests by parent: (parent, request_type) answers
	them from the index alone (the 7-day recall, the conversion review, the morning review)."""
	frappe.db.add_index("NEST Interaction Request Type", ["parent", "request_type"])
