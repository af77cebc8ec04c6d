"""What a visitor sends from the website's inquiry page, checked and put in stored form.

The page is public: the payload is read as strictly as the patient system's (the same field
checks, `patient_system.rules`): only the page's fields are accepted, an unknown one is refused
naming it, every text has its length and character set checked, and a refusal names the field
(`PayloadError.field`), which the page shows next to it. The message may hold line breaks.

A filled honeypot (`website`, a field the page hides from people) marks a robot: `is_robot`;
the Frappe layer then answers as for anyone and records nothing.

`choose_match` picks, among the people the desk's duplicate check finds (people.queries), the
one the inquiry is recorded on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from nest_prospects.constants import PATIENT
from nest_prospects.patient_system.rules import (
	AT_LEAST_ONE_OF,
	NOT_TEXT,
	TOO_LONG,
	PayloadError,
	_birth_date,
	_check_characters,
	_check_fields,
	_email,
	_name,
	_phone,
	printable_key,
)
from nest_prospects.people.rules.matching import NAMES_AND_BIRTH_DATE, PHONE, person_key
from nest_prospects.people.rules.phones import DEFAULT_REGION
from nest_prospects.rules import templates

HONEYPOT = "website"
FIELDS = frozenset(
	{
		"first_name",
		"last_name",
		"phone",
		"email",
		"date_of_birth",
		"request_types",
		"message",
		"consent",
		HONEYPOT,
	}
)
# The page's labels (English, translated by the Frappe layer), for the messages naming a field.
FIELD_LABELS = {
	"first_name": "First Name",
	"last_name": "Last Name",
	"phone": "Phone",
	"email": "Email",
	"date_of_birth": "Date of Birth",
	"request_types": "Your request",
	"message": "Message",
	"consent": "Consent",
}
LABELS = tuple(FIELD_LABELS.values())

# The clinic's wording of the consent box, until a manager writes hers (NEST Prospect Settings).
DEFAULT_CONSENT_TEXT = (
	"J'accepte que la clinique NEST me contacte par téléphone, SMS ou e-mail au sujet de ma demande "
	"et conserve ces informations pour la suivre."
)
MAX_MESSAGE_LENGTH = 2000
MAX_REQUEST_TYPES = 20
MAX_CODE_LENGTH = 140
# The whole request body: the fields at their longest fit in well under this.
MAX_BODY_BYTES = 32_000
# What a browser, a form post or a JSON client sends for a ticked box.
_TICKED = frozenset({"1", "true", "on", "yes", "oui"})

CONSENT_REQUIRED = "Field {0}: tick the box to agree to be contacted by the clinic"
UNKNOWN_REQUEST = "Field {0}: {1} is not offered on this page"
NO_REQUEST = "Field {0}: choose what your request is about"
NOT_A_LIST = "Field {0}: expected a list of requests, not {1}"
TOO_MANY = "Field {0}: more than {1} choices"
BODY_TOO_LARGE = "The request is larger than {0} bytes"
MESSAGES = templates(globals(), "CONSENT_REQUIRED", "BODY_TOO_LARGE")


def is_robot(payload: Mapping[str, Any]) -> bool:
	"""True when the honeypot holds anything: people never see the field, robots fill it."""
	value = payload.get(HONEYPOT) if isinstance(payload, Mapping) else None
	return bool(value) and bool(str(value).strip())


def clean_inquiry(
	payload: Mapping[str, Any],
	today: date,
	public_codes: Iterable[str],
	default_region: str = DEFAULT_REGION,
) -> dict[str, Any]:
	"""The inquiry as the app stores it, or PayloadError naming the first field that is wrong.

	Returns first_name, last_name, phone (E.164 or None), email, date_of_birth, request_types
	(codes, in the order sent, each once), message, match_key (matching.person_key, None
	without a date of birth).
	"""
	payload = _check_fields(payload, FIELDS)
	last_name = _name(payload, "last_name", required=True)
	first_name = _name(payload, "first_name", required=True)
	phone = _phone(payload, default_region)
	email = _email(payload, "email")
	if phone is None and email is None:
		raise PayloadError("phone, email", AT_LEAST_ONE_OF, "phone", "email")
	date_of_birth = _birth_date(payload, today)
	request_types = _request_types(payload, frozenset(public_codes))
	message = _message(payload)
	if not _ticked(payload.get("consent")):
		raise PayloadError("consent", CONSENT_REQUIRED, "consent")
	return {
		"first_name": first_name,
		"last_name": last_name,
		"phone": phone,
		"email": email,
		"date_of_birth": date_of_birth,
		"request_types": request_types,
		"message": message,
		"match_key": person_key(last_name, first_name, date_of_birth),
	}


def _ticked(value: object) -> bool:
	if isinstance(value, bool):
		return value
	if isinstance(value, int):
		return value == 1
	return isinstance(value, str) and value.strip().casefold() in _TICKED


def _request_types(payload: Mapping[str, Any], public_codes: frozenset[str]) -> list[str]:
	"""The public request types chosen: a list of codes (one code alone is a list of one)."""
	field = "request_types"
	value = payload.get(field)
	if value is None or value == "" or value == []:
		raise PayloadError(field, NO_REQUEST, field)
	if isinstance(value, str):
		value = [value]
	if not isinstance(value, list | tuple):
		raise PayloadError(field, NOT_A_LIST, field, type(value).__name__)
	if len(value) > MAX_REQUEST_TYPES:
		raise PayloadError(field, TOO_MANY, field, MAX_REQUEST_TYPES)
	codes: list[str] = []
	for item in value:
		if not isinstance(item, str):
			raise PayloadError(field, NOT_TEXT, field, type(item).__name__)
		code = unicodedata.normalize("NFC", item).strip()
		if len(code) > MAX_CODE_LENGTH:
			raise PayloadError(field, TOO_LONG, field, MAX_CODE_LENGTH)
		if code not in public_codes:
			raise PayloadError(field, UNKNOWN_REQUEST, field, printable_key(code))
		if code not in codes:
			codes.append(code)
	return codes


def _message(payload: Mapping[str, Any]) -> str | None:
	"""Free text of at most MAX_MESSAGE_LENGTH characters, its line breaks kept (as \\n)."""
	field = "message"
	value = payload.get(field)
	if value is None:
		return None
	if not isinstance(value, str):
		raise PayloadError(field, NOT_TEXT, field, type(value).__name__)
	text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n").strip()
	if not text:
		return None
	if len(text) > MAX_MESSAGE_LENGTH:
		raise PayloadError(field, TOO_LONG, field, MAX_MESSAGE_LENGTH)
	for line in text.split("\n"):
		_check_characters(field, line.replace("\t", " "))
	return text


def body_too_large(content_length: int | None) -> PayloadError | None:
	"""The refusal of a request body over MAX_BODY_BYTES, else None."""
	if content_length and content_length > MAX_BODY_BYTES:
		return PayloadError(None, BODY_TOO_LARGE, MAX_BODY_BYTES)
	return None


def choose_match(matches: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
	"""The person an inquiry is recorded on, among those the duplicate check found.

	A phone match before a names-and-date-of-birth one (the phone is the key the desk refuses
	a second record on); then a patient before a prospect (a patient's follow-up is hers, and
	an active prospect matching a patient is converted by the reconciliation); then the order
	found (the oldest record first).
	"""
	ranked = sorted(
		enumerate(matches),
		key=lambda item: (
			{PHONE: 0, NAMES_AND_BIRTH_DATE: 1}.get(item[1].get("matched_on"), 2),
			0 if item[1].get("doctype") == PATIENT else 1,
			item[0],
		),
	)
	return ranked[0][1] if ranked else None
