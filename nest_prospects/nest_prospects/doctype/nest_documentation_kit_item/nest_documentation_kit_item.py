# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class NESTDocumentationKitItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		document_title: DF.Data
		email_template: DF.Link | None
		file: DF.Attach
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
	pass
