# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from __future__ import annotations

from frappe.model.document import Document


class NESTClinicSite(Document):
	"""One of the clinic's sites (Almadies, Plateau…): where a staff member works."""
