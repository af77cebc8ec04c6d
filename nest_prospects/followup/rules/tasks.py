"""When each follow-up task of the procedure is due.

Every function is pure: the current instant is always passed in as `now` (or `today`), never
read from the clock, so the scheduled jobs, the reports and the tests agree. Datetimes are
naive, in the site's local time. The 48 hours are "heures ouvrées": hours of working days, 24
a working day, weekends, public holidays and closures left out (`add_working_day_hours`), so
48 hours are two working days. The 15-day and 7-day delays are calendar days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from nest_prospects.ageing.rules import COLD, HOT, TEMPERATURES, WARM
from nest_prospects.followup.rules.working_time import (
	MAX_IDLE_DAYS,
	WorkingCalendar,
	add_working_day_hours,
	is_working_day,
	working_day_hours_between,
)
from nest_prospects.rules import FieldError, templates

# Task reasons: stored in the database, never translate or rename them.
CALL_TO_BOOK = "Call to book"
QUALIFICATION_CALL = "Qualification call"
DOCUMENTATION_MAIL = "Documentation mail"
REQUALIFIED_CALL = "Requalified call"
SEVEN_DAY_RECALL = "7-day recall"
ANSWER_DUE = "Answer due"
# A task an agent plans by hand from the prospect's form (seed 003, "Suivi").
PLANNED_TASK = "Planned task"
TASK_REASONS = (
	CALL_TO_BOOK,
	QUALIFICATION_CALL,
	DOCUMENTATION_MAIL,
	REQUALIFIED_CALL,
	SEVEN_DAY_RECALL,
	ANSWER_DUE,
	PLANNED_TASK,
)

# Action types (seed 003's "Type d'action"): stored in English, shown in French
# (1er contact, Demande, Demande devis, Mail type, Messagerie, Proposition, Relance, Rendez-vous,
# Répondre aux questions, Échec, Autre).
FIRST_CONTACT = "First contact"
REQUEST = "Request"
QUOTE_REQUEST = "Quote request"
TEMPLATE_MAIL = "Template mail"
MESSAGING = "Messaging"
PROPOSAL = "Proposal"
CHASE_UP = "Chase-up"
APPOINTMENT = "Appointment"
ANSWER_QUESTIONS = "Answer questions"
FAILURE = "Failure"
OTHER = "Other"
ACTION_TYPES = (
	FIRST_CONTACT,
	REQUEST,
	QUOTE_REQUEST,
	TEMPLATE_MAIL,
	MESSAGING,
	PROPOSAL,
	CHASE_UP,
	APPOINTMENT,
	ANSWER_QUESTIONS,
	FAILURE,
	OTHER,
)
# The action type of each automatic task: the call to book and the requalified call book an
# appointment, the qualification call and the 7-day recall chase the prospect up, the
# documentation mail is a template mail, the answer due answers her questions.
REASON_ACTION_TYPES = {
	CALL_TO_BOOK: APPOINTMENT,
	QUALIFICATION_CALL: CHASE_UP,
	DOCUMENTATION_MAIL: TEMPLATE_MAIL,
	REQUALIFIED_CALL: APPOINTMENT,
	SEVEN_DAY_RECALL: CHASE_UP,
	ANSWER_DUE: ANSWER_QUESTIONS,
}
MAX_DESCRIPTION_LENGTH = 2000

# Refusals of a planned task: English templates translated by the Frappe layer; the first
# argument is the field's label.
NO_ACTION_TYPE = "Field {0}: choose one of the action types."
NO_DATE = "Field {0}: give the date of the task."
NO_ASSIGNEE = "Field {0}: choose who does the task."
DESCRIPTION_TOO_LONG = "Field {0}: the description is longer than {1} characters."
# Said by the site side (followup.planned), kept here with the others.
NOT_AN_AGENT = "Field {0}: {1} is not an enabled secretary or manager."
RECORDED_DONE = "Field {0}: this task was recorded done when it was planned; it cannot be changed, only deleted by a manager."
AUTOMATIC_TASK = "An automatic follow-up task is never deleted: close or cancel its ToDo."
MESSAGES = templates(globals(), "NO_ACTION_TYPE", "AUTOMATIC_TASK")

# Answer statuses.
ANSWERED_IN_TIME = "Answered in time"
ANSWERED_LATE = "Answered late"
WAITING = "Waiting"
OVERDUE = "Overdue"
NOT_REQUIRED = "Not required"
ANSWER_STATUSES = (ANSWERED_IN_TIME, ANSWERED_LATE, WAITING, OVERDUE, NOT_REQUIRED)

# The calls, and the calls owed after a first contact.
CALL_REASONS = (CALL_TO_BOOK, QUALIFICATION_CALL, REQUALIFIED_CALL)
FIRST_CALL_REASONS = (CALL_TO_BOOK, QUALIFICATION_CALL)
# Contacts in which the secretary spoke with the person: they do the call a task asks for.
SPOKEN_CHANNELS = ("Inbound Call", "Outbound Call", "Visit")
# The request category of the "RAPPEL 7 JOURS": it does the 7-day recall.
RECALL_CATEGORY = "Recall"

FIRST_CALL_HOURS = 48
ANSWER_DAYS = 15
RECALL_DAYS = 7

_FIRST_CALL_REASON = {HOT: CALL_TO_BOOK, WARM: QUALIFICATION_CALL, COLD: None}


def _check_temperature(temperature: str) -> None:
	if temperature not in TEMPERATURES:
		raise ValueError(f"unknown temperature {temperature!r}: expected one of {', '.join(TEMPERATURES)}")


def first_call_due_on(
	first_contact_on: datetime, cal: WorkingCalendar, hours: float = FIRST_CALL_HOURS
) -> datetime:
	"""The instant `hours` hours of working days after the first contact.

	Monday to Friday, a first contact on Thursday at 10:00 is due on Monday at 10:00.
	"""
	return add_working_day_hours(first_contact_on, hours, cal)


def first_call(
	temperature: str,
	first_contact_on: datetime,
	last_interaction_on: datetime | None,
	now: datetime,
	cal: WorkingCalendar,
	hours: float = FIRST_CALL_HOURS,
) -> str | None:
	"""The reason of the call due at `now` after the first contact ("au bout de 48h"), or None.

	Hot: call to book once `hours` hours of working days have passed with no newer interaction.
	Warm: qualification call, on the same terms: a newer interaction means someone has
	already spoken with the prospect and could qualify them then. Cold: never called.

	`last_interaction_on` is the latest interaction that counts as news from the prospect.
	Whether the clinic's own answer to the first question counts is the caller's choice;
	if it did, every answered prospect would lose its call.
	"""
	_check_temperature(temperature)
	reason = _FIRST_CALL_REASON[temperature]
	if reason is None:
		return None
	if last_interaction_on is not None and last_interaction_on > first_contact_on:
		return None
	# Same as working_day_hours_between(first_contact_on, now) >= hours, without float rounding.
	if now < first_call_due_on(first_contact_on, cal, hours):
		return None
	return reason


def requalified_call(
	previous_temperature: str | None,
	new_temperature: str,
	requalified_on: datetime,
	cal: WorkingCalendar,
	hours: float = FIRST_CALL_HOURS,
) -> datetime | None:
	"""The deadline of the call owed to a prospect requalified as hot, or None.

	Only a move from warm or cold to hot is a requalification: a new prospect (no previous
	temperature) gets its first call instead. The task is created at once with this due date,
	`hours` hours of working days after the requalification, like the first call.
	"""
	if not is_requalification(previous_temperature, new_temperature):
		return None
	return add_working_day_hours(requalified_on, hours, cal)


def is_requalification(previous_temperature: str | None, new_temperature: str) -> bool:
	"""Whether a temperature change owes a call: from warm or cold to hot."""
	return new_temperature == HOT and previous_temperature in (WARM, COLD)


def needs_documentation_mail(done_call_reason: str, temperature_after_call: str) -> bool:
	"""Whether a documentation mail follows a done call ("nous leur envoyons ensuite ...").

	Only after the qualification call, and only if the prospect is still warm: a prospect
	requalified as hot gets a requalified call instead, a cold one nothing.
	"""
	return done_call_reason == QUALIFICATION_CALL and temperature_after_call == WARM


def answer_deadlines(
	first_contact_on: datetime,
	cal: WorkingCalendar,
	days: int = ANSWER_DAYS,
	ideal_hours: float = FIRST_CALL_HOURS,
) -> tuple[datetime, datetime]:
	"""(ideal, latest) instants by which the questions must be answered, both inclusive.

	The latest is `days` calendar days after the first contact, to the minute; the ideal is
	`ideal_hours` hours of working days after it ("idéalement dans les 48 heures ouvrées"),
	never later than the latest (a long closure).
	"""
	latest = first_contact_on + timedelta(days=days)
	ideal = min(add_working_day_hours(first_contact_on, ideal_hours, cal), latest)
	return ideal, latest


def answer_wait(first_contact_on: datetime, now: datetime, cal: WorkingCalendar) -> float:
	"""Hours of working days waited since the first contact.

	Pass the answer's instant as `now` once answered. Show it with `format_duration_fr`
	("2 j 3 h"): its days are working days.
	"""
	return working_day_hours_between(first_contact_on, now, cal)


def answer_status(
	temperature: str,
	first_contact_on: datetime,
	answered_on: datetime | None,
	now: datetime,
	days: int = ANSWER_DAYS,
) -> str:
	"""Where the answer to a hot or warm prospect's questions stands against the 15-day rule.

	The status judges the rule ("dans les 15 jours"), not the 48-hour ideal: an answer on day 5
	is in time. Measure the ideal with `answer_wait` or the first value of `answer_deadlines`.
	"""
	_check_temperature(temperature)
	if temperature == COLD:
		return NOT_REQUIRED
	latest = first_contact_on + timedelta(days=days)
	if answered_on is not None:
		return ANSWERED_IN_TIME if answered_on <= latest else ANSWERED_LATE
	return OVERDUE if now > latest else WAITING


def recall_due_on(interaction_on: date | datetime, days: int = RECALL_DAYS) -> date:
	"""The day of the 7-day recall: calendar days, as the procedure says "il y a une semaine"."""
	day = interaction_on.date() if isinstance(interaction_on, datetime) else interaction_on
	return day + timedelta(days=days)


def needs_recall(request_type_flags: Iterable[bool]) -> bool:
	"""Whether any request type of an interaction (quote, prices, programme) triggers the recall."""
	return any(request_type_flags)


def previous_day(today: date, cal: WorkingCalendar | None = None) -> tuple[datetime, datetime]:
	"""The [start, end) window of the daily review of yesterday's interactions.

	Without a calendar: yesterday 00:00 to today 00:00. With one, the window starts at the
	previous working day's midnight, so that nothing falls between two reviews: on Monday it
	covers Friday, Saturday and Sunday; after a holiday Monday, Tuesday's covers Friday to Monday.
	The review is meant to run on working days; on a day off the window still ends today.
	"""
	if isinstance(today, datetime):
		today = today.date()
	end = datetime.combine(today, time.min)
	start_day = today - timedelta(days=1)
	if cal is not None:
		while not is_working_day(start_day, cal):
			start_day -= timedelta(days=1)
			if (today - start_day).days > MAX_IDLE_DAYS:
				raise ValueError(
					f"the calendar has no working day in the {MAX_IDLE_DAYS} days before {today}"
				)
	return datetime.combine(start_day, time.min), end


def is_overdue(due_on: datetime, now: datetime) -> bool:
	"""Whether a task due at `due_on` is late at `now`: due exactly now is not yet late."""
	return now > due_on


def overdue_if_due_before(now: datetime) -> date:
	"""The first due day whose tasks are not late at `now`: a ToDo is due on a day, until its
	end, so the tasks due on an earlier day are the late ones (is_overdue at the day's end)."""
	return now.date()


def task_key(reason: str, reference_type: str, reference_name: str, occasion: str | None = None) -> str:
	"""The identity of a task: one task per reason, record and occasion, however often a job runs.

	The occasion tells apart two tasks of the same reason for the same record: the interaction
	to recall, the requalification. The first call and its documentation mail have none.
	"""
	if reason not in TASK_REASONS:
		raise ValueError(f"unknown task reason {reason!r}")
	parts = [reason, reference_type, reference_name]
	if occasion:
		parts.append(occasion)
	return "|".join(parts)


def choose_script(
	scripts: Iterable[dict],
	reason: str,
	temperature: str | None,
	request_types: Iterable[str] = (),
) -> dict | None:
	"""The callback script for a task: the most specific one whose conditions all match.

	Each script is a dict with optional `task_reason`, `temperature` and `request_type`
	(empty means "any") and a `title`. A script matching on more conditions wins; on a tie,
	a request type beats a reason, which beats a temperature; then the title decides, so the
	choice never depends on the order the database returns them in.
	"""
	wanted_types = set(request_types)
	best, best_rank = None, None
	for script in scripts:
		conditions = (
			(script.get("request_type"), lambda value: value in wanted_types),
			(script.get("task_reason"), lambda value: value == reason),
			(script.get("temperature"), lambda value: value == temperature),
		)
		if not all(matches(value) for value, matches in conditions if value):
			continue
		rank = (
			-sum(1 for value, _matches in conditions if value),
			tuple(0 if value else 1 for value, _matches in conditions),
			script.get("title") or "",
		)
		if best_rank is None or rank < best_rank:
			best, best_rank = script, rank
	return best


def closed_days(ranges: Iterable[tuple[date, date | None]]) -> set[date]:
	"""Every day of the clinic's closures, each given as (from, to) with `to` empty for one day."""
	days: set[date] = set()
	for start, end in ranges:
		end = end or start
		if end < start:
			raise ValueError(f"a closure cannot end ({end}) before it starts ({start})")
		if (end - start).days > MAX_IDLE_DAYS:
			raise ValueError(
				f"a closure of more than {MAX_IDLE_DAYS} days is a typing error ({start} to {end})"
			)
		day = start
		while day <= end:
			days.add(day)
			day += timedelta(days=1)
	return days


def action_type_of(reason: str) -> str | None:
	"""The action type of an automatic task's reason; None for a planned task (the agent's choice)."""
	if reason not in TASK_REASONS:
		raise ValueError(f"unknown task reason {reason!r}")
	return REASON_ACTION_TYPES.get(reason)


class TaskError(FieldError):
	"""A refused planned task: the field at fault, an English template and its arguments."""


@dataclass(frozen=True)
class PlannedTask:
	"""A task an agent plans: checked, and whether it is recorded done at once."""

	action_type: str
	due_on: date
	assignee: str
	description: str
	done: bool


def plan_task(
	action_type: str | None, due_on: date | None, assignee: str | None, description: str | None, today: date
) -> PlannedTask:
	"""Check a task planned by hand; raise TaskError naming the field at fault.

	A date already past (before `today`) records the task done at once ("si la date est dépassée,
	la tâche se qualifie directement en Effectué"); today or later, it is to do.
	"""
	if action_type not in ACTION_TYPES:
		raise TaskError("action_type", NO_ACTION_TYPE)
	if due_on is None:
		raise TaskError("date", NO_DATE)
	if isinstance(due_on, datetime):
		due_on = due_on.date()
	if not (assignee or "").strip():
		raise TaskError("assigned_to", NO_ASSIGNEE)
	description = (description or "").strip()
	if len(description) > MAX_DESCRIPTION_LENGTH:
		raise TaskError("description", DESCRIPTION_TOO_LONG, MAX_DESCRIPTION_LENGTH)
	return PlannedTask(action_type, due_on, assignee.strip(), description, done=due_on < today)


class MostOverdueFirst:
	"""The tasks one run writes: at most `limit`, the most overdue first (the earliest due, then
	the key); the others wait for the next run, which finds them again.

	Offered page by page, it holds at most twice `limit` tasks, whatever the number offered.
	"""

	def __init__(self, limit: int) -> None:
		if limit < 1:
			raise ValueError("a run writes at least one task")
		self.limit = limit
		self.offered = 0
		self._tasks: dict[str, DueTask] = {}

	def offer(self, tasks: Iterable[DueTask]) -> None:
		for task in tasks:
			if task.key not in self._tasks:
				self.offered += 1
				self._tasks[task.key] = task
		if len(self._tasks) > 2 * self.limit:
			self._trim()

	def _trim(self) -> None:
		kept = sorted(self._tasks.values(), key=lambda task: (task.due_on, task.key))[: self.limit]
		self._tasks = {task.key: task for task in kept}

	def tasks(self) -> list[DueTask]:
		"""The chosen tasks, the most overdue first."""
		self._trim()
		return list(self._tasks.values())

	@property
	def left_for_next_run(self) -> int:
		return max(self.offered - self.limit, 0)


@dataclass
class DueTask:
	reason: str
	reference_type: str
	reference_name: str
	party_name: str | None
	phone: str | None
	assignee: str | None
	due_on: datetime
	occasion: str | None = None
	interaction: str | None = None
	temperature: str | None = None
	request_types: list[str] = field(default_factory=list)

	@property
	def key(self) -> str:
		return task_key(self.reason, self.reference_type, self.reference_name, self.occasion)
