"""What the patient system ("Eyone") sends through the API, checked and put in stored form.

The API is strict: an unknown field, a missing one or a value that cannot be read is
refused with a PayloadError naming the field, rather than half-stored. Messages are English
templates with `{}` placeholders, gathered in MESSAGES, so the Frappe layer can translate
them with `_(error.message).format(*error.args_for_message)`.

Every field has its type (text, never a number or a list), its length, its character set and,
for dates, its range checked: control characters, markup and unprintable characters are refused,
never stored; identifiers are letters, digits, `.`, `_` and `-`; names are letters, spaces,
apostrophes, hyphens and dots.

An update keeps what it does not mention: a field left out of the payload keeps its stored
value, and clearing an optional field is explicit (`null` or `""`). `patient_values` gives the
stored fields a patient payload sets.

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

from nest_prospects.conversion_review.rules.outcomes import (
	APPOINTMENT_STATUSES,
	ATTENDED,
	CANCELLED,
	NO_SHOW_STATUS,
	SCHEDULED,
)
from nest_prospects.people.rules.matching import person_key
from nest_prospects.people.rules.phones import DEFAULT_REGION, InvalidPhoneNumber, normalise_phone
from nest_prospects.rules import templates

MAX_TEXT_LENGTH = 140  # a Frappe Data field
MAX_PHONE_LENGTH = 32
MAX_STATUS_LENGTH = 32
# The dates the clinic can mean: nobody living was born, or registered, before 1900; appointments
# are booked at most two years ahead.
EARLIEST_DATE = date(1900, 1, 1)
APPOINTMENT_DAYS_AHEAD = 731

NOT_AN_OBJECT = "The payload must be an object of fields, not {0}"
DATA_NOT_AN_OBJECT = "Field {0}: expected a JSON object of fields, not {1}"
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
BAD_CHARACTER = "Field {0}: the character {1} is not allowed"
BAD_IDENTIFIER = (
	"Field {0}: {1} is not a reference (letters, digits, '.', '_' and '-', starting with a letter or a digit)"
)
DATE_TOO_EARLY = "Field {0}: the date {1} is before {2}"
DATE_TOO_LATE = "Field {0}: the date {1} is after {2}"
# Raised by the Frappe layer: the database compares references without case.
CASE_CONFLICT = "Field {0}: {1} is already stored as {2}; references that differ only in case are the same"

# Every template, for the translation list of the API layer.
MESSAGES = templates(globals(), "NOT_AN_OBJECT", "CASE_CONFLICT")

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
# The stored field of each optional patient field: left out, the stored value stays.
PATIENT_OPTIONAL_FIELDS = {
	"phone": "phone",
	"date_of_birth": "date_of_birth",
	"provenance": "provenance",
	"email": "email",
}
PATIENT_REQUIRED_FIELDS = {
	"first_name": "first_name",
	"last_name": "last_name",
	"created_on": "created_in_patient_system_on",
}


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

# Unicode categories refused in any text: controls, format characters (zero-width, bidi
# overrides), surrogates, private use, unassigned, line and paragraph separators.
_UNPRINTABLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)
_NAME_PUNCTUATION = frozenset(" '’-.")
_PHONE_CHARACTERS = frozenset("0123456789 +().-/")
# What Frappe's EMAIL_MATCH_PATTERN accepts, in ASCII, the whole text.
_EMAIL = re.compile(
	r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
	r"@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?",
	re.IGNORECASE | re.ASCII,
)
# Markup is refused rather than escaped: Frappe would store `<` as `&lt;`, and a replay would
# then never be "unchanged".
_MARKUP = frozenset("<>")
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
	unknown = sorted(printable_key(key) for key in payload if key not in allowed)
	if unknown:
		names = ", ".join(unknown)
		raise PayloadError(names, UNKNOWN_FIELDS, names)
	return payload


def printable_key(key: object) -> str:
	"""An unknown field's name as the refusal shows it: unprintable characters as U+XXXX."""
	text = str(key)
	if not text.strip():
		return repr(text)  # "" or "  ": visible in the message
	return "".join(_show(c) if unicodedata.category(c) in _UNPRINTABLE else c for c in text)[:MAX_TEXT_LENGTH]


def _show(character: str) -> str:
	"""A refused character as the message shows it: itself if printable, else U+XXXX."""
	if unicodedata.category(character) in _UNPRINTABLE or character.isspace():
		return f"U+{ord(character):04X}"
	return character


def _check_characters(field: str, text: str) -> None:
	for character in text:
		if unicodedata.category(character) in _UNPRINTABLE or character in _MARKUP:
			raise PayloadError(field, BAD_CHARACTER, field, _show(character))


def _text(
	payload: Mapping[str, Any], field: str, required: bool = False, max_length: int = MAX_TEXT_LENGTH
) -> str | None:
	"""Stripped printable text (NFC) of at most `max_length` characters; None, "" and blanks are absent."""
	value = payload.get(field)
	if value is not None and not isinstance(value, str):
		raise PayloadError(field, NOT_TEXT, field, type(value).__name__)
	text = unicodedata.normalize("NFC", value).strip() if value else ""
	if not text:
		if required:
			raise PayloadError(field, MISSING_FIELD, field)
		return None
	if len(text) > max_length:
		raise PayloadError(field, TOO_LONG, field, max_length)
	_check_characters(field, text)
	return text


def _identifier(payload: Mapping[str, Any], field: str, required: bool = False) -> str | None:
	"""A reference (external id, prospect name): ASCII letters, digits, `.`, `_`, `-`.

	Frappe would refuse some other names (`<`, `New NEST Patient 1`), and the database
	compares them without case or accents: the character set keeps one reference one record.
	"""
	text = _text(payload, field, required)
	if text is not None and not _IDENTIFIER.fullmatch(text):
		raise PayloadError(field, BAD_IDENTIFIER, field, text)
	return text


def _name(payload: Mapping[str, Any], field: str, required: bool = False) -> str | None:
	"""A person's name: letters (any script, accents), spaces, apostrophes, hyphens and dots."""
	text = _text(payload, field, required)
	if text is None:
		return None
	for character in text:
		if not (unicodedata.category(character)[0] in "LM" or character in _NAME_PUNCTUATION):
			raise PayloadError(field, BAD_CHARACTER, field, _show(character))
	return " ".join(part for part in text.split(" ") if part)


def _phone(payload: Mapping[str, Any], default_region: str) -> str | None:
	raw = _text(payload, "phone", max_length=MAX_PHONE_LENGTH)
	if raw is not None and not set(raw) <= _PHONE_CHARACTERS:
		raise PayloadError("phone", BAD_PHONE, "phone", raw)
	try:
		return normalise_phone(raw, default_region)
	except InvalidPhoneNumber:
		raise PayloadError("phone", BAD_PHONE, "phone", raw) from None


def _in_range(field: str, day: date, earliest: date, latest: date | None, future_message: str) -> None:
	if day < earliest:
		raise PayloadError(field, DATE_TOO_EARLY, field, day.isoformat(), earliest.isoformat())
	if latest is not None and day > latest:
		raise PayloadError(field, future_message, field, day.isoformat(), latest.isoformat())


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
	text = value.strip()
	if len(text) > MAX_TEXT_LENGTH:
		raise PayloadError(field, TOO_LONG, field, MAX_TEXT_LENGTH)
	found = _DATE.fullmatch(text)
	try:
		if found is None:
			raise ValueError(value)
		return date(*(int(part) for part in found.groups()))
	except ValueError:
		raise PayloadError(field, BAD_DATE, field, printable_key(value)) from None


def _birth_date(payload: Mapping[str, Any], today: date) -> date | None:
	"""A date of birth: from 1900 to today."""
	born = _date(payload, "date_of_birth")
	if born is not None:
		if born > today:
			raise PayloadError("date_of_birth", FUTURE_BIRTH_DATE, "date_of_birth", born.isoformat())
		_in_range("date_of_birth", born, EARLIEST_DATE, None, DATE_TOO_LATE)
	return born


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
		if len(value.strip()) > MAX_TEXT_LENGTH:
			raise PayloadError(field, TOO_LONG, field, MAX_TEXT_LENGTH)
		moment = _read_datetime(value.strip(), date_only)
		if moment is None:
			raise PayloadError(field, BAD_DATETIME, field, printable_key(value))
	if moment.tzinfo is not None:
		try:
			moment = moment.astimezone(site_timezone).replace(tzinfo=None)
		except OverflowError:  # 0001-01-01T00:00+01:00
			raise PayloadError(field, BAD_DATETIME, field, printable_key(str(value))) from None
	_in_range(field, moment.date(), EARLIEST_DATE, None, DATE_TOO_LATE)
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


def _updated_at(payload: Mapping[str, Any], site_timezone: tzinfo, today: date) -> datetime | None:
	"""When the patient system last changed the record (optional), never after today."""
	updated_at = _datetime(payload, "updated_at", site_timezone)
	_not_after("updated_at", updated_at, today)
	return updated_at


def _email(payload: Mapping[str, Any], field: str) -> str | None:
	"""An optional email address, as Frappe's Email fields accept it (ASCII, one address)."""
	value = _text(payload, field)
	if value is not None and not _EMAIL.fullmatch(value):
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
	created_on, provenance, email, updated_at, match_key (matching.person_key, None without
	a date of birth) and `sent`: the optional fields the payload carries (null included), the
	only ones an update changes (see patient_values).
	"""
	payload = _check_fields(payload, PATIENT_FIELDS)
	external_id = _identifier(payload, "external_id", required=True)
	first_name = _name(payload, "first_name", required=True)
	last_name = _name(payload, "last_name", required=True)
	phone = _phone(payload, default_region)
	date_of_birth = _birth_date(payload, today)
	# Required: the conversion review compares it with the prospect's creation.
	created_on = _datetime(payload, "created_on", site_timezone, required=True, date_only=True)
	_not_after("created_on", created_on, today)
	provenance = _text(payload, "provenance")
	email = _email(payload, "email")
	updated_at = _updated_at(payload, site_timezone, today)
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
		"sent": frozenset(field for field in PATIENT_OPTIONAL_FIELDS if field in payload),
	}


def patient_values(clean: Mapping[str, Any]) -> dict[str, Any]:
	"""The stored fields (NEST Patient) a cleaned patient payload sets.

	The required fields always; an optional field only when the payload carries it, so that an
	update leaving it out keeps the stored value (`null` or `""` clear it); `updated_at` only
	when given, so that an update without a date keeps the last one known.
	"""
	values = {stored: clean[field] for field, stored in PATIENT_REQUIRED_FIELDS.items()}
	sent = clean.get("sent", frozenset(PATIENT_OPTIONAL_FIELDS))
	values.update(
		{stored: clean[field] for field, stored in PATIENT_OPTIONAL_FIELDS.items() if field in sent}
	)
	if clean["updated_at"] is not None:
		values["source_updated_at"] = clean["updated_at"]
	return values


def clean_appointment(
	payload: Mapping[str, Any], today: date, *, site_timezone: tzinfo = timezone.utc
) -> dict[str, Any]:
	"""An appointment sent by the patient system, for a patient or for a prospect.

	Returns external_id, patient_external_id, prospect (one of the two is None),
	scheduled_on, status (the stored English value) and updated_at.
	"""
	payload = _check_fields(payload, APPOINTMENT_FIELDS)
	external_id = _identifier(payload, "external_id", required=True)
	patient_external_id = _identifier(payload, "patient_external_id")
	prospect = _identifier(payload, "prospect")
	if (patient_external_id is None) == (prospect is None):
		raise PayloadError("patient_external_id, prospect", EXACTLY_ONE_OF, "patient_external_id", "prospect")
	scheduled_on = _datetime(payload, "scheduled_on", site_timezone, required=True)
	_in_range(
		"scheduled_on",
		scheduled_on.date(),
		EARLIEST_DATE,
		today + timedelta(days=APPOINTMENT_DAYS_AHEAD),
		DATE_TOO_LATE,
	)
	raw_status = _text(payload, "status", required=True, max_length=MAX_STATUS_LENGTH)
	status = normalise_status(raw_status)
	if status is None:
		raise PayloadError("status", BAD_STATUS, "status", raw_status, _STATUSES_EXPECTED)
	# Nobody can have come, or failed to come, to an appointment of a later day.
	if status in (ATTENDED, NO_SHOW_STATUS) and scheduled_on.date() > today:
		raise PayloadError("status", STATUS_BEFORE_DATE, "status", scheduled_on.isoformat(sep=" "), status)
	updated_at = _updated_at(payload, site_timezone, today)
	return {
		"external_id": external_id,
		"patient_external_id": patient_external_id,
		"prospect": prospect,
		"scheduled_on": scheduled_on,
		"status": status,
		"updated_at": updated_at,
	}


def clean_lookup(
	payload: Mapping[str, Any], default_region: str = DEFAULT_REGION, today: date | None = None
) -> dict[str, Any]:
	"""A search of the patient system's side: by phone and/or date of birth.

	The names are optional; with them and the date of birth the result carries match_key. A
	date of birth is a real one: from 1900 to `today` (the machine's date when not given).
	"""
	payload = _check_fields(payload, LOOKUP_FIELDS)
	phone = _phone(payload, default_region)
	date_of_birth = _birth_date(payload, today or date.today())
	if phone is None and date_of_birth is None:
		raise PayloadError("phone, date_of_birth", AT_LEAST_ONE_OF, "phone", "date_of_birth")
	first_name = _name(payload, "first_name")
	last_name = _name(payload, "last_name")
	return {
		"phone": phone,
		"date_of_birth": date_of_birth,
		"first_name": first_name,
		"last_name": last_name,
		"match_key": person_key(last_name, first_name, date_of_birth),
	}
