# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from __future__ import annotations

from frappe.model.document import Document


class NESTStaffMember(Document):
	"""A colleague of the staff directory: her service and site, so that she can be found by them
	(the account manager's search, the routing of requests to specialists)."""
