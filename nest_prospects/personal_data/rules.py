"""What a person's erasure changes, and when the retention rule erases her by itself.

Plain Python (no Frappe import): the erasure on request and the daily retention job both read
their rule from here, so that the two paths anonymise the same fields the same way.

A person is erased by anonymising, never by deleting: the records that feed the statistics
(the prospect, its interactions, its conversion review, its appointments, its tasks) keep their
dates, temperature, source, channels, request types, status and outcome; what identifies her
(names, phone, email, date of birth, what anyone wrote about her) is replaced or emptied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from nest_prospects.constants import APPOINTMENT, INTERACTION, PROSPECT, REFERRAL, REVIEW

# What an erased person is called: "Anonyme PRO-2026-00042" (her record's name is no personal
# data: it is the clinic's number for a record that no longer says who she was).
ANONYMOUS = "Anonyme"
# What a free text that told of her becomes (a comment, a mail's subject and body, a task's text).
ERASED_TEXT = "[anonymisé]"

# What a field becomes.
CLEAR = "clear"  # emptied (NULL)
MARK = "mark"  # ERASED_TEXT
PSEUDONYM = "pseudonym"  # "Anonyme <the person's record name>"
RECORD_NAME = "record_name"  # the person's record name alone (a prospect's last name)
FIRST_NAME = "first_name"  # ANONYMOUS (a prospect's first name)
CLEAR_IF_RECEIVED = "clear_if_received"  # a mail's sender, when she wrote it (not the clinic)

# Frappe's doctypes the erasure reaches, besides the app's own (nest_prospects.constants).
TODO = "ToDo"
COMMUNICATION = "Communication"
COMMUNICATION_LINK = "Communication Link"
COMMENT = "Comment"
NOTIFICATION_LOG = "Notification Log"

# Per doctype, the identifying fields and what each becomes. `_comments` is Frappe's cache of
# a record's last comments (their text), shown in lists: it goes with the comments.
IDENTIFYING_FIELDS: dict[str, dict[str, str]] = {
	PROSPECT: {
		"first_name": FIRST_NAME,
		"last_name": RECORD_NAME,
		"full_name": PSEUDONYM,
		"date_of_birth": CLEAR,
		"phone": CLEAR,
		"email": CLEAR,
		"city": CLEAR,
		"match_key": CLEAR,
		"comments": CLEAR,
		"initial_comments": CLEAR,
		"_comments": CLEAR,
		# who asked for her (seed 002): the link to that other person says who her relatives are
		"contact_person": CLEAR,
		"contact_relation": CLEAR,
	},
	INTERACTION: {"party_name": PSEUDONYM, "comments": CLEAR, "_comments": CLEAR},
	REVIEW: {"prospect_name": PSEUDONYM, "comments": CLEAR, "_comments": CLEAR},
	APPOINTMENT: {"party_name": PSEUDONYM, "comments": CLEAR, "_comments": CLEAR},
	# the specialist's feedback tells what was done for her (routing)
	REFERRAL: {"feedback": CLEAR, "_comments": CLEAR},
	TODO: {"description": MARK, "_comments": CLEAR},
	COMMUNICATION: {
		"subject": MARK,
		"content": MARK,
		"text_content": CLEAR,
		"sender": CLEAR_IF_RECEIVED,
		"sender_full_name": CLEAR,
		"recipients": CLEAR,
		"cc": CLEAR,
		"bcc": CLEAR,
		"phone_no": CLEAR,
		"_comments": CLEAR,
	},
	COMMUNICATION_LINK: {"link_title": PSEUDONYM},
	COMMENT: {"subject": CLEAR, "content": MARK},
	NOTIFICATION_LOG: {"subject": MARK, "email_content": CLEAR},
}

# What stays, for the statistics (documented here; nothing in these lists is ever changed).
KEPT_FIELDS: dict[str, tuple[str, ...]] = {
	PROSPECT: (
		"first_contact_on",
		"source",
		"responsible_user",
		"last_interaction_on",
		"first_answered_on",
		"last_action",
		"last_action_on",
		"temperature",
		"ageing_state",
		"status",
		"patient",
		"initial_channel",
		"initial_request_types",
		"classification_history",
		"person_role",
		"spoken_language",
	),
	INTERACTION: (
		"interaction_on",
		"channel",
		"request_types",
		"request_summary",
		"documents_sent",
		"processed",
	),
	REVIEW: (
		"prospect_created_on",
		"source",
		"temperature",
		"request_types",
		"outcome",
		"detail",
		"reviewed_on",
	),
	APPOINTMENT: ("scheduled_on", "status", "source"),
	REFERRAL: ("request_type", "clinic_site", "specialist", "routed_on", "due_on", "status", "feedback_on"),
}


def pseudonym(record_name: str) -> str:
	"""What an erased person is called on every record about her."""
	return f"{ANONYMOUS} {record_name}"


def anonymised_value(
	kind: str, record_name: str, current: str | None = None, received: bool = False
) -> str | None:
	"""What a field of kind `kind`, holding `current`, becomes for the person whose record is
	`record_name` (`received`: the mail came from her)."""
	if kind == CLEAR:
		return None
	if kind == MARK:
		return ERASED_TEXT
	if kind == PSEUDONYM:
		return pseudonym(record_name)
	if kind == RECORD_NAME:
		return record_name
	if kind == FIRST_NAME:
		return ANONYMOUS
	if kind == CLEAR_IF_RECEIVED:
		return None if received else current
	raise ValueError(f"unknown anonymisation kind {kind!r}")


def identifying_fieldnames() -> frozenset[str]:
	"""Every identifying field of every doctype (what a Version's diff must not show)."""
	return frozenset(
		field for fields in IDENTIFYING_FIELDS.values() for field in fields if not field.startswith("_")
	)


def person_values(
	first_name: str | None,
	last_name: str | None,
	phone: str | None,
	email: str | None,
	date_of_birth: date | str | None,
	national_number: str | None = None,
) -> list[str]:
	"""Her values as they may appear inside a text (a Version's diff, a mail): names, the phone
	as stored (E.164) and as typed nationally, the email, the date of birth; longest first, so
	that "Ndèye Fatou Diop" is replaced whole before "Diop"."""
	values: set[str] = set()
	for name in (first_name, last_name):
		if name and len(name.strip()) >= 3:
			values.add(name.strip())
	if first_name and last_name:
		values.add(f"{first_name.strip()} {last_name.strip()}")
	if phone:
		values.add(phone)
	national = re.sub(r"\D", "", national_number or "")
	if len(national) >= 7:
		values.add(national)
	if email:
		values.add(email.strip())
	if date_of_birth:
		values.add(date_of_birth.isoformat() if isinstance(date_of_birth, date) else str(date_of_birth)[:10])
	return sorted(values, key=lambda value: (-len(value), value))


def _value_pattern(value: str) -> str:
	"""A value as a regular expression: a number (`+221771234567`, `771234567`) also as typed
	with spaces, dots, dashes or slashes between its digits (`77 123 45 67`, `77.123.45.67`)."""
	if re.fullmatch(r"\+?\d{7,}", value):
		digits = value.lstrip("+")
		return ("\\+" if value.startswith("+") else "") + r"[\s./()-]*".join(digits)
	return re.escape(value)


def scrub_text(text: str | None, values: list[str]) -> str | None:
	"""`text` with each of her values (case ignored, numbers however spaced) replaced by ERASED_TEXT."""
	if not text or not values:
		return text
	pattern = re.compile("|".join(_value_pattern(value) for value in values), re.IGNORECASE)
	return pattern.sub(ERASED_TEXT, text)


def _scrub_changes(changes: list, fields: frozenset[str]) -> list:
	"""[[field, old, new], ...] with the identifying fields' values erased."""
	scrubbed = []
	for change in changes:
		if isinstance(change, list | tuple) and len(change) == 3 and change[0] in fields:
			field, old, new = change
			change = [
				field,
				None if old in (None, "") else ERASED_TEXT,
				None if new in (None, "") else ERASED_TEXT,
			]
		scrubbed.append(change)
	return scrubbed


def _scrub_row(row, fields: frozenset[str]):
	if not isinstance(row, dict):
		return row
	return {
		key: (ERASED_TEXT if key in fields and value not in (None, "") else value)
		for key, value in row.items()
	}


def _scrub_strings(value, values: list[str]):
	"""Every string inside `value` (lists and dicts walked) with her values replaced."""
	if isinstance(value, str):
		return scrub_text(value, values)
	if isinstance(value, list):
		return [_scrub_strings(item, values) for item in value]
	if isinstance(value, dict):
		return {key: _scrub_strings(item, values) for key, item in value.items()}
	return value


def scrub_version_data(data: dict, values: list[str], fields: frozenset[str] | None = None) -> dict:
	"""A Version's data (Frappe's diff: `changed`, `added`, `removed`, `row_changed`) as the
	history may still show it: which fields changed and when, and every non-identifying value;
	the identifying fields' values erased, and any of her values left in a text replaced."""
	fields = identifying_fieldnames() if fields is None else fields
	data = dict(data)
	if isinstance(data.get("changed"), list):
		data["changed"] = _scrub_changes(data["changed"], fields)
	for key in ("added", "removed"):
		if isinstance(data.get(key), list):
			data[key] = [
				[entry[0], _scrub_row(entry[1], fields)]
				if isinstance(entry, list) and len(entry) == 2
				else entry
				for entry in data[key]
			]
	if isinstance(data.get("row_changed"), list):
		data["row_changed"] = [
			[*entry[:3], _scrub_changes(entry[3], fields)]
			if isinstance(entry, list) and len(entry) == 4 and isinstance(entry[3], list)
			else entry
			for entry in data["row_changed"]
		]
	return _scrub_strings(data, values)


# Retention -----------------------------------------------------------------------------------

# A prospect in one of these statuses is (or was found to be) a patient: never erased by the rule.
PATIENT_STATUSES = ("Converted", "Already Patient")
DEFAULT_RETENTION_YEARS = 3


def retention_cutoff(today: date, years: int | None) -> datetime | None:
	"""The moment before which a last interaction makes a prospect due for anonymisation:
	`years` years before `today` (29 February gives 28 February); None when the rule is off."""
	if not years or years <= 0:
		return None
	year = today.year - years
	day = today.day
	if today.month == 2 and day == 29:
		day = 28
	return datetime(year, today.month, day)


@dataclass(frozen=True)
class ProspectState:
	"""What the retention rule reads of a prospect."""

	status: str
	patient: str | None
	last_interaction_on: datetime | None
	anonymised_on: datetime | None = None


def due_for_anonymisation(prospect: ProspectState, cutoff: datetime | None) -> bool:
	"""Lost or inactive (no interaction since the cutoff), never a patient, not yet anonymised.

	The job's query says the same in SQL (`personal_data.erasure.due_prospects`); this is the
	rule its tests and the README state.
	"""
	return bool(
		cutoff is not None
		and prospect.anonymised_on is None
		and not prospect.patient
		and prospect.status not in PATIENT_STATUSES
		and prospect.last_interaction_on is not None
		and prospect.last_interaction_on < cutoff
	)


# The erasure log -----------------------------------------------------------------------------

# Who asked (a choice, never a name: the log holds no personal data).
DATA_SUBJECT = "Data Subject"
LEGAL_REPRESENTATIVE = "Legal Representative"
SUPERVISORY_AUTHORITY = "Supervisory Authority"
RETENTION_RULE = "Retention Rule"
REQUESTERS = (DATA_SUBJECT, LEGAL_REPRESENTATIVE, SUPERVISORY_AUTHORITY)


def records_summary(records: dict[str, list[str]]) -> str:
	"""The log's list of records: one line per doctype, its count and its record names."""
	lines = []
	for doctype in sorted(records):
		names = sorted(set(records[doctype]))
		if names:
			lines.append(f"{doctype} ({len(names)}): {', '.join(names)}")
	return "\n".join(lines)
