# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from __future__ import annotations

from frappe.model.document import Document


class NESTStaffCompetence(Document):
	"""A row of the competence table: a request type the staff member takes, at a site (empty:
	every site). Read by routing (routing.referrals.specialists_for)."""
