"""Finding the prospects and patients a person may already be (the procedure's first step)."""

from __future__ import annotations

import frappe
from frappe import _

from nest_prospects.constants import PARTY_TYPES, PROSPECT
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.people.rules.matching import NAMES_AND_BIRTH_DATE, PHONE
from nest_prospects.people.rules.phones import InvalidPhoneNumber, normalise_phone


def phone_region() -> str:
	return get_settings().default_phone_region or "SN"


def normalise_phone_or_throw(raw: str | None, label: str | None = None) -> str | None:
	"""E.164 form of a typed number; a translated error naming the field otherwise."""
	try:
		return normalise_phone(raw, phone_region())
	except InvalidPhoneNumber:
		frappe.throw(
			_("{0}: cannot read {1} as a phone number.").format(_(label or "Phone"), frappe.bold(raw)),
			title=_("Invalid phone number"),
		)


def normalise_person(doc) -> None:
	"""A prospect's or a contact person's names trimmed, full name, phone in E.164, email trimmed."""
	doc.first_name = (doc.first_name or "").strip()
	doc.last_name = (doc.last_name or "").strip()
	doc.full_name = f"{doc.first_name} {doc.last_name}".strip()
	doc.phone = normalise_phone_or_throw(doc.phone)
	doc.email = (doc.email or "").strip() or None


def find_matches(
	phone: str | None,
	match_key: str | None,
	exclude: str | None = None,
	active_prospects_only: bool = False,
	limit: int = 20,
	doctypes: tuple[str, ...] = PARTY_TYPES,
) -> list[dict]:
	"""Prospects and patients sharing the phone or the names-and-birth-date key.

	Two indexed queries per doctype; each row says which key matched.
	"""
	matches: list[dict] = []
	for doctype in doctypes:
		fields = ["name", "full_name", "phone", "date_of_birth"]
		if doctype == PROSPECT:
			fields += ["status", "temperature"]
		for key, fieldname, value in (
			(PHONE, "phone", phone),
			(NAMES_AND_BIRTH_DATE, "match_key", match_key),
		):
			if not value:
				continue
			filters = {fieldname: value}
			if doctype == PROSPECT:
				if exclude:
					filters["name"] = ("!=", exclude)
				if active_prospects_only:
					filters["status"] = "Active"
			for row in frappe.get_all(
				doctype, filters=filters, fields=fields, limit=limit, order_by="creation"
			):
				if any(m["doctype"] == doctype and m["name"] == row.name for m in matches):
					continue
				matches.append({"doctype": doctype, "matched_on": key, **row})
	return matches
