"""The patient system's API, version 1: /api/method/nest_prospects.api.v1.<method>.

Called with the API key and secret of a user whose only role is NEST Patient System
(header `Authorization: token <api_key>:<api_secret>`). Every method:

- checks the role (frappe.only_for): another user gets HTTP 403, a wrong key 401, none 403;
- is rate-limited per API user (RATE_LIMIT calls per RATE_WINDOW seconds; HTTP 429 beyond);
- reads its payload with rules.patient_system, which refuses unknown, missing or unreadable
  fields: the answer is then HTTP 422 (PatientSystemPayloadError) with a translated message
  naming the field, and nothing is written;
- is idempotent: records are keyed on the patient system's external_id, so a retried call
  updates what the first one created; an update whose updated_at is older than the stored
  one is answered "stale" and changes nothing.

Writes (upsert_patient, upsert_appointment) accept POST only; lookup accepts GET and POST.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import get_datetime, get_system_timezone, getdate, today

from nest_prospects.people import PATIENT, PROSPECT, find_matches, phone_region
from nest_prospects.rules import patient_system
from nest_prospects.rules.patient_system import PayloadError, clean_appointment, clean_lookup, clean_patient

API_ROLE = "NEST Patient System"
APPOINTMENT = "NEST Appointment"
# Per API user: the patient system pushes in bursts (a day's registrations after an outage).
RATE_LIMIT = 600
RATE_WINDOW = 60
RATE_LIMIT_KEY = "_nest_api_user"
# Keys the framework adds to every call's arguments.
FRAMEWORK_KEYS = frozenset({"cmd", RATE_LIMIT_KEY})

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
STALE = "stale"

LOOKUP_LIMIT = 50
DATE_OF_BIRTH = "date_of_birth"

UNKNOWN_REFERENCE = "Field {0}: no {1} with the reference {2}"
MESSAGES = (*patient_system.MESSAGES, UNKNOWN_REFERENCE)


class PatientSystemPayloadError(frappe.ValidationError):
	"""The payload cannot be stored as sent: HTTP 422 Unprocessable Content, nothing written."""

	http_status_code = 422


def rate_limit_per_api_user() -> int:
	return RATE_LIMIT


def _per_api_user(fn: Callable) -> Callable:
	"""frappe.rate_limiter.rate_limit, counted per calling user (one API key per user), not per IP."""
	limited = rate_limit(
		key=RATE_LIMIT_KEY, limit=lambda: rate_limit_per_api_user(), seconds=RATE_WINDOW, ip_based=False
	)(fn)

	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		frappe.form_dict[RATE_LIMIT_KEY] = frappe.session.user
		return limited(*args, **kwargs)

	return wrapper


def _refuse(error: PayloadError) -> None:
	"""HTTP 422 with the translated message; field names and values stay as sent."""
	message = _(error.message).format(*error.args_for_message)
	frappe.throw(message, PatientSystemPayloadError, title=_("Invalid request"))


def _payload(fields: dict[str, Any]) -> Any:
	"""The fields sent (JSON body or form), or the JSON object sent as the single field `data`."""
	fields = {key: value for key, value in fields.items() if key not in FRAMEWORK_KEYS}
	if set(fields) == {"data"}:
		data = fields["data"]
		if isinstance(data, str):
			try:
				return json.loads(data)
			except ValueError:
				_refuse(PayloadError("data", patient_system.NOT_AN_OBJECT, "text"))
		return data
	return fields


def _site_timezone() -> ZoneInfo:
	return ZoneInfo(get_system_timezone())


def _check_role() -> None:
	frappe.only_for(API_ROLE)


def _stale(clean: dict, stored_updated_at) -> bool:
	return patient_system.is_stale(
		clean["updated_at"], get_datetime(stored_updated_at) if stored_updated_at else None
	)


def _apply(doc, values: dict) -> bool:
	"""Set the values that differ; True if any did (a replayed call changes nothing)."""
	changed = False
	for field, value in values.items():
		current = doc.get(field)
		if field == "date_of_birth":
			same = (getdate(current) if current else None) == value
		elif doc.meta.get_field(field) and doc.meta.get_field(field).fieldtype == "Datetime":
			same = (get_datetime(current) if current else None) == value
		else:
			same = (current or None) == value
		if not same:
			doc.set(field, value)
			changed = True
	return changed


def _existing(doctype: str, external_id: str) -> str | None:
	"""The record of this external_id, locked until the end of the request."""
	return frappe.db.get_value(doctype, {"external_id": external_id}, "name", for_update=True)


def _upsert(doctype: str, clean: dict, values: dict, on_create: dict) -> tuple[Any, str]:
	"""Insert or update the record of `clean["external_id"]`; return it and what happened.

	The existing row is locked (SELECT ... FOR UPDATE) so two retries of one update apply in
	turn; two retries racing to create it meet the unique external_id, and the loser updates.
	"""
	for attempt in range(2):
		name = _existing(doctype, clean["external_id"])
		if name is None:
			doc = frappe.get_doc(
				{"doctype": doctype, "external_id": clean["external_id"], **on_create, **values}
			)
			messages_before = len(frappe.local.message_log)
			frappe.db.savepoint("nest_api_upsert")
			try:
				doc.insert()
			except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
				if attempt:
					raise
				frappe.db.rollback(save_point="nest_api_upsert")
				del frappe.local.message_log[messages_before:]
				continue
			return doc, CREATED
		doc = frappe.get_doc(doctype, name)
		if _stale(clean, doc.source_updated_at):
			return doc, STALE
		if clean["updated_at"] is None:
			# an update without a date keeps the last one known
			values = {key: value for key, value in values.items() if key != "source_updated_at"}
		if _apply(doc, values):
			doc.save()
			return doc, UPDATED
		return doc, UNCHANGED
	raise AssertionError("unreachable")


@frappe.whitelist(methods=["POST"])
@_per_api_user
def upsert_patient(**fields: Any) -> dict:
	"""Create or update a patient by its external_id; a matching active prospect is reconciled.

	Answer: {"patient": name, "result": created|updated|unchanged|stale,
	"reconciled_prospects": [prospect names]}.
	"""
	_check_role()
	payload = _payload(fields)
	try:
		clean = clean_patient(payload, getdate(today()), phone_region(), site_timezone=_site_timezone())
	except PayloadError as error:
		_refuse(error)
	values = {
		"first_name": clean["first_name"],
		"last_name": clean["last_name"],
		"phone": clean["phone"],
		"date_of_birth": clean["date_of_birth"],
		"created_in_patient_system_on": clean["created_on"],
		"provenance": clean["provenance"],
		"email": clean["email"],
		"source_updated_at": clean["updated_at"],
	}
	doc, result = _upsert(PATIENT, clean, values, {})
	reconciled = frappe.get_all(PROSPECT, filters={"patient": doc.name}, pluck="name", order_by="name")
	return {"patient": doc.name, "result": result, "reconciled_prospects": reconciled}


@frappe.whitelist(methods=["POST"])
@_per_api_user
def upsert_appointment(**fields: Any) -> dict:
	"""Create or update an appointment by its external_id, for a patient or for a prospect.

	Status: Scheduled/Attended/No-show/Cancelled or planifié/honoré/non venu/annulé.
	Answer: {"appointment": name, "result": created|updated|unchanged|stale, "status": stored status}.
	"""
	_check_role()
	payload = _payload(fields)
	try:
		clean = clean_appointment(payload, getdate(today()), site_timezone=_site_timezone())
	except PayloadError as error:
		_refuse(error)
	if clean["prospect"]:
		party_type, party_field, party = PROSPECT, "prospect", clean["prospect"]
		if not frappe.db.exists(PROSPECT, party):
			_refuse(PayloadError("prospect", UNKNOWN_REFERENCE, "prospect", "prospect", party))
	else:
		party_type, party_field = PATIENT, "patient_external_id"
		party = frappe.db.get_value(PATIENT, {"external_id": clean["patient_external_id"]}, "name")
		if party is None:
			_refuse(
				PayloadError(
					party_field, UNKNOWN_REFERENCE, party_field, "patient", clean["patient_external_id"]
				)
			)
	values = {
		"party_type": party_type,
		"party": party,
		"scheduled_on": clean["scheduled_on"],
		"status": clean["status"],
		"source_updated_at": clean["updated_at"],
	}
	doc, result = _upsert(APPOINTMENT, clean, values, {"source": "Patient System"})
	return {"appointment": doc.name, "result": result, "status": doc.status}


@frappe.whitelist(methods=["GET", "POST"])
@_per_api_user
def lookup(**fields: Any) -> dict:
	"""The prospects and patients matching a phone and/or names with a date of birth.

	References only, no personal data: {"prospects": [{"prospect", "status", "matched_on"}],
	"patients": [{"patient", "matched_on"}]} (a patient's reference is its external_id).
	matched_on: phone, names_and_birth_date (names and date of birth given), or date_of_birth
	(a date of birth given without the names).
	"""
	_check_role()
	payload = _payload(fields)
	try:
		clean = clean_lookup(payload, phone_region())
	except PayloadError as error:
		_refuse(error)
	matches = find_matches(clean["phone"], clean["match_key"], limit=LOOKUP_LIMIT)
	if clean["date_of_birth"] and not clean["match_key"]:
		# Without the names the date of birth is searched alone, as the procedure allows.
		matches += _born_on(clean["date_of_birth"], matches)
	prospects, patients = [], []
	for match in matches:
		if match["doctype"] == PROSPECT:
			prospects.append(
				{"prospect": match["name"], "status": match.get("status"), "matched_on": match["matched_on"]}
			)
		else:
			patients.append({"patient": match["name"], "matched_on": match["matched_on"]})
	return {"prospects": prospects, "patients": patients}


def _born_on(date_of_birth, known: list[dict]) -> list[dict]:
	seen = {(match["doctype"], match["name"]) for match in known}
	found = []
	for doctype in (PROSPECT, PATIENT):
		fields = ["name", "status"] if doctype == PROSPECT else ["name"]
		for row in frappe.get_all(
			doctype,
			filters={"date_of_birth": date_of_birth},
			fields=fields,
			limit=LOOKUP_LIMIT,
			order_by="creation",
		):
			if (doctype, row.name) not in seen:
				found.append({"doctype": doctype, "matched_on": DATE_OF_BIRTH, **row})
	return found
