# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class NESTClinicClosure(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from_date: DF.Date
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reason: DF.Data | None
		to_date: DF.Date | None
	# end: auto-generated types
	pass
