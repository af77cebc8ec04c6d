"""What the patient system ("Eyone") sends through the API, checked and put in stored form.

The API is strict: an unknown field, a missing one or a value that cannot be read is
refused with a PayloadError naming the field, rather than half-stored. Messages are English
templates with `{}` placeholders, gathered in MESSAGES, so the Frappe layer can translate
them with `_(error.message).format(*error.args_for_message)`.

Date-times come back naive, in the site's time zone (`site_timezone`): a value sent with an
offset is converted, one sent without is taken as site time. The default is UTC because the
clinic is in Dakar, UTC+0 all year.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

from nest_prospects.rules.conversion import (
	APPOINTMENT_STATUSES,
	ATTENDED,
	CANCELLED,
	NO_SHOW_STATUS,
	SCHEDULED,
)
from nest_prospects.rules.matching import person_key
from nest_prospects.rules.phones import DEFAULT_REGION, InvalidPhoneNumber, normalise_phone

MAX_TEXT_LENGTH = 140  # a Frappe Data field

NOT_AN_OBJECT = "The payload must be an object of fields, not {0}"
UNKNOWN_FIELDS = "Unknown field(s): {0}"
MISSING_FIELD = "Missing required field: {0}"
NOT_TEXT = "Field {0}: expected text, not {1}"
TOO_LONG = "Field {0}: longer than {1} characters"
BAD_PHONE = "Field {0}: cannot read {1} as a phone number"
BAD_EMAIL = "Field {0}: {1} is not an email address"
BAD_DATE = "Field {0}: cannot read {1} as a date (expected YYYY-MM-DD)"
BAD_DATETIME = "Field {0}: cannot read {1} as a date and time (expected YYYY-MM-DDTHH:MM:SS)"
FUTURE_BIRTH_DATE = "Field {0}: the date of birth {1} is in the future"
FUTURE_DATE = "Field {0}: the date {1} is in the future"
BAD_STATUS = "Field {0}: unknown appointment status {1}; expected one of {2}"
STATUS_BEFORE_DATE = "Field {0}: an appointment of {1} cannot be {2} yet"
EXACTLY_ONE_OF = "Give exactly one of the fields {0} and {1}"
AT_LEAST_ONE_OF = "Give at least one of the fields {0} and {1}"

# Every template, for the translation list of the API layer.
MESSAGES: tuple[str, ...] = (
	NOT_AN_OBJECT,
	UNKNOWN_FIELDS,
	MISSING_FIELD,
	NOT_TEXT,
	TOO_LONG,
	BAD_PHONE,
	BAD_EMAIL,
	BAD_DATE,
	BAD_DATETIME,
	FUTURE_BIRTH_DATE,
	FUTURE_DATE,
	BAD_STATUS,
	STATUS_BEFORE_DATE,
	EXACTLY_ONE_OF,
	AT_LEAST_ONE_OF,
)

PATIENT_FIELDS = frozenset(
	{
		"external_id",
		"first_name",
		"last_name",
		"phone",
		"date_of_birth",
		"created_on",
		"provenance",
		"email",
		"updated_at",
	}
)
APPOINTMENT_FIELDS = frozenset(
	{"external_id", "patient_external_id", "prospect", "scheduled_on", "status", "updated_at"}
)
LOOKUP_FIELDS = frozenset({"phone", "date_of_birth", "first_name", "last_name"})


class PayloadError(ValueError):
	"""A payload field is missing, unknown or unreadable.

	`field` names it (several are joined with ", "; None when the payload as a whole is
	wrong), `message` is the English template and `args_for_message` its arguments.
	"""

	def __init__(self, field: str | None, message: str, *args_for_message: object) -> None:
		self.field = field
		self.message = message
		self.args_for_message = args_for_message
		super().__init__(message.format(*args_for_message))


# The statuses as typed, folded by _fold; French ones include the feminine forms, as the
# patients are women ("non venue").
_STATUS_SYNONYMS: dict[str, str] = {
	"scheduled": SCHEDULED,
	"planifie": SCHEDULED,
	"planifiee": SCHEDULED,
	"attended": ATTENDED,
	"honore": ATTENDED,
	"honoree": ATTENDED,
	"no show": NO_SHOW_STATUS,
	"noshow": NO_SHOW_STATUS,
	"non venu": NO_SHOW_STATUS,
	"non venue": NO_SHOW_STATUS,
	"cancelled": CANCELLED,
	"canceled": CANCELLED,
	"annule": CANCELLED,
	"annulee": CANCELLED,
}
_STATUSES_EXPECTED = ", ".join((*APPOINTMENT_STATUSES, "planifié", "honoré", "non venu", "annulé"))

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DATETIME = re.compile(
	r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?"
	r"\s*(Z|[+-]\d{2}:?\d{2})?",
	re.IGNORECASE | re.ASCII,
)


def _fold(text: str) -> str:
	"""' Non-Venu ' -> 'non venu': no accents, no case, separators as single spaces."""
	decomposed = unicodedata.normalize("NFKD", text)
	plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
	return " ".join(word for word in re.split(r"[\s\-_]+", plain) if word)


def normalise_status(raw: str) -> str | None:
	"""The stored (English) status for an English or French one, None when unknown."""
	return _STATUS_SYNONYMS.get(_fold(raw))


def is_stale(incoming_updated_at: datetime | None, stored_updated_at: datetime | None) -> bool:
	"""True when the incoming update is older than the stored record: it must not overwrite it.

	An equal timestamp is a replay and is applied again (idempotent); without a timestamp on
	either side nothing proves the update older, so it is applied.
	"""
	if incoming_updated_at is None or stored_updated_at is None:
		return False
	return incoming_updated_at < stored_updated_at


def _check_fields(payload: object, allowed: frozenset[str]) -> Mapping[str, Any]:
	if not isinstance(payload, Mapping):
		raise PayloadError(None, NOT_AN_OBJECT, type(payload).__name__)
	unknown = sorted(str(key) for key in payload if key not in allowed)
	if unknown:
		names = ", ".join(unknown)
		raise PayloadError(names, UNKNOWN_FIELDS, names)
	return payload


def _text(payload: Mapping[str, Any], field: str, required: bool = False) -> str | None:
	"""Stripped text of at most MAX_TEXT_LENGTH characters; None, "" and blanks are absent."""
	value = payload.get(field)
	if value is not None and not isinstance(value, str):
		raise PayloadError(field, NOT_TEXT, field, type(value).__name__)
	text = value.strip() if value else ""
	if not text:
		if required:
			raise PayloadError(field, MISSING_FIELD, field)
		return None
	if len(text) > MAX_TEXT_LENGTH:
		raise PayloadError(field, TOO_LONG, field, MAX_TEXT_LENGTH)
	return text


def _phone(payload: Mapping[str, Any], default_region: str) -> str | None:
	raw = _text(payload, "phone")
	try:
		return normalise_phone(raw, default_region)
	except InvalidPhoneNumber:
		raise PayloadError("phone", BAD_PHONE, "phone", raw) from None


def _date(payload: Mapping[str, Any], field: str) -> date | None:
	value = payload.get(field)
	if value is None or (isinstance(value, str) and not value.strip()):
		return None
	if isinstance(value, datetime):
		raise PayloadError(field, BAD_DATE, field, value.isoformat())
	if isinstance(value, date):
		return value
	if not isinstance(value, str):
		raise PayloadError(field, NOT_TEXT, field, type(value).__name__)
	found = _DATE.fullmatch(value.strip())
	try:
		if found is None:
			raise ValueError(value)
		return date(*(int(part) for part in found.groups()))
	except ValueError:
		raise PayloadError(field, BAD_DATE, field, value) from None


def _datetime(
	payload: Mapping[str, Any],
	field: str,
	site_timezone: tzinfo,
	required: bool = False,
	date_only: bool = False,
) -> datetime | None:
	"""An ISO date-time, naive in site time; with `date_only`, a bare date means its midnight."""
	value = payload.get(field)
	if value is None or (isinstance(value, str) and not value.strip()):
		if required:
			raise PayloadError(field, MISSING_FIELD, field)
		return None
	if isinstance(value, datetime):
		moment = value
	elif isinstance(value, date):
		if not date_only:
			raise PayloadError(field, BAD_DATETIME, field, value.isoformat())
		moment = datetime(value.year, value.month, value.day)
	elif not isinstance(value, str):
		raise PayloadError(field, NOT_TEXT, field, type(value).__name__)
	else:
		moment = _read_datetime(value.strip(), date_only)
		if moment is None:
			raise PayloadError(field, BAD_DATETIME, field, value)
	if moment.tzinfo is not None:
		moment = moment.astimezone(site_timezone).replace(tzinfo=None)
	return moment


def _read_datetime(text: str, date_only: bool) -> datetime | None:
	"""Parse by hand: datetime.fromisoformat reads less on Python 3.10 than on 3.11."""
	try:
		if date_only and (bare := _DATE.fullmatch(text)):
			return datetime(*(int(part) for part in bare.groups()))
		found = _DATETIME.fullmatch(text)
		if found is None:
			return None
		year, month, day, hour, minute, second, fraction, offset = found.groups()
		moment = datetime(
			int(year),
			int(month),
			int(day),
			int(hour),
			int(minute),
			int(second or 0),
			int((fraction or "0").ljust(6, "0")),
		)
	except ValueError:
		return None
	if offset:
		if offset.upper() == "Z":
			return moment.replace(tzinfo=timezone.utc)
		digits = offset[1:].replace(":", "")
		hours, minutes = int(digits[:2]), int(digits[2:])
		if hours > 23 or minutes > 59:
			return None
		sign = 1 if offset[0] == "+" else -1
		return moment.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))
	return moment


def _not_after(field: str, moment: datetime | None, today: date) -> None:
	"""A record cannot be created or updated after today; a future `updated_at` would lock the
	record against every later update, so it is refused too."""
	if moment is not None and moment.date() > today:
		raise PayloadError(field, FUTURE_DATE, field, moment.isoformat(sep=" "))


def _email(payload: Mapping[str, Any], field: str) -> str | None:
	"""An optional email address: one @, a dot in the domain, no spaces."""
	value = _text(payload, field)
	if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
		raise PayloadError(field, BAD_EMAIL, field, value)
	return value


def clean_patient(
	payload: Mapping[str, Any],
	today: date,
	default_region: str = DEFAULT_REGION,
	*,
	site_timezone: tzinfo = timezone.utc,
) -> dict[str, Any]:
	"""A patient record sent by the patient system, checked, in stored form.

	Returns external_id, first_name, last_name, phone (E.164 or None), date_of_birth,
	created_on, provenance, email, updated_at, and match_key (matching.person_key, None without
	a date of birth).
	"""
	payload = _check_fields(payload, PATIENT_FIELDS)
	external_id = _text(payload, "external_id", required=True)
	first_name = _text(payload, "first_name", required=True)
	last_name = _text(payload, "last_name", required=True)
	phone = _phone(payload, default_region)
	date_of_birth = _date(payload, "date_of_birth")
	if date_of_birth is not None and date_of_birth > today:
		raise PayloadError("date_of_birth", FUTURE_BIRTH_DATE, "date_of_birth", date_of_birth.isoformat())
	# Required: the conversion review compares it with the prospect's creation.
	created_on = _datetime(payload, "created_on", site_timezone, required=True, date_only=True)
	_not_after("created_on", created_on, today)
	provenance = _text(payload, "provenance")
	email = _email(payload, "email")
	updated_at = _datetime(payload, "updated_at", site_timezone)
	_not_after("updated_at", updated_at, today)
	return {
		"external_id": external_id,
		"first_name": first_name,
		"last_name": last_name,
		"phone": phone,
		"date_of_birth": date_of_birth,
		"created_on": created_on,
		"provenance": provenance,
		"email": email,
		"updated_at": updated_at,
		"match_key": person_key(last_name, first_name, date_of_birth),
	}


def clean_appointment(
	payload: Mapping[str, Any], today: date, *, site_timezone: tzinfo = timezone.utc
) -> dict[str, Any]:
	"""An appointment sent by the patient system, for a patient or for a prospect.

	Returns external_id, patient_external_id, prospect (one of the two is None),
	scheduled_on, status (the stored English value) and updated_at.
	"""
	payload = _check_fields(payload, APPOINTMENT_FIELDS)
	external_id = _text(payload, "external_id", required=True)
	patient_external_id = _text(payload, "patient_external_id")
	prospect = _text(payload, "prospect")
	if (patient_external_id is None) == (prospect is None):
		raise PayloadError("patient_external_id, prospect", EXACTLY_ONE_OF, "patient_external_id", "prospect")
	scheduled_on = _datetime(payload, "scheduled_on", site_timezone, required=True)
	raw_status = _text(payload, "status", required=True)
	status = normalise_status(raw_status)
	if status is None:
		raise PayloadError("status", BAD_STATUS, "status", raw_status, _STATUSES_EXPECTED)
	# Nobody can have come, or failed to come, to an appointment of a later day.
	if status in (ATTENDED, NO_SHOW_STATUS) and scheduled_on.date() > today:
		raise PayloadError("status", STATUS_BEFORE_DATE, "status", scheduled_on.isoformat(sep=" "), status)
	updated_at = _datetime(payload, "updated_at", site_timezone)
	_not_after("updated_at", updated_at, today)
	return {
		"external_id": external_id,
		"patient_external_id": patient_external_id,
		"prospect": prospect,
		"scheduled_on": scheduled_on,
		"status": status,
		"updated_at": updated_at,
	}


def clean_lookup(payload: Mapping[str, Any], default_region: str = DEFAULT_REGION) -> dict[str, Any]:
	"""A search of the patient system's side: by phone and/or date of birth.

	The names are optional; with them and the date of birth the result carries match_key.
	"""
	payload = _check_fields(payload, LOOKUP_FIELDS)
	phone = _phone(payload, default_region)
	date_of_birth = _date(payload, "date_of_birth")
	if phone is None and date_of_birth is None:
		raise PayloadError("phone, date_of_birth", AT_LEAST_ONE_OF, "phone", "date_of_birth")
	first_name = _text(payload, "first_name")
	last_name = _text(payload, "last_name")
	return {
		"phone": phone,
		"date_of_birth": date_of_birth,
		"first_name": first_name,
		"last_name": last_name,
		"match_key": person_key(last_name, first_name, date_of_birth),
	}
