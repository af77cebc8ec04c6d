"""The arithmetic of the managers' reports: month buckets, medians, on-time windows, answer times.

Pure: no Frappe. The reports count in SQL what SQL can count; what needs a rule of the
procedure (48 working hours, 15 days, a task due on a day) is judged here, with the rules of
`followup` and `working_time`, never restated.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import NamedTuple

from nest_prospects.followup.rules.tasks import (
	ANSWERED_IN_TIME,
	CALL_TO_BOOK,
	QUALIFICATION_CALL,
	REQUALIFIED_CALL,
	SEVEN_DAY_RECALL,
	answer_deadlines,
	answer_status,
	is_overdue,
)
from nest_prospects.followup.rules.working_time import WorkingCalendar, WorkingHoursTable

# Task outcomes against their due day.
ON_TIME = "On time"
LATE = "Late"
NEVER = "Never"
PENDING = "Pending"
TASK_OUTCOMES = (ON_TIME, LATE, NEVER, PENDING)

# The tasks the response-time report follows, by family.
FIRST_CALLS = (CALL_TO_BOOK, QUALIFICATION_CALL, REQUALIFIED_CALL)
RECALLS = (SEVEN_DAY_RECALL,)

# Periods of the activity report.
DAY = "Day"
WEEK = "Week"
MONTH = "Month"
PERIODS = (DAY, WEEK, MONTH)


def _day(value: date | datetime) -> date:
	return value.date() if isinstance(value, datetime) else value


def month_start(value: date | datetime) -> date:
	return _day(value).replace(day=1)


def next_month(value: date | datetime) -> date:
	first = month_start(value)
	return (
		first.replace(year=first.year + 1, month=1)
		if first.month == 12
		else first.replace(month=first.month + 1)
	)


def month_starts(from_date: date | datetime, to_date: date | datetime) -> list[date]:
	"""The first days of the months from `from_date`'s to `to_date`'s, both included."""
	months, month, last = [], month_start(from_date), month_start(to_date)
	while month <= last:
		months.append(month)
		month = next_month(month)
	return months


def month_key(value: date | datetime) -> str:
	"""A month bucket: '2026-03'."""
	return _day(value).strftime("%Y-%m")


def period_start(value: date | datetime, period: str) -> date:
	"""The first day of the day, week (Monday) or month `value` falls in."""
	day = _day(value)
	if period == DAY:
		return day
	if period == WEEK:
		return date.fromordinal(day.toordinal() - day.weekday())
	if period == MONTH:
		return day.replace(day=1)
	raise ValueError(f"unknown period {period!r}")


def period_starts(from_date: date | datetime, to_date: date | datetime, period: str) -> list[date]:
	"""Every period start from `from_date`'s period to `to_date`'s, in order."""
	starts, current, last = [], period_start(from_date, period), period_start(to_date, period)
	while current <= last:
		starts.append(current)
		if period == MONTH:
			current = next_month(current)
		else:
			current = date.fromordinal(current.toordinal() + (7 if period == WEEK else 1))
	return starts


def median(values: Iterable[float]) -> float | None:
	"""The median, None for no value."""
	values = list(values)
	return statistics.median(values) if values else None


def share(count: int, total: int) -> float:
	"""Percentage with one decimal; 0 for an empty group (as the conversion report's rates)."""
	return round(100.0 * count / total, 1) if total else 0.0


def end_of(day: date) -> datetime:
	return datetime.combine(day, time.max)


def task_outcome(due_day: date, status: str, closed_on: datetime | None, now: datetime) -> str:
	"""Where a follow-up task stands against its due day.

	A task due on a day is done on time until that day's end (as the overdue reminder judges
	it, `is_overdue`); closed later it is late; cancelled (the prospect left the follow-up) or
	still open past its day, it was never done; open and not yet late, it is pending.
	"""
	deadline = end_of(_day(due_day))
	if status == "Closed" and closed_on is not None:
		return LATE if is_overdue(deadline, closed_on) else ON_TIME
	if status == "Cancelled" or is_overdue(deadline, now):
		return NEVER
	return PENDING


class Answer(NamedTuple):
	"""How the clinic answered one prospect's first question."""

	answered: bool
	within_ideal: bool  # within the 48 working hours
	within_rule: bool  # within the 15 days
	wait_hours: float | None  # working hours to the answer, None when unanswered


def first_answer(
	temperature: str,
	first_contact_on: datetime,
	answered_on: datetime | None,
	now: datetime,
	cal: WorkingCalendar,
	hours: WorkingHoursTable,
	days: int,
	ideal_hours: float,
) -> Answer:
	"""The answer to a hot or warm prospect's first question, judged by the procedure's rules.

	Within the ideal means answered by `answer_deadlines`' first instant. The wait in working
	hours says it without computing that instant for every row: the working hours elapsed grow
	with time and reach `ideal_hours` at that instant, so a shorter wait was in time and a longer
	one late; only a wait of exactly `ideal_hours` (an answer on a day off just after the
	deadline) asks the deadline itself. Within the rule is `answer_status`.
	"""
	if answered_on is None:
		return Answer(False, False, False, None)
	status = answer_status(temperature, first_contact_on, answered_on, now, days)
	wait = hours.hours_between(first_contact_on, answered_on)
	if wait < ideal_hours:
		# still before the latest instant too, unless a closure made 15 days shorter than 48 hours
		within_ideal = status == ANSWERED_IN_TIME
	elif wait > ideal_hours:
		within_ideal = False
	else:
		within_ideal = answered_on <= answer_deadlines(first_contact_on, cal, days, ideal_hours)[0]
	return Answer(True, within_ideal, status == ANSWERED_IN_TIME, wait)
