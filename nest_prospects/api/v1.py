"""The patient system's API, version 1: /api/method/nest_prospects.api.v1.<method>.

Called with the API key and secret of a user whose only role is NEST Patient System
(header `Authorization: token <api_key>:<api_secret>`). Every method:

- checks the role (frappe.only_for): another user gets HTTP 403, a wrong key 401, none 403;
- is rate-limited per API user (RATE_LIMIT calls per RATE_WINDOW seconds; HTTP 429 beyond);
- reads its payload with patient_system.rules, which refuses unknown, missing or unreadable
  fields: the answer is then HTTP 422 (PatientSystemPayloadError) with a translated message
  naming the field, and nothing is written;
- is idempotent: records are keyed on the patient system's external_id, so a retried call
  updates what the first one created; an update whose updated_at is older than the stored
  one is answered "stale" and changes nothing; a field the payload leaves out keeps its
  stored value;
- is safe under concurrent retries: a call inserts a new external_id at once, and the unique
  index decides between two calls racing on it: the one that loses (duplicate key) rolls back
  and tries again, finds the record and updates it with a locking read, so two identical calls
  give one record, "created" to one and "unchanged" to the other. Any conflict (a duplicate
  key, a deadlock with other work) is retried a few times, then answered HTTP 409 with a
  Retry-After header, never 5xx; the messages of an attempt that lost its race are muted.

Writes (upsert_patient, upsert_appointment) accept POST only; lookup accepts GET and POST.
The API user has no create or write permission of its own: these methods check its role and
write as the app (ignore_permissions), so /api/resource cannot bypass their checks.
"""

from __future__ import annotations

import functools
import json
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint, get_datetime, get_system_timezone, getdate, today

from nest_prospects.access import only_for
from nest_prospects.constants import API_ROLE, APPOINTMENT, PATIENT, PROSPECT
from nest_prospects.patient_system import rules as patient_system
from nest_prospects.patient_system.rules import (
	UNKNOWN_FIELDS,
	PayloadError,
	clean_appointment,
	clean_lookup,
	clean_patient,
	patient_values,
)
from nest_prospects.people.queries import find_matches, phone_region

# Per API user: the patient system pushes in bursts (a day's registrations after an outage).
# The site config key `nest_api_rate_limit` changes it (scripts/site_tasks.py http-plan raises
# it on a test site, so that the HTTP suites are not throttled).
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

# Concurrent calls about one external_id: how often a conflict is retried, and the Retry-After
# (seconds) of the 409 that ends it.
ATTEMPTS = 4
RETRY_AFTER_SECONDS = 2
API_METHODS = "/method/nest_prospects.api.v1."  # under /api/, /api/v1/ or /api/v2/

UNKNOWN_REFERENCE = "Field {0}: no {1} with the reference {2}"
# The column of _existing's rows naming a prospect linked to the patient read.
LINKED = "__linked_prospect"
MESSAGES = (*patient_system.MESSAGES, UNKNOWN_REFERENCE)
# A race lost to another request: the transaction is rolled back and the call tried again.
RACE_ERRORS = (
	frappe.DuplicateEntryError,
	frappe.UniqueValidationError,
	frappe.QueryDeadlockError,
	frappe.QueryTimeoutError,
	frappe.TimestampMismatchError,
	frappe.DoesNotExistError,
)


class PatientSystemPayloadError(frappe.ValidationError):
	"""The payload cannot be stored as sent: HTTP 422 Unprocessable Content, nothing written."""

	http_status_code = 422


class PatientSystemRetryLater(frappe.ValidationError):
	"""Another call about the same record kept it busy: HTTP 409 with Retry-After; nothing written."""

	http_status_code = 409


def rate_limit_per_api_user() -> int:
	return cint(frappe.conf.get("nest_api_rate_limit")) or RATE_LIMIT


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
				data = json.loads(data)
			except ValueError:
				_refuse(PayloadError("data", patient_system.DATA_NOT_AN_OBJECT, "data", "text"))
		if not isinstance(data, dict):
			_refuse(PayloadError("data", patient_system.DATA_NOT_AN_OBJECT, "data", type(data).__name__))
		return data
	return fields


def refuse_cmd_in_payload() -> None:
	"""before_request hook: a `cmd` field would make Frappe run that method instead of ours
	(frappe.app dispatches on form_dict.cmd before the /api path): refuse it as unknown."""
	request = getattr(frappe.local, "request", None)
	if request is None or "cmd" not in frappe.form_dict:
		return
	if not (request.path.startswith("/api/") and API_METHODS in request.path):
		return
	_refuse(PayloadError("cmd", UNKNOWN_FIELDS, "cmd"))


def add_retry_after(response=None, request=None) -> None:
	"""after_request hook: the 409 of a call that lost its race says when to retry."""
	if response is not None and frappe.flags.get("nest_retry_after"):
		response.headers["Retry-After"] = str(frappe.flags.nest_retry_after)


def _site_timezone() -> ZoneInfo:
	return ZoneInfo(get_system_timezone())


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


def _existing(doctype: str, external_id: str) -> list[dict]:
	"""The stored record of this external_id, read whole by a plain (non-locking) read of its
	unique index; [] when there is none. For a patient, one row per prospect linked to her (the
	column LINKED), so that the answer's list comes with the record, in the same query.

	A locking read of an absent key would lock the gap around it, and two calls inserting
	neighbouring new keys would deadlock; a record the read misses (committed after this
	transaction's snapshot) makes the insert fail on its duplicate key, and the next attempt
	reads it. An update made from an older snapshot fails Frappe's timestamp check
	(TimestampMismatchError) and is tried again in the same way.
	"""
	# Plain SQL on the unique index: this runs on every call, and frappe.db.get_value builds a
	# whole query (permissions, meta) for the same one-row lookup.
	if doctype == PATIENT:
		query = f"""select d.*, p.name as `{LINKED}` from `tab{PATIENT}` d
			left join `tab{PROSPECT}` p on p.patient = d.name
			where d.external_id = %s order by p.name"""
	else:
		query = f"select d.* from `tab{doctype}` d where d.external_id = %s"
	rows = frappe.db.sql(query, external_id, as_dict=True)
	if rows and rows[0].external_id != external_id:
		# The database compares without case: "ey-1" would update "EY-1".
		_refuse(
			PayloadError(
				"external_id", patient_system.CASE_CONFLICT, "external_id", external_id, rows[0].external_id
			)
		)
	return rows


def _stored_doc(doctype: str, rows: list[dict]):
	"""The document of the rows _existing read, without reading it again (its doctype has no
	child table; otherwise frappe.get_doc reads it with its children)."""
	record = {key: value for key, value in rows[0].items() if key != LINKED}
	if frappe.get_meta(doctype).get_table_fields():
		doc = frappe.get_doc(doctype, record["name"])
	else:
		doc = frappe.get_doc({**record, "doctype": doctype})
	doc.flags.linked_prospects = [row[LINKED] for row in rows if row.get(LINKED)]
	return doc


def _retry_later(external_id: str) -> None:
	frappe.flags.nest_retry_after = RETRY_AFTER_SECONDS
	frappe.throw(
		_("Another call about {0} is still being written; retry in a moment").format(external_id),
		PatientSystemRetryLater,
		title=_("Retry later"),
	)


@contextmanager
def _race_messages_muted() -> Iterator[None]:
	"""A write that may lose a race, with its messages muted (frappe.flags.mute_messages): the call
	that retries it does not answer "… already exists". An error that is not a lost race (a
	validation) is raised with its message shown, as it would be unmuted."""
	muted = frappe.flags.mute_messages
	frappe.flags.mute_messages = True
	try:
		yield
	except RACE_ERRORS:
		raise
	except frappe.ValidationError as error:
		frappe.flags.mute_messages = muted
		frappe.msgprint(str(error), title=_("Invalid request"), indicator="red")
		raise
	finally:
		frappe.flags.mute_messages = muted


def _retried(external_id: str, work: Callable[[], Any]) -> Any:
	"""Run `work`; an attempt that lost a race to another call (RACE_ERRORS) is undone and tried
	again, ATTEMPTS times, then answered HTTP 409 with Retry-After.

	In a request nothing is written before `work`: the attempt is undone by a full rollback,
	which also releases the locks its failed statement took (a duplicate key leaves a shared
	lock that would deadlock the next attempt's locking read) and gives the next attempt a
	snapshot where the other call's record is seen. In a test or a console the caller's
	transaction holds its own writes, which a rollback must not lose: savepoints there.
	"""
	fresh = frappe.db.transaction_writes == 0
	for attempt in range(ATTEMPTS):
		if not fresh:
			frappe.db.savepoint("nest_api_upsert")
		try:
			return work()
		except RACE_ERRORS:
			if fresh:
				frappe.db.rollback()
			else:
				frappe.db.rollback(save_point="nest_api_upsert")
			if attempt + 1 < ATTEMPTS:
				time.sleep(random.uniform(0.02, 0.1) * (attempt + 1))
	_retry_later(external_id)


def _upsert(doctype: str, clean: dict, values: dict, on_create: dict) -> tuple[Any, str]:
	"""Insert or update the record of `clean["external_id"]`; return it and what happened."""

	def work() -> tuple[Any, str]:
		rows = _existing(doctype, clean["external_id"])
		with _race_messages_muted():
			if not rows:
				# Inserted at once: a call racing on the same new external_id fails on the
				# unique index (frappe.DuplicateEntryError, UniqueValidationError) and retries.
				doc = frappe.get_doc(
					{"doctype": doctype, "external_id": clean["external_id"], **on_create, **values}
				)
				doc.flags.written_by_app = True
				doc.insert(ignore_permissions=True)
				return doc, CREATED
			# Saving reads the record again with a lock (Document.load_doc_before_save): the calls
			# updating one record take turns, and one made from an older snapshot fails the
			# timestamp check and is tried again.
			doc = _stored_doc(doctype, rows)
			if _stale(clean, doc.source_updated_at):
				return doc, STALE
			if _apply(doc, values):
				doc.flags.written_by_app = True
				doc.save(ignore_permissions=True)
				return doc, UPDATED
			return doc, UNCHANGED

	return _retried(clean["external_id"], work)


@frappe.whitelist(methods=["POST"])
@_per_api_user
@only_for(API_ROLE)
def upsert_patient(**fields: Any) -> dict:
	"""Create or update a patient by its external_id; a matching active prospect is reconciled.

	Answer: {"patient": name, "result": created|updated|unchanged|stale,
	"reconciled_prospects": [prospect names]}.
	"""
	payload = _payload(fields)
	try:
		clean = clean_patient(payload, getdate(today()), phone_region(), site_timezone=_site_timezone())
	except PayloadError as error:
		_refuse(error)
	# A field left out keeps its stored value (patient_system.rules.patient_values).
	doc, result = _upsert(PATIENT, clean, patient_values(clean), {})
	# The prospects linked to her when read, and those her insert or update reconciled
	# (NEST Patient.on_update).
	reconciled = sorted(set(doc.flags.linked_prospects or []) | set(doc.flags.reconciled_prospects or []))
	return {"patient": doc.name, "result": result, "reconciled_prospects": reconciled}


@frappe.whitelist(methods=["POST"])
@_per_api_user
@only_for(API_ROLE)
def upsert_appointment(**fields: Any) -> dict:
	"""Create or update an appointment by its external_id, for a patient or for a prospect.

	Status: Scheduled/Attended/No-show/Cancelled or planifié/honoré/non venu/annulé.
	Answer: {"appointment": name, "result": created|updated|unchanged|stale, "status": stored status}.
	"""
	payload = _payload(fields)
	try:
		clean = clean_appointment(payload, getdate(today()), site_timezone=_site_timezone())
	except PayloadError as error:
		_refuse(error)
	if clean["prospect"]:
		party_type, party_field, party = PROSPECT, "prospect", clean["prospect"]
		# Compared exactly: the database would find "pro-2026-00001" too.
		if frappe.db.get_value(PROSPECT, party, "name") != party:
			_refuse(PayloadError("prospect", UNKNOWN_REFERENCE, "prospect", "prospect", party))
	else:
		party_type, party_field = PATIENT, "patient_external_id"
		found = frappe.db.get_value(
			PATIENT, {"external_id": clean["patient_external_id"]}, ["name", "external_id"], as_dict=True
		)
		if found is None or found.external_id != clean["patient_external_id"]:
			_refuse(
				PayloadError(
					party_field, UNKNOWN_REFERENCE, party_field, "patient", clean["patient_external_id"]
				)
			)
		party = found.name
	values = {
		"party_type": party_type,
		"party": party,
		"scheduled_on": clean["scheduled_on"],
		"status": clean["status"],
	}
	if clean["updated_at"] is not None:
		# an update without a date keeps the last one known
		values["source_updated_at"] = clean["updated_at"]
	doc, result = _upsert(APPOINTMENT, clean, values, {"source": "Patient System"})
	return {"appointment": doc.name, "result": result, "status": doc.status}


@frappe.whitelist(methods=["GET", "POST"])
@_per_api_user
@only_for(API_ROLE)
def lookup(**fields: Any) -> dict:
	"""The prospects and patients matching a phone and/or names with a date of birth.

	References only, no personal data: {"prospects": [{"prospect", "status", "matched_on"}],
	"patients": [{"patient", "matched_on"}]} (a patient's reference is its external_id).
	matched_on: phone, names_and_birth_date (names and date of birth given), or date_of_birth
	(a date of birth given without the names).
	"""
	payload = _payload(fields)
	try:
		clean = clean_lookup(payload, phone_region(), getdate(today()))
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
