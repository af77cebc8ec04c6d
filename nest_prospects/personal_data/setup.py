"""The retention setting's default on a site installed before it."""

import frappe

from nest_prospects.constants import SETTINGS
from nest_prospects.personal_data.rules import DEFAULT_RETENTION_YEARS

FIELD = "anonymise_after_years"


def install() -> None:
	"""Frappe gives a new field of a single doctype no value on an existing site: give it the
	default once; a manager's later value (0 included) is kept."""
	if not frappe.db.sql("select 1 from `tabSingles` where doctype = %s and field = %s", (SETTINGS, FIELD)):
		frappe.db.set_single_value(SETTINGS, FIELD, DEFAULT_RETENTION_YEARS)
		frappe.clear_document_cache(SETTINGS, SETTINGS)
