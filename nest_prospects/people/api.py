"""Methods the desk calls from the forms."""

# No `from __future__ import annotations`: Frappe validates whitelisted arguments against real
# type hints (it skips hints that are strings).
import frappe
from frappe.utils import cint

from nest_prospects.access import needs_permission
from nest_prospects.constants import PATIENT, PROSPECT
from nest_prospects.languages.lookup import site_language, user_language
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.people.contact import CONTACT_PERSON, colleagues, describe_people
from nest_prospects.people.contact import contact_person_from as make_contact_person_from
from nest_prospects.people.queries import find_matches, phone_region
from nest_prospects.people.rules.colleagues import SERVICES, read_colleague_search
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


# The people a search finds: prospects, patients and the contact persons who ask for them.
SEARCHED = (PROSPECT, PATIENT, CONTACT_PERSON)


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
	"""Link search for prospects, patients and contact persons: by name, id, email, or a phone typed any way.

	Each lookup is a prefix on an indexed column, never `LIKE '%...%'` (a full scan at every
	keystroke): phones are stored in E.164, so a number being typed is looked up by the E.164
	prefixes it gives (people.rules.phones.phone_search_prefixes); other text by the beginning of the
	full name, the last name, the id or (prospects) the email. One query per lookup, each through
	frappe.get_list (the user's permissions and the field's filters apply), merged newest first.
	"""
	if doctype not in SEARCHED:
		frappe.throw(frappe._("Not a prospect or patient search."), frappe.PermissionError)
	start, page_len = cint(start), cint(page_len) or 20
	lookups = _lookups(doctype, txt)
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


def _lookups(doctype: str, txt: str | None) -> list:
	"""The prefix lookups of a search (one query each): the id, the phone's E.164 prefixes, or the
	beginning of the full name, the last name and (prospects, contact persons) the email."""
	txt = (txt or "").strip()
	typed = txt.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
	lookups: list = [["name", "like", f"{typed}%"]] if txt else [None]
	prefixes = phone_search_prefixes(txt, phone_region())
	if prefixes:
		lookups += [["phone", "like", f"{prefix}%"] for prefix in prefixes]
	elif txt:
		lookups += [["full_name", "like", f"{typed}%"], ["last_name", "like", f"{typed}%"]]
		if doctype != PATIENT:
			lookups.append(["email", "like", f"{typed}%"])
	return lookups


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


@frappe.whitelist()
@needs_permission(PROSPECT, "create")
def find_people(txt: str | None = None, limit: int = 10) -> list[dict]:
	"""The procedure's first step, before creating a prospect: the prospects, patients and
	contact persons whose name, id, email or phone begins with what was typed, each with what
	she is, her phone, email and site (her account manager's), so that the agent picks the right
	one. The same prefix lookups as the link search; the reader's permissions apply."""
	limit = min(max(cint(limit), 1), 50)
	if len((txt or "").strip()) < 2:
		return []
	people: list[dict] = []
	for doctype in SEARCHED:
		fields = ["name", "full_name", "phone", "email", "modified"]
		if doctype == PROSPECT:
			fields += ["status", "responsible_user", "contact_person"]
		found: dict[str, dict] = {}
		for lookup in _lookups(doctype, txt):
			for row in frappe.get_list(
				doctype,
				or_filters=[lookup] if lookup else None,
				fields=fields,
				limit_page_length=limit,
				order_by="modified desc",
			):
				found.setdefault(row.name, row)
		rows = sorted(found.values(), key=lambda row: (row.modified, row.name), reverse=True)[:limit]
		people += [{"doctype": doctype, **row} for row in rows]
	return describe_people(people)


@frappe.whitelist()
# the permission first: Frappe's search validation reads the query's own parameter names
@needs_permission(PROSPECT, "create", "write")
@frappe.validate_and_sanitize_search_inputs
def search_colleagues(
	doctype: str,
	txt: str,
	searchfield: str = "name",
	start: int = 0,
	page_len: int = 20,
	filters: dict | list | None = None,
) -> list:
	"""The account manager's link search (a query on User backed by the staff directory): by name,
	or by service and site typed together ("maternité Almadies"), in English or in the reader's
	or the reader's own or the site's language. Each row: the user, then "Full Name · Service · Site"."""
	_ = frappe._
	languages = {user_language(frappe.session.user), site_language()}
	labels = {}
	for service in SERVICES:
		for label in (service, _(service), *(_(service, lang=lang) for lang in languages)):
			labels[label] = service
	sites = frappe.get_all("NEST Clinic Site", filters={"active": 1}, pluck="name")
	search = read_colleague_search(txt, labels, sites)
	start, page_len = cint(start), cint(page_len) or 20
	rows = colleagues(search, start + page_len)[start:]
	return [
		[row.name, " · ".join(filter(None, (row.full_name, row.service and _(row.service), row.clinic_site)))]
		for row in rows
	]


@frappe.whitelist(methods=["POST"])
@needs_permission(PROSPECT, "create", "write")
def contact_person_from(doctype: str, name: str) -> str:
	"""A prospect or patient found by the first step's search, who asks for someone else: her
	contact person record (found or made from her record)."""
	if doctype not in (PROSPECT, PATIENT):
		frappe.throw(frappe._("Not a prospect or patient search."), frappe.PermissionError)
	if not frappe.db.exists(doctype, name):
		frappe.throw(frappe._("{0} {1} does not exist.").format(frappe._(doctype), frappe.bold(name)))
	return make_contact_person_from(doctype, name)
