"""The conversion review: what became of a prospect four weeks after it was created.

The procedure checks the prospect against the patient system ("Eyone") by phone and/or date
of birth, then against the other prospects, then looks at its own appointments and
interactions. The first case that applies gives the outcome:

1. a patient record created on or after the prospect's creation day: converted;
2. a patient record created on an earlier day: already a patient, the prospect should not
   have existed;
3. another prospect of the same person created earlier: duplicate prospect;
4. this prospect alone, in the procedure's order:
   a. a past appointment not attended (No-show, or still Scheduled with its date gone by),
      none attended and none still to come: no-show ("Pas venu en RDV");
   b. a cancelled appointment, or a cancellation in the interactions: appointment cancelled;
   c. a scheduled appointment still to come: appointment upcoming;
   d. a request for a quote or prices, then a request about the programme, then any other
      interaction or an attended appointment: information (quote, programme, plain);
   e. nothing at all: empty.

So a prospect who cancelled and booked again is "RDV annulé", as the procedure's order says;
the review's detail names the appointment still to come. A past appointment still marked
Scheduled counts as missed unless a cancellation (appointment or interaction) explains it.

The detail is for people who read French or English: it comes as sentences, English templates
with their arguments (`Sentence`), which the Frappe layer translates; `ReviewResult.detail` is
the English text, for logs and tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from nest_prospects.constants import PATIENT, PROSPECT
from nest_prospects.people.rules.matching import NAMES_AND_BIRTH_DATE, PHONE, Person, match_reason

CONVERTED = "Converted"
ALREADY_PATIENT = "Already Patient"
DUPLICATE_PROSPECT = "Duplicate Prospect"
APPOINTMENT_UPCOMING = "Appointment Upcoming"
APPOINTMENT_CANCELLED = "Appointment Cancelled"
NO_SHOW = "No-show"
INFORMATION_QUOTE = "Information / Quote"
INFORMATION_PROGRAMME = "Information / Programme"
INFORMATION = "Information"
EMPTY = "Empty"
# In precedence order: review_outcome returns the first one that applies.
OUTCOMES = (
	CONVERTED,
	ALREADY_PATIENT,
	DUPLICATE_PROSPECT,
	NO_SHOW,
	APPOINTMENT_CANCELLED,
	APPOINTMENT_UPCOMING,
	INFORMATION_QUOTE,
	INFORMATION_PROGRAMME,
	INFORMATION,
	EMPTY,
)

SCHEDULED = "Scheduled"
ATTENDED = "Attended"
NO_SHOW_STATUS = "No-show"
CANCELLED = "Cancelled"
APPOINTMENT_STATUSES = (SCHEDULED, ATTENDED, NO_SHOW_STATUS, CANCELLED)

QUOTE = "Quote"
PRICES = "Prices"
PROGRAMME = "Programme"
APPOINTMENT_REQUEST = "Appointment"
RECALL = "Recall"
CANCELLATION = "Cancellation"
OTHER = "Other"
REQUEST_CATEGORIES = (QUOTE, PRICES, PROGRAMME, APPOINTMENT_REQUEST, RECALL, CANCELLATION, OTHER)
# Asking the prices is asking for an informal quote: both are the procedure's "Devis".
QUOTE_LIKE = frozenset({QUOTE, PRICES})

REVIEW_LAG_DAYS = 28

# The sentences of a review's detail: English templates, translated by the Frappe layer.
PATIENT_REGISTERED = "Patient {0} was registered on {1}, matched on {2}."
PATIENT_ALREADY_REGISTERED = "Patient {0} was already registered on {1}, matched on {2}."
EARLIER_PROSPECT = "Prospect {0} was created on {1}, matched on {2} ({3} earlier prospect(s) in all)."
APPOINTMENT_MISSED = "Appointment of {0} was missed."
APPOINTMENT_MISSED_STILL_SCHEDULED = "Appointment of {0} was missed (still marked Scheduled)."
APPOINTMENT_WAS_CANCELLED = "Appointment of {0} was cancelled."
CANCELLATION_IN_INTERACTIONS = "A cancellation is recorded in the interactions."
APPOINTMENT_SCHEDULED = "Appointment scheduled on {0}."
ATTENDED_WITHOUT_PATIENT = (
	"Appointment of {0} was attended but no matching patient record was found: check the patient system."
)
ASKED_FOR_QUOTE = "Asked for a quote or the prices."
ASKED_ABOUT_PROGRAMME = "Asked about the programme."
INTERACTIONS_RECORDED = "{0} interaction(s) recorded."
NOTHING_RECORDED = "Nothing is recorded for this prospect."
# How a sentence names the key that matched (a `Term`, translated too).
KEY_NAMES = {PHONE: "phone", NAMES_AND_BIRTH_DATE: "names and date of birth"}

# Every template and term, for the translation list of the Frappe layer.
MESSAGES: tuple[str, ...] = (
	PATIENT_REGISTERED,
	PATIENT_ALREADY_REGISTERED,
	EARLIER_PROSPECT,
	APPOINTMENT_MISSED,
	APPOINTMENT_MISSED_STILL_SCHEDULED,
	APPOINTMENT_WAS_CANCELLED,
	CANCELLATION_IN_INTERACTIONS,
	APPOINTMENT_SCHEDULED,
	ATTENDED_WITHOUT_PATIENT,
	ASKED_FOR_QUOTE,
	ASKED_ABOUT_PROGRAMME,
	INTERACTIONS_RECORDED,
	NOTHING_RECORDED,
	*KEY_NAMES.values(),
)


class Term(str):
	"""An argument of a sentence that is itself a word to translate (the key that matched)."""


@dataclass(frozen=True)
class Sentence:
	"""One sentence of a review's detail: an English template with `{0}` placeholders and its arguments.

	Arguments are record names and counts (shown as they are), `datetime`s (the caller formats
	them for the reader) and `Term`s (the caller translates them).
	"""

	template: str
	args: tuple = ()

	def english(self) -> str:
		return self.template.format(*(_stamp(a) if isinstance(a, datetime) else a for a in self.args))


def _pattern(template: str) -> re.Pattern:
	"""A regex reading an English sentence of `template` back: its arguments hold no full stop."""
	parts = re.split(r"\{(\d+)\}", template)
	return re.compile(
		"".join(f"(?P<a{part}>[^.]+?)" if i % 2 else re.escape(part) for i, part in enumerate(parts))
	)


_SENTENCE_TEMPLATES = sorted((m for m in MESSAGES if m not in KEY_NAMES.values()), key=len, reverse=True)
_PATTERNS = [(template, _pattern(template)) for template in _SENTENCE_TEMPLATES]
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _read_argument(text: str):
	if text in KEY_NAMES.values():
		return Term(text)
	if _STAMP.fullmatch(text):
		return datetime.strptime(text, "%Y-%m-%d %H:%M")
	if text.isdigit():
		return int(text)
	return text


def parse_detail(text: str | None) -> tuple[Sentence, ...] | None:
	"""The sentences of an English detail (`ReviewResult.detail`), None if it is not one.

	A review stores its detail as text; one written in English (a site whose language is
	English, or a review made before the detail was translated) can so be shown to each reader
	in her language. Text in another language, or typed by hand, gives None.
	"""
	text = (text or "").strip()
	sentences: list[Sentence] = []
	position = 0
	while position < len(text):
		for template, pattern in _PATTERNS:
			found = pattern.match(text, position)
			if found and (found.end() == len(text) or text[found.end()] == " "):
				count = len(pattern.groupindex)
				args = tuple(_read_argument(found.group(f"a{i}")) for i in range(count))
				sentences.append(Sentence(template, args))
				position = found.end() + 1
				break
		else:
			return None
	return tuple(sentences) or None


@dataclass(frozen=True)
class PersonRecord:
	"""A prospect or patient record as the review compares them."""

	name: str
	created_on: datetime
	phone: str | None = None
	match_key: str | None = None

	@property
	def person(self) -> Person:
		return Person(phone=self.phone, match_key=self.match_key)


class KnownPatient(PersonRecord):
	"""A patient record of the patient system that may be the prospect."""


class KnownProspect(PersonRecord):
	"""Another prospect record that may be the same person."""


class ReviewedProspect(PersonRecord):
	"""The prospect under review; `match_key` is matching.person_key of its names and birth date."""


@dataclass(frozen=True)
class Appointment:
	"""One of the prospect's appointments, with its stored (English) status."""

	scheduled_on: datetime
	status: str

	def __post_init__(self) -> None:
		if self.status not in APPOINTMENT_STATUSES:
			raise ValueError(f"unknown appointment status {self.status!r}")


@dataclass(frozen=True)
class ReviewResult:
	"""The outcome and the record that proves it, when a record does.

	`evidence_doctype` / `evidence_name` point at the patient or the earlier prospect;
	`matched_on` says which key matched (matching.PHONE or matching.NAMES_AND_BIRTH_DATE).
	`sentences` explain it to the reviewer; `detail` is their English text.
	"""

	outcome: str
	evidence_doctype: str | None = None
	evidence_name: str | None = None
	matched_on: str | None = None
	sentences: tuple[Sentence, ...] = field(default=(), compare=False)

	@property
	def detail(self) -> str:
		return " ".join(sentence.english() for sentence in self.sentences)


def review_due_on(created_on: date | datetime, lag_days: int = REVIEW_LAG_DAYS) -> date:
	"""The day the conversion review of a prospect created on `created_on` falls due."""
	if lag_days < 0:
		raise ValueError("the review cannot fall due before the prospect exists")
	day = created_on.date() if isinstance(created_on, datetime) else created_on
	return day + timedelta(days=lag_days)


def _key_name(reason: str) -> Term:
	return Term(KEY_NAMES.get(reason, reason))


def _stamp(value: datetime) -> str:
	return value.isoformat(sep=" ", timespec="minutes")


def _earliest(found: list[tuple], outcome: str, doctype: str, template: str, *more) -> ReviewResult:
	"""`outcome`, with the earliest of the matching records `found` ((record, reason) pairs; by
	creation, the name breaking a tie) as its evidence, told by `template`."""
	record, reason = min(found, key=lambda pair: (pair[0].created_on, pair[0].name))
	sentence = Sentence(template, (record.name, record.created_on, _key_name(reason), *more))
	return ReviewResult(outcome, doctype, record.name, reason, (sentence,))


def review_outcome(
	prospect: ReviewedProspect,
	patients: Iterable[KnownPatient],
	other_prospects: Iterable[KnownProspect],
	appointments: Iterable[Appointment],
	request_categories: Iterable[str],
	interaction_count: int,
	cancelled_in_interactions: bool,
	now: datetime,
) -> ReviewResult:
	"""The outcome of the conversion review of `prospect` at `now`.

	`patients` and `other_prospects` are candidates, found however the caller likes: only
	those matching the prospect on its phone or its names-and-birth-date key count.
	`request_categories` are the categories of the request types of its interactions.
	"""
	if interaction_count < 0:
		raise ValueError("interaction_count cannot be negative")
	person = prospect.person

	# 1 and 2. Compared by calendar day: the two systems have their own clocks, and a prospect
	# sheet is often typed after the contact, so a patient registered the same day is the
	# visit this contact led to, not a patient from before.
	created_day = prospect.created_on.date()
	converted: list[tuple[KnownPatient, str]] = []
	already: list[tuple[KnownPatient, str]] = []
	for patient in patients:
		reason = match_reason(person, patient.person)
		if reason is None:
			continue
		(converted if patient.created_on.date() >= created_day else already).append((patient, reason))

	if converted:
		# Several patients after the prospect (a shared family phone, a duplicate registration):
		# the first one is the registration this contact led to.
		return _earliest(converted, CONVERTED, PATIENT, PATIENT_REGISTERED)
	if already:
		# The first registration shows since when she has been a patient.
		return _earliest(already, ALREADY_PATIENT, PATIENT, PATIENT_ALREADY_REGISTERED)

	# 3. Only an earlier prospect makes this one a duplicate; a later one is the later one's
	# problem. Both are in the same system, so instants compare, and the name breaks a tie.
	own_rank = (prospect.created_on, prospect.name)
	earlier: list[tuple[KnownProspect, str]] = []
	for other in other_prospects:
		if other.name == prospect.name or (other.created_on, other.name) >= own_rank:
			continue
		reason = match_reason(person, other.person)
		if reason is not None:
			earlier.append((other, reason))
	if earlier:
		return _earliest(earlier, DUPLICATE_PROSPECT, PROSPECT, EARLIER_PROSPECT, len(earlier))

	# 4. The prospect alone.
	booked = list(appointments)
	categories = {category.strip() for category in request_categories if category and category.strip()}

	upcoming = [a for a in booked if a.status == SCHEDULED and a.scheduled_on >= now]
	upcoming_note: tuple[Sentence, ...] = ()
	if upcoming:
		first = min(upcoming, key=lambda a: a.scheduled_on)
		upcoming_note = (Sentence(APPOINTMENT_SCHEDULED, (first.scheduled_on,)),)

	# She came at least once: without a patient record that is a gap in the patient system,
	# not a conversion we can claim, nor a no-show or a cancellation.
	attended = [a for a in booked if a.status == ATTENDED]
	if not attended:
		cancelled = [a for a in booked if a.status == CANCELLED]
		cancellation_told = cancelled_in_interactions or CANCELLATION in categories
		# a. A past appointment nobody updated is no evidence she came (four weeks on, an
		# attended visit would have a patient record), unless a cancellation explains it.
		missed = [
			a
			for a in booked
			if a.status == NO_SHOW_STATUS
			or (a.status == SCHEDULED and a.scheduled_on < now and not (cancelled or cancellation_told))
		]
		if missed and not upcoming:
			last = max(missed, key=lambda a: a.scheduled_on)
			template = (
				APPOINTMENT_MISSED if last.status == NO_SHOW_STATUS else APPOINTMENT_MISSED_STILL_SCHEDULED
			)
			return ReviewResult(NO_SHOW, sentences=(Sentence(template, (last.scheduled_on,)),))
		# b.
		if cancelled:
			last = max(cancelled, key=lambda a: a.scheduled_on)
			return ReviewResult(
				APPOINTMENT_CANCELLED,
				sentences=(Sentence(APPOINTMENT_WAS_CANCELLED, (last.scheduled_on,)), *upcoming_note),
			)
		if cancellation_told:
			return ReviewResult(
				APPOINTMENT_CANCELLED,
				sentences=(Sentence(CANCELLATION_IN_INTERACTIONS), *upcoming_note),
			)

	# c.
	if upcoming:
		return ReviewResult(APPOINTMENT_UPCOMING, sentences=upcoming_note)

	attended_note: tuple[Sentence, ...] = ()
	if attended:
		last = max(attended, key=lambda a: a.scheduled_on)
		attended_note = (Sentence(ATTENDED_WITHOUT_PATIENT, (last.scheduled_on,)),)
	# A quote is the later step of the same conversation, so it wins over the programme.
	if categories & QUOTE_LIKE:
		return ReviewResult(INFORMATION_QUOTE, sentences=(Sentence(ASKED_FOR_QUOTE), *attended_note))
	if PROGRAMME in categories:
		return ReviewResult(
			INFORMATION_PROGRAMME, sentences=(Sentence(ASKED_ABOUT_PROGRAMME), *attended_note)
		)
	# "Vide" is "nothing in the prospect record": any interaction is a request for information.
	if interaction_count > 0 or categories or attended:
		return ReviewResult(
			INFORMATION, sentences=(Sentence(INTERACTIONS_RECORDED, (interaction_count,)), *attended_note)
		)
	return ReviewResult(EMPTY, sentences=(Sentence(NOTHING_RECORDED),))
