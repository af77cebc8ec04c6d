# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from __future__ import annotations

from frappe.model.document import Document


class NESTLanguage(Document):
	"""A language a person speaks (Français, Wolof, Anglais…): an editable list, seeded by people.setup."""
