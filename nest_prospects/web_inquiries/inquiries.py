"""A website inquiry, recorded as the desk would: on the person it matches, or as a new prospect.

The person is found by the desk's duplicate check (people.queries.find_matches: the phone, or
the names with the date of birth; prospects only while active), so an inquiry lands where a
secretary typing it would have put it. Nothing of the matched person is changed: what the
visitor typed goes into the interaction's comments, for the secretary to compare.

The writes run as Guest with `ignore_permissions`, as Frappe's own web forms do; the page's
method (web_inquiries.api) has checked every field before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import formatdate, now_datetime

from nest_prospects.ageing.rules import HOT
from nest_prospects.constants import INTERACTION, PROSPECT, REQUEST_TYPE
from nest_prospects.followup.rules.tasks import RECALL_CATEGORY
from nest_prospects.languages.lookup import site_language
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.people.queries import find_matches
from nest_prospects.people.rules.phones import format_phone
from nest_prospects.web_inquiries.rules import DEFAULT_CONSENT_TEXT, choose_match

# The prospect source and the interaction channel of an inquiry (seeded: setup/install.py).
SOURCE = "Site web"
CHANNEL = "Website"
# How long an inquiry waits for another one about the same person to be written.
LOCK_WAIT_SECONDS = 10


class InquiryRetryLater(frappe.ValidationError):
	"""Another inquiry about the same person kept it busy: HTTP 409, nothing written."""

	http_status_code = 409


def public_request_types() -> list[dict]:
	"""What the page offers: the enabled request types marked public, but never a recall
	(a visitor would close the 7-day recall the clinic owes her)."""
	rows = frappe.get_all(
		REQUEST_TYPE,
		filters={"public": 1, "disabled": 0, "category": ("!=", RECALL_CATEGORY)},
		fields=["name", "public_label"],
		order_by="name asc",
	)
	for row in rows:
		row.label = row.public_label or row.name.capitalize()
	return sorted(rows, key=lambda row: row.label.casefold())


def record_inquiry(clean: dict) -> dict:
	"""Record a checked inquiry (web_inquiries.rules.clean_inquiry); return where it went:
	{"party_type", "party", "interaction", "created"} (for the tests, never for the visitor)."""
	with _person_locked(clean):
		match = choose_match(find_matches(clean["phone"], clean["match_key"], active_prospects_only=True))
		if match:
			interaction = _record_on(match["doctype"], match["name"], clean)
			party_type, party, created = match["doctype"], match["name"], False
		else:
			prospect = _new_prospect(clean)
			interaction = frappe.db.get_value(
				INTERACTION, {"party_type": PROSPECT, "party": prospect.name}, "name", order_by="creation asc"
			)
			party_type, party, created = PROSPECT, prospect.name, True
		_log_consent(interaction)
	return {"party_type": party_type, "party": party, "interaction": interaction, "created": created}


def _record_on(party_type: str, party: str, clean: dict) -> str:
	"""An inbound interaction on a known person; what the visitor typed is in its comments."""
	doc = frappe.get_doc(
		{
			"doctype": INTERACTION,
			"party_type": party_type,
			"party": party,
			"interaction_on": now_datetime(),
			"channel": CHANNEL,
			"request_types": [{"request_type": code} for code in clean["request_types"]],
			"comments": _comments(clean),
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def _comments(clean: dict) -> str:
	"""The message, then the details the visitor gave, in the site's language (for every reader)."""
	lang = site_language()
	given = [f"{clean['first_name']} {clean['last_name']}"]
	if clean["phone"]:
		given.append(format_phone(clean["phone"]))
	if clean["email"]:
		given.append(clean["email"])
	if clean["date_of_birth"]:
		given.append(_("born on {0}", lang=lang).format(formatdate(clean["date_of_birth"], "dd/MM/yyyy")))
	details = _("Given on the website: {0}", lang=lang).format(", ".join(given))
	return f"{clean['message']}\n\n{details}" if clean["message"] else details


def _new_prospect(clean: dict):
	"""A hot prospect from the website; its first interaction is the inquiry (NEST Prospect.after_insert)."""
	now = now_datetime()
	doc = frappe.get_doc(
		{
			"doctype": PROSPECT,
			"first_name": clean["first_name"],
			"last_name": clean["last_name"],
			"phone": clean["phone"],
			"email": clean["email"],
			"date_of_birth": clean["date_of_birth"],
			"source": SOURCE if frappe.db.exists("NEST Prospect Source", SOURCE) else None,
			"temperature": HOT,
			"first_contact_on": now,
			"initial_channel": CHANNEL,
			"initial_request_types": [{"request_type": code} for code in clean["request_types"]],
			"initial_comments": clean["message"],
			# The follow-up's pool: the 48-hour call lands on its list.
			"responsible_user": get_settings().pool_user or None,
		}
	)
	# The page asks for the date of birth without requiring it, whatever the desk's setting.
	doc.flags.date_of_birth_optional = True
	doc.insert(ignore_permissions=True)
	return doc


def _log_consent(interaction: str | None) -> None:
	"""The consent ticked, with the wording she read, on the interaction's timeline."""
	if not interaction:
		return
	wording = consent_text()
	frappe.get_doc(INTERACTION, interaction).add_comment(
		"Info", _("Consent to be contacted given on the website: {0}", lang=site_language()).format(wording)
	)


def consent_text() -> str:
	"""The clinic's wording of the consent box (NEST Prospect Settings)."""
	return (get_settings().web_inquiry_consent_text or "").strip() or DEFAULT_CONSENT_TEXT


@contextmanager
def _person_locked(clean: dict) -> Iterator[None]:
	"""While no other inquiry about the same phone or names and date of birth is being written.

	Two inquiries sent at once (a double click) give one prospect: the second waits for the
	first's commit, then reads afresh and finds her. The named locks are held until the
	request's connection closes, after its commit (released here outside a request).
	"""
	keys = [key for key in (clean["phone"], clean["match_key"]) if key]
	locks = ["nest_web:" + hashlib.sha1(f"{frappe.local.site}|{key}".encode()).hexdigest() for key in keys]
	for lock in locks:
		if not frappe.db.sql("select get_lock(%s, %s)", (lock, LOCK_WAIT_SECONDS))[0][0]:
			frappe.throw(
				_("Another request about the same person is being recorded; send yours again in a moment."),
				InquiryRetryLater,
			)
	if locks and frappe.db.transaction_writes == 0:
		frappe.db.rollback()  # a new snapshot: sees what the previous holder committed
	try:
		yield
	finally:
		if not getattr(frappe.local, "request", None):
			for lock in locks:
				frappe.db.sql("select release_lock(%s)", (lock,))
