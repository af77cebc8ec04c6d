# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class NESTCallbackScript(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		disabled: DF.Check
		request_type: DF.Link | None
		script: DF.TextEditor
		task_reason: DF.Literal[
			"", "Call to book", "Qualification call", "Documentation mail", "Requalified call", "7-day recall"
		]
		temperature: DF.Literal["", "Hot", "Warm", "Cold"]
		title: DF.Data
	# end: auto-generated types
	pass
