"""Helpers shared by the set-based jobs."""

import frappe


def affected_rows() -> int:
	"""Rows written by the last INSERT/UPDATE run through frappe.db.sql.

	Frappe has no public accessor for it (v15, v16): this is the one place that reads the cursor.
	"""
	return frappe.db._cursor.rowcount
