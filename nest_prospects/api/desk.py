"""Methods the desk calls from the forms."""

from __future__ import annotations

import frappe

from nest_prospects.people import PROSPECT, find_matches, phone_region
from nest_prospects.rules.matching import person_key
from nest_prospects.rules.phones import InvalidPhoneNumber, normalise_phone


@frappe.whitelist()
def find_existing_people(
	phone: str | None = None,
	first_name: str | None = None,
	last_name: str | None = None,
	date_of_birth: str | None = None,
	exclude: str | None = None,
) -> list[dict]:
	"""Prospects and patients that a person being recorded may already be."""
	frappe.has_permission(PROSPECT, "create", throw=True)
	try:
		phone = normalise_phone(phone, phone_region())
	except InvalidPhoneNumber:
		phone = None  # still typing: search on the names
	matches = find_matches(phone, person_key(last_name, first_name, date_of_birth), exclude=exclude)
	return [m for m in matches if frappe.has_permission(m["doctype"], "read", doc=m["name"])]
