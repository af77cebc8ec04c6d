"""WorkingHoursTable: the working-day hours of many instants, the calendar read once.

It must give exactly what `working_day_hours_between` gives, whatever the instants: inside
its days, across weekends, holidays and closures, on days off, and outside its days.
"""

from __future__ import annotations

import random
import unittest
from datetime import date, datetime, timedelta, timezone

from nest_prospects.followup.rules.working_time import (
	WorkingCalendar,
	WorkingHoursTable,
	build_calendar,
	working_day_hours_between,
)

SENEGAL = build_calendar(country="SN", years=range(2025, 2028), clinic_closures=[date(2026, 8, 10)])
SIX_DAYS = WorkingCalendar(working_days=range(6))


class TestWorkingHoursTable(unittest.TestCase):
	def test_same_hours_as_walking_the_calendar(self):
		for cal in [SENEGAL, SIX_DAYS, WorkingCalendar()]:
			with self.subTest(cal=cal):
				rng = random.Random(20261126)
				now = datetime(2026, 11, 26, 10, 17, 33, 250_000)
				table = WorkingHoursTable(cal, date(2026, 1, 1), now.date())
				for _ in range(2000):
					start = now - timedelta(
						seconds=rng.randrange(0, 330 * 86400), microseconds=rng.randrange(0, 10**6)
					)
					assert table.hours_between(start, now) == working_day_hours_between(start, now, cal)
					end = start + timedelta(hours=rng.randrange(0, 400), minutes=rng.randrange(0, 60))
					assert table.hours_between(start, end) == working_day_hours_between(start, end, cal)

	def test_thursday_to_monday_is_48_hours(self):
		table = WorkingHoursTable(WorkingCalendar(), date(2026, 3, 1), date(2026, 3, 31))
		assert table.hours_between(datetime(2026, 3, 5, 10), datetime(2026, 3, 9, 10)) == 48.0

	def test_days_off_count_nothing(self):
		table = WorkingHoursTable(WorkingCalendar(), date(2026, 3, 1), date(2026, 3, 31))
		# Saturday morning to Sunday evening.
		assert table.hours_between(datetime(2026, 3, 7, 9), datetime(2026, 3, 8, 20)) == 0.0
		# Friday 22:00 to Monday 02:00: the end of Friday and the start of Monday.
		assert table.hours_between(datetime(2026, 3, 6, 22), datetime(2026, 3, 9, 2)) == 4.0

	def test_public_holiday_and_closure_are_left_out(self):
		table = WorkingHoursTable(SENEGAL, date(2026, 8, 1), date(2026, 8, 31))
		# Monday 10 August 2026 is a clinic closure: Friday 10:00 to Tuesday 10:00 is one day.
		start, end = datetime(2026, 8, 7, 10), datetime(2026, 8, 11, 10)
		assert table.hours_between(start, end) == working_day_hours_between(start, end, SENEGAL) == 24.0

	def test_end_not_after_start_is_zero(self):
		table = WorkingHoursTable(WorkingCalendar(), date(2026, 3, 1), date(2026, 3, 31))
		moment = datetime(2026, 3, 4, 12)
		assert table.hours_between(moment, moment) == 0.0
		assert table.hours_between(moment, moment - timedelta(hours=5)) == 0.0

	def test_instants_outside_the_days_fall_back_to_the_walk(self):
		cal = WorkingCalendar()
		table = WorkingHoursTable(cal, date(2026, 3, 2), date(2026, 3, 6))
		start, end = datetime(2026, 2, 20, 8), datetime(2026, 3, 12, 18)
		assert not table.covers(start)
		assert table.hours_between(start, end) == working_day_hours_between(start, end, cal)

	def test_days_may_be_given_as_datetimes_and_in_any_order(self):
		table = WorkingHoursTable(WorkingCalendar(), datetime(2026, 3, 9, 15), datetime(2026, 3, 2, 8))
		assert table.first_day == table.last_day == date(2026, 3, 9)

	def test_aware_datetimes_are_refused(self):
		table = WorkingHoursTable(WorkingCalendar(), date(2026, 3, 1), date(2026, 3, 31))
		with self.assertRaises(ValueError):
			table.hours_between(datetime(2026, 3, 2, tzinfo=timezone.utc), datetime(2026, 3, 3))

	def test_one_pass_over_the_days(self):
		"""Built from the days alone: a year of days is a year of entries, whatever the instants."""
		table = WorkingHoursTable(WorkingCalendar(), date(2025, 11, 26), date(2026, 11, 26))
		assert len(table._before) == 366
