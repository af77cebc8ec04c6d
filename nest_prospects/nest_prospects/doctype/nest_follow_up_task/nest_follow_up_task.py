# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class NESTFollowupTask(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		assigned_to: DF.Link | None
		due_on: DF.Datetime | None
		interaction: DF.Link | None
		reason: DF.Literal[
			"Call to book", "Qualification call", "Documentation mail", "Requalified call", "7-day recall"
		]
		reference_name: DF.DynamicLink
		reference_type: DF.Link
		reminder_sent_on: DF.Datetime | None
		task_key: DF.Data
		todo: DF.Link | None
	# end: auto-generated types
	pass
