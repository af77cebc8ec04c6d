# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from nest_prospects.guards import refuse_standalone_row


class NESTInteractionRequestType(Document):
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

	# Saved with its interaction or prospect (whose checks it needs), never on its own.
	def before_insert(self) -> None:
		refuse_standalone_row(self)

	def validate(self) -> None:
		refuse_standalone_row(self)

	def on_trash(self) -> None:
		if not frappe.flags.in_uninstall:
			refuse_standalone_row(self)


def on_doctype_update() -> None:
	"""The jobs and reports read an interaction's requests by parent: (parent, request_type) answers
	them from the index alone (the 7-day recall, the conversion review, the morning review)."""
	import frappe

	frappe.db.add_index("NEST Interaction Request Type", ["parent", "request_type"])
