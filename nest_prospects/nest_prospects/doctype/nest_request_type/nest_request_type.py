# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class NESTRequestType(Document):
	def before_insert(self) -> None:
		# Named after its code, which the procedure writes in capitals: DEVIS ACCOUCHEMENT.
		self.request_code = " ".join((self.request_code or "").split()).upper()
