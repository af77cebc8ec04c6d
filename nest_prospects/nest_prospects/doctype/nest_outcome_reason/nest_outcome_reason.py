# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from __future__ import annotations

from frappe.model.document import Document


class NESTOutcomeReason(Document):
	"""A win or loss reason (a factor of a won or lost prospect): an editable list."""
