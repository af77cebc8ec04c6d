# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from nest_prospects.guards import refuse_standalone_history


class NESTClassificationChange(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		changed_by: DF.Link | None
		changed_on: DF.Datetime | None
		classification: DF.Literal["Temperature", "Ageing State"]
		from_value: DF.Literal["", "Hot", "Warm", "Cold", "Normal", "Dormant", "Lost"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reason: DF.Data | None
		to_value: DF.Literal["", "Hot", "Warm", "Cold", "Normal", "Dormant", "Lost"]
	# end: auto-generated types

	# Rows are written inside their prospect, by the app only (nest_prospects.guards): a row
	# sent on its own through /api/resource is refused.
	def before_insert(self) -> None:
		refuse_standalone_history(self)

	def validate(self) -> None:
		refuse_standalone_history(self)

	def on_trash(self) -> None:
		if not frappe.flags.in_uninstall:
			refuse_standalone_history(self)
