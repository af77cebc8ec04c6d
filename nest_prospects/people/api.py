"""Methods the desk calls from the forms."""

# No `from __future__ import annotations`: Frappe validates whitelisted arguments against real
# type hints (it skips hints that are strings).
import frappe
from frappe.utils import cint

from nest_prospects.access import needs_permission
from nest_prospects.constants import PROSPECT
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.people.queries import find_matches, phone_region
from nest_prospects.people.rules.matching import person_key
from nest_prospects.people.rules.phones import InvalidPhoneNumber, normalise_phone, phone_search_prefixes


@frappe.whitelist()
@needs_permission(PROSPECT, "create")
def find_existing_people(
	phone: str | None = None,
	first_name: str | None = None,
	last_name: str | None = None,
	date_of_birth: str | None = None,
	exclude: str | None = None,
) -> list[dict]:
	"""Prospects and patients that a person being recorded may already be."""
	try:
		phone = normalise_phone(phone, phone_region())
	except InvalidPhoneNumber:
		phone = None  # still typing: search on the names
	matches = find_matches(phone, person_key(last_name, first_name, date_of_birth), exclude=exclude)
	return [m for m in matches if frappe.has_permission(m["doctype"], "read", doc=m["name"])]


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def search_people(
	doctype: str,
	txt: str,
	searchfield: str = "name",
	start: int = 0,
	page_len: int = 20,
	filters: dict | list | None = None,
) -> list:
	"""Link search for prospects and patients: by name, id, email, or a phone typed any way.

	Each lookup is a prefix on an indexed column, never `LIKE '%...%'` (a full scan at every
	keystroke): phones are stored in E.164, so a number being typed is looked up by the E.164
	prefixes it gives (people.rules.phones.phone_search_prefixes); other text by the beginning of the
	full name, the last name, the id or (prospects) the email. One query per lookup, each through
	frappe.get_list (the user's permissions and the field's filters apply), merged newest first.
	"""
	if doctype not in (PROSPECT, "NEST Patient"):
		frappe.throw(frappe._("Not a prospect or patient search."), frappe.PermissionError)
	txt = (txt or "").strip()
	start, page_len = cint(start), cint(page_len) or 20
	typed = txt.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
	lookups: list = [["name", "like", f"{typed}%"]] if txt else [None]
	prefixes = phone_search_prefixes(txt, phone_region())
	if prefixes:
		lookups += [["phone", "like", f"{prefix}%"] for prefix in prefixes]
	elif txt:
		lookups += [["full_name", "like", f"{typed}%"], ["last_name", "like", f"{typed}%"]]
		if doctype == PROSPECT:
			lookups.append(["email", "like", f"{typed}%"])
	found: dict[str, list] = {}
	for lookup in lookups:
		for row in frappe.get_list(
			doctype,
			filters=filters,
			or_filters=[lookup] if lookup else None,
			fields=["name", "full_name", "phone", "modified"],
			limit_page_length=start + page_len,
			order_by="modified desc",
			as_list=True,
		):
			found.setdefault(row[0], row)
	newest_first = sorted(found.values(), key=lambda row: (row[3], row[0]), reverse=True)
	return [list(row[:3]) for row in newest_first[start : start + page_len]]


@frappe.whitelist()
@needs_permission(PROSPECT, "create", "write")
def form_settings() -> dict:
	"""The settings the prospect form needs, for every user who records prospects.

	The settings page is the managers' (NEST Agent does not read it): the form asks here instead
	of reading the settings document with the user's permissions.
	"""
	settings = get_settings()
	return {
		"require_date_of_birth": int(settings.require_date_of_birth or 0),
		"enable_pipeline": int(settings.enable_pipeline or 0),
	}
