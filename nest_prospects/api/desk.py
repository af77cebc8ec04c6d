"""Methods the desk calls from the forms."""

from __future__ import annotations

import re

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


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def search_people(
	doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: dict | list | None
) -> list:
	"""Link search for prospects and patients: by name, id, email, or a phone typed any way."""
	if doctype not in (PROSPECT, "NEST Patient"):
		frappe.throw(frappe._("Not a prospect or patient search."), frappe.PermissionError)
	or_filters = [["name", "like", f"%{txt}%"], ["full_name", "like", f"%{txt}%"]]
	if doctype == PROSPECT:
		or_filters.append(["email", "like", f"%{txt}%"])
	digits = re.sub(r"[\s.\-/()+]", "", txt or "").lstrip("0")
	if len(digits) >= 3 and digits.isdigit():
		or_filters.append(["phone", "like", f"%{digits}%"])
	return frappe.get_list(
		doctype,
		filters=filters,
		or_filters=or_filters,
		fields=["name", "full_name", "phone"],
		limit_start=start,
		limit_page_length=page_len,
		order_by="modified desc",
		as_list=True,
	)
