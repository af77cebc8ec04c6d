"""rules.reports: month and week buckets, medians, shares, a task against its due day, a first answer."""

from __future__ import annotations

import unittest
from datetime import date, datetime

from nest_prospects.followup.rules.reports import (
	DAY,
	LATE,
	MONTH,
	NEVER,
	ON_TIME,
	PENDING,
	WEEK,
	first_answer,
	median,
	month_key,
	month_starts,
	next_month,
	period_start,
	period_starts,
	share,
	task_outcome,
)
from nest_prospects.followup.rules.working_time import WorkingCalendar, WorkingHoursTable


class TestReportRules(unittest.TestCase):
	def test_month_buckets(self):
		assert month_starts(date(2025, 11, 15), date(2026, 2, 3)) == [
			date(2025, 11, 1),
			date(2025, 12, 1),
			date(2026, 1, 1),
			date(2026, 2, 1),
		]
		assert month_starts(datetime(2026, 3, 31, 23, 0), date(2026, 3, 1)) == [date(2026, 3, 1)]
		assert month_starts(date(2026, 4, 1), date(2026, 3, 1)) == []
		assert next_month(date(2025, 12, 31)) == date(2026, 1, 1)
		assert month_key(datetime(2026, 3, 9, 10)) == "2026-03"

	def test_periods(self):
		wednesday = date(2026, 3, 11)
		assert period_start(wednesday, DAY) == wednesday
		assert period_start(wednesday, WEEK) == date(2026, 3, 9)  # Monday
		assert period_start(datetime(2026, 3, 15, 23, 59), WEEK) == date(2026, 3, 9)  # Sunday night
		assert period_start(wednesday, MONTH) == date(2026, 3, 1)
		assert period_starts(date(2026, 3, 11), date(2026, 3, 24), WEEK) == [
			date(2026, 3, 9),
			date(2026, 3, 16),
			date(2026, 3, 23),
		]
		assert len(period_starts(date(2026, 1, 1), date(2026, 12, 31), DAY)) == 365
		with self.assertRaises(ValueError):
			period_start(wednesday, "Quarter")

	def test_median_and_share(self):
		assert median([]) is None
		assert median([5, 23, 49, 336]) == 36
		assert median([10, 4]) == 7
		assert share(1, 3) == 33.3
		assert share(0, 0) == 0.0


NOW = datetime(2026, 3, 20, 12, 0)


class TestTaskOutcomeAndFirstAnswer(unittest.TestCase):
	def test_task_outcome(self):
		for due, status, closed, expected in [
			(date(2026, 3, 10), "Closed", datetime(2026, 3, 10, 23, 59), ON_TIME),  # the whole due day
			(date(2026, 3, 10), "Closed", datetime(2026, 3, 9, 8, 0), ON_TIME),  # early
			(date(2026, 3, 10), "Closed", datetime(2026, 3, 11, 0, 0), LATE),
			(date(2026, 3, 10), "Cancelled", None, NEVER),  # left the follow-up
			(date(2026, 3, 10), "Open", None, NEVER),  # past its day, still open
			(date(2026, 3, 20), "Open", None, PENDING),  # due today
			(date(2026, 3, 25), "Open", None, PENDING),
		]:
			with self.subTest(due=due, status=status, closed=closed, expected=expected):
				assert task_outcome(due, status, closed, NOW) == expected

	def test_first_answer_against_the_48_hours_and_the_15_days(self):
		calendar = WorkingCalendar()  # Monday to Friday, no holiday
		hours = WorkingHoursTable(calendar, date(2026, 3, 1), date(2026, 4, 30))
		thursday = datetime(2026, 3, 5, 10, 0)

		def judge(answered):
			return first_answer("Warm", thursday, answered, NOW, calendar, hours, 15, 48)

		monday_10 = datetime(2026, 3, 9, 10, 0)  # 48 working hours after Thursday 10:00
		assert judge(monday_10) == (True, True, True, 48.0)
		later = judge(datetime(2026, 3, 9, 11, 0))
		assert (later.within_ideal, later.within_rule, later.wait_hours) == (False, True, 49.0)
		assert judge(datetime(2026, 3, 21, 10, 0)).within_rule is False  # day 16
		assert judge(None) == (False, False, False, None)

	def test_first_answer_agrees_with_the_deadline_everywhere(self):
		"""The shortcut through the wait gives what the deadline gives, days off and closures included."""
		from datetime import timedelta

		from nest_prospects.followup.rules.tasks import answer_deadlines

		calendar = WorkingCalendar(closed_dates=frozenset({date(2026, 3, 16), date(2026, 3, 17)}))
		hours = WorkingHoursTable(calendar, date(2026, 2, 1), date(2026, 5, 31))
		first = datetime(2026, 3, 5, 10, 0)
		for step in range(0, 24 * 20 * 4):
			answered = first + timedelta(minutes=15 * step)
			ideal, latest = answer_deadlines(first, calendar, 15, 48)
			got = first_answer("Hot", first, answered, NOW, calendar, hours, 15, 48)
			assert got.within_ideal == (answered <= ideal), answered
			assert got.within_rule == (answered <= latest), answered
		# a closure longer than the 15 days: the ideal is the latest
		closed = WorkingCalendar(
			closed_dates=frozenset(date(2026, 3, 6) + timedelta(days=i) for i in range(20))
		)
		table = WorkingHoursTable(closed, date(2026, 2, 1), date(2026, 5, 31))
		late = first_answer("Hot", first, datetime(2026, 3, 21, 9), NOW, closed, table, 15, 48)
		assert late.wait_hours < 48 and late.within_ideal is False
