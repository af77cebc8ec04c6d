# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class NESTRequestType(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category: DF.Literal[
			"", "Quote", "Prices", "Programme", "Appointment", "Recall", "Cancellation", "Other"
		]
		description: DF.SmallText | None
		disabled: DF.Check
		public: DF.Check
		public_label: DF.Data | None
		request_code: DF.Data
		triggers_recall: DF.Check

	# end: auto-generated types
	def before_insert(self) -> None:
		# Named after its code, which the procedure writes in capitals: DEVIS ACCOUCHEMENT.
		self.request_code = " ".join((self.request_code or "").split()).upper()
