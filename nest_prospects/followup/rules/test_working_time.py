"""Working time: working days, weekends, holidays, closures, and the durations people read.

"48 heures ouvrées" are 48 hours counted on working days only: every hour of a working day
counts (24 a day), none of a weekend, public holiday or closure; 48 hours are two working days.
Unless a test says otherwise the clinic works Monday to Friday.
Reference week: Monday 2026-03-02 to Friday 2026-03-06, then Monday 2026-03-09.
"""

from __future__ import annotations

import math
import unittest
from datetime import date, datetime, time, timedelta, timezone

from nest_prospects.followup.rules.working_time import (
	MAX_IDLE_DAYS,
	WorkingCalendar,
	add_working_day_hours,
	build_calendar,
	format_duration_fr,
	is_known_country,
	is_working_day,
	public_holidays,
	working_day_hours_between,
)

CAL = WorkingCalendar()
SN_CAL = build_calendar(country="SN", years=[2026, 2027])

THURSDAY = datetime(2026, 3, 5, 10, 0)
FRIDAY = datetime(2026, 3, 6, 15, 0)
MONDAY_9 = date(2026, 3, 9)


# --- The calendar -----------------------------------------------------------------------------


class TestWorkingTime(unittest.TestCase):
	def test_default_calendar_is_monday_to_friday(self):
		assert CAL.working_days == frozenset({0, 1, 2, 3, 4})
		assert (CAL.opens_at, CAL.closes_at) == (time(8, 0), time(18, 0))
		assert CAL.closed_dates == frozenset()

	def test_calendar_accepts_plain_iterables_and_stays_hashable(self):
		cal = WorkingCalendar(working_days=[0, 1, 2, 3, 4, 5], closed_dates=[datetime(2026, 3, 10, 9, 30)])
		assert cal.working_days == frozenset(range(6))
		# A datetime given as a closure becomes its day, otherwise the day would never match.
		assert cal.closed_dates == frozenset({date(2026, 3, 10)})
		assert hash(cal) == hash(WorkingCalendar(working_days=range(6), closed_dates={date(2026, 3, 10)}))

	def test_invalid_calendar_is_refused(self):
		for kwargs, message in [
			({"opens_at": time(18, 0), "closes_at": time(8, 0)}, "open before it closes"),
			({"opens_at": time(9, 0), "closes_at": time(9, 0)}, "open before it closes"),
			({"working_days": []}, "at least one working day"),
			({"working_days": {0, 7}}, "weekday numbers"),
			({"opens_at": time(8, 0, tzinfo=timezone.utc)}, "without a time zone"),
		]:
			with self.subTest(kwargs=kwargs, message=message):
				with self.assertRaisesRegex(ValueError, message):
					WorkingCalendar(**kwargs)

	def test_weekends_and_public_holidays_are_not_working_days(self):
		assert is_working_day(date(2026, 3, 6), CAL)  # Friday
		assert not is_working_day(date(2026, 3, 7), CAL)  # Saturday
		assert is_working_day(datetime(2026, 3, 9, 23, 30), CAL)  # a datetime: its day
		# Friday 2026-05-01, Labour Day in Senegal.
		assert is_working_day(date(2026, 5, 1), CAL)
		assert not is_working_day(date(2026, 5, 1), SN_CAL)
		assert is_working_day(date(2026, 4, 30), SN_CAL)

	def test_aware_datetimes_are_refused(self):
		aware = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
		with self.assertRaisesRegex(ValueError, "naive"):
			add_working_day_hours(aware, 1, CAL)
		with self.assertRaisesRegex(ValueError, "naive"):
			working_day_hours_between(datetime(2026, 3, 2, 9, 0), aware, CAL)

	# --- Public holidays --------------------------------------------------------------------------

	def test_senegal_public_holidays_2026(self):
		# English names: the library's default language for Senegal varies with its install.
		days = public_holidays("SN", [2026], language="en_US")
		assert "Independence" in days[date(2026, 4, 4)]
		assert "Labor" in days[date(2026, 5, 1)]
		assert "Christmas" in days[date(2026, 12, 25)]
		# The Grand Magal of Touba is a moon-based, estimated date.
		assert "Magal" in days[date(2026, 8, 1)]
		assert all(day.year == 2026 for day in days)
		assert list(days) == sorted(days)

	def test_public_holidays_country_code_is_case_insensitive_and_years_deduplicated(self):
		assert public_holidays("sn", [2026, 2026]) == public_holidays("SN", [2026])

	def test_public_holidays_in_french(self):
		assert public_holidays("SN", [2026], language="fr_SN")[date(2026, 4, 4)] == "Fête de l'Indépendance"

	def test_public_holidays_without_years_is_empty_but_still_checks_the_country(self):
		assert public_holidays("SN", []) == {}
		with self.assertRaisesRegex(ValueError, "'XX'"):
			public_holidays("XX", [])

	def test_unknown_country_raises_a_clear_error(self):
		with self.assertRaisesRegex(ValueError, r"Unknown country code 'XX'.*'SN'"):
			public_holidays("XX", [2026])
		with self.assertRaisesRegex(ValueError, "Unknown country code"):
			build_calendar(country="Senegal", years=[2026])

	def test_is_known_country(self):
		for code, known in [
			("SN", True),
			("sn", True),
			("FR", True),
			("XX", False),
			("", False),
			(None, False),
		]:
			with self.subTest(code=code, known=known):
				assert is_known_country(code) is known

	def test_build_calendar_merges_public_holidays_and_clinic_closures(self):
		cal = build_calendar(
			working_days=range(6),
			opens_at=time(8, 30),
			closes_at=time(17, 0),
			country="SN",
			years=[2026],
			clinic_closures=[date(2026, 3, 10)],
		)
		assert cal.working_days == frozenset(range(6))
		assert (cal.opens_at, cal.closes_at) == (time(8, 30), time(17, 0))
		assert date(2026, 3, 10) in cal.closed_dates
		assert date(2026, 5, 1) in cal.closed_dates
		assert date(2027, 1, 1) not in cal.closed_dates  # 2027 was not asked for

	def test_build_calendar_without_country_has_only_the_closures(self):
		cal = build_calendar(clinic_closures=[date(2026, 3, 10)])
		assert cal.closed_dates == frozenset({date(2026, 3, 10)})

	# --- Adding hours of working days ------------------------------------------------------------

	def test_thursday_morning_plus_48_hours_is_monday_morning(self):
		# Thursday 10:00-24:00 14 h, Friday 24 h (38), Monday 00:00-10:00 the last 10 h.
		assert add_working_day_hours(THURSDAY, 48, CAL) == datetime(2026, 3, 9, 10, 0)

	def test_friday_afternoon_plus_48_hours_is_tuesday_afternoon(self):
		# Friday 15:00-24:00 9 h, Monday 24 h (33), Tuesday 00:00-15:00 the last 15 h.
		assert add_working_day_hours(FRIDAY, 48, CAL) == datetime(2026, 3, 10, 15, 0)

	def test_a_holiday_on_the_monday_pushes_to_wednesday(self):
		holiday_monday = WorkingCalendar(closed_dates={MONDAY_9})
		assert add_working_day_hours(FRIDAY, 48, holiday_monday) == datetime(2026, 3, 11, 15, 0)
		# From Thursday, the Monday off moves Monday 10:00 to Tuesday 10:00.
		assert add_working_day_hours(THURSDAY, 48, holiday_monday) == datetime(2026, 3, 10, 10, 0)

	def test_easter_monday_in_senegal_pushes_to_wednesday(self):
		# Friday 3 April 2026 15:00; Saturday 4 April is Independence Day, Monday 6 April Easter Monday.
		assert add_working_day_hours(datetime(2026, 4, 3, 15, 0), 48, SN_CAL) == datetime(2026, 4, 8, 15, 0)
		assert add_working_day_hours(datetime(2026, 4, 3, 15, 0), 48, CAL) == datetime(2026, 4, 7, 15, 0)

	def test_within_one_day(self):
		assert add_working_day_hours(datetime(2026, 3, 2, 10, 15), 0.5, CAL) == datetime(2026, 3, 2, 10, 45)

	def test_the_evening_and_the_night_of_a_working_day_count(self):
		# Opening hours do not matter: Tuesday 20:00 + 1 h is Tuesday 21:00, + 6 h Wednesday 02:00.
		assert add_working_day_hours(datetime(2026, 3, 3, 20, 0), 1, CAL) == datetime(2026, 3, 3, 21, 0)
		assert add_working_day_hours(datetime(2026, 3, 3, 20, 0), 6, CAL) == datetime(2026, 3, 4, 2, 0)

	def test_opening_hours_do_not_change_the_count(self):
		short_days = WorkingCalendar(opens_at=time(8, 30), closes_at=time(12, 30))
		assert add_working_day_hours(THURSDAY, 48, short_days) == add_working_day_hours(THURSDAY, 48, CAL)

	def test_ending_with_a_working_day_gives_the_midnight_after_it(self):
		# Friday 22:00 + 2 h is the end of Friday: Saturday 00:00, not Monday 00:00.
		assert add_working_day_hours(datetime(2026, 3, 6, 22, 0), 2, CAL) == datetime(2026, 3, 7, 0, 0)
		# One hour more runs over the weekend.
		assert add_working_day_hours(datetime(2026, 3, 6, 22, 0), 3, CAL) == datetime(2026, 3, 9, 1, 0)

	def test_a_saturday_start_counts_from_monday_midnight(self):
		saturday = datetime(2026, 3, 7, 11, 0)
		assert add_working_day_hours(saturday, 3, CAL) == datetime(2026, 3, 9, 3, 0)
		# 48 h: all of Monday and Tuesday, so the end of Tuesday.
		assert add_working_day_hours(saturday, 48, CAL) == datetime(2026, 3, 11, 0, 0)
		assert working_day_hours_between(saturday, datetime(2026, 3, 9, 10, 0), CAL) == 10.0

	def test_a_start_on_a_closed_day_counts_from_the_next_working_day(self):
		cal = WorkingCalendar(closed_dates={date(2026, 3, 10)})
		assert add_working_day_hours(datetime(2026, 3, 10, 9, 0), 5, cal) == datetime(2026, 3, 11, 5, 0)

	def test_precise_to_the_second(self):
		# 2 h 30 min 45 s from Monday 08:00.
		assert add_working_day_hours(datetime(2026, 3, 2, 8, 0), 9045 / 3600, CAL) == datetime(
			2026, 3, 2, 10, 30, 45
		)

	def test_new_year_is_skipped_when_both_years_are_loaded(self):
		# Thursday 31 Dec 2026 16:00-24:00 8 h; Friday 1 Jan 2027 closed; Monday 4 Jan 24 h (32);
		# Tuesday 5 Jan 00:00-16:00 the last 16 h.
		start = datetime(2026, 12, 31, 16, 0)
		assert add_working_day_hours(start, 48, SN_CAL) == datetime(2027, 1, 5, 16, 0)
		# With only 2026 loaded, 1 January 2027 is taken as a working day.
		only_2026 = build_calendar(country="SN", years=[2026])
		assert add_working_day_hours(start, 48, only_2026) == datetime(2027, 1, 4, 16, 0)

	def test_grand_magal_closes_a_saturday_when_the_clinic_works_saturdays(self):
		mon_to_sat = build_calendar(working_days=range(6), country="SN", years=[2026])
		# Friday 31 July 22:00-24:00 2 h; Saturday 1 August is the Grand Magal; Monday 3 August 00:00-02:00.
		assert add_working_day_hours(datetime(2026, 7, 31, 22, 0), 4, mon_to_sat) == datetime(
			2026, 8, 3, 2, 0
		)
		# A week later the Saturday is open: Friday 7 August 22:00 + 4 h is Saturday 8 August 02:00.
		assert add_working_day_hours(datetime(2026, 8, 7, 22, 0), 4, mon_to_sat) == datetime(2026, 8, 8, 2, 0)

	def test_clinic_closure_is_skipped(self):
		cal = WorkingCalendar(closed_dates=frozenset({date(2026, 3, 10)}))
		# Monday 9 March 17:00-24:00 7 h; Tuesday 10 closed; Wednesday 11 00:00-17:00 the last 17 h.
		assert add_working_day_hours(datetime(2026, 3, 9, 17, 0), 24, cal) == datetime(2026, 3, 11, 17, 0)
		assert add_working_day_hours(datetime(2026, 3, 9, 17, 0), 24, CAL) == datetime(2026, 3, 10, 17, 0)

	def test_a_closure_of_several_days_is_skipped(self):
		# The clinic closed from Friday 6 to Tuesday 10 March: Thursday 10:00 + 48 h is Thursday 12 March 10:00.
		cal = WorkingCalendar(closed_dates={date(2026, 3, 6), MONDAY_9, date(2026, 3, 10)})
		assert add_working_day_hours(THURSDAY, 48, cal) == datetime(2026, 3, 12, 10, 0)

	def test_zero_hours_is_the_start_itself(self):
		saturday = datetime(2026, 3, 7, 11, 0)
		assert add_working_day_hours(saturday, 0, CAL) == saturday
		assert add_working_day_hours(THURSDAY, 0, CAL) == THURSDAY
		assert working_day_hours_between(saturday, saturday, CAL) == 0.0

	def test_negative_hours_are_refused(self):
		with self.assertRaisesRegex(ValueError, "negative"):
			add_working_day_hours(datetime(2026, 3, 2, 10, 0), -1, CAL)

	def test_large_values_terminate(self):
		# 10 000 h = 416 working days and 16 h: 83 weeks of 5 days, one Monday, then Tuesday until 16:00.
		expected = datetime(2026, 3, 3, 16, 0) + timedelta(weeks=83)
		assert add_working_day_hours(datetime(2026, 3, 2, 0, 0), 10_000, CAL) == expected

	def test_calendar_without_any_open_day_raises_instead_of_looping(self):
		# Mondays only, and every Monday of the next ten years closed.
		mondays = frozenset(date(2026, 3, 2) + timedelta(weeks=n) for n in range(MAX_IDLE_DAYS // 7 + 2))
		cal = WorkingCalendar(working_days=frozenset({0}), closed_dates=mondays)
		with self.assertRaisesRegex(ValueError, "no working day"):
			add_working_day_hours(datetime(2026, 3, 2, 8, 0), 1, cal)

	# --- Hours of working days between two instants -----------------------------------------------

	def test_hours_between_over_a_weekend(self):
		# Friday 22:00-24:00 and Monday 00:00-02:00.
		assert working_day_hours_between(datetime(2026, 3, 6, 22, 0), datetime(2026, 3, 9, 2, 0), CAL) == 4.0

	def test_hours_between_thursday_and_monday_are_48(self):
		assert working_day_hours_between(THURSDAY, datetime(2026, 3, 9, 10, 0), CAL) == 48.0

	def test_hours_between_is_zero_when_end_is_not_after_start(self):
		start = datetime(2026, 3, 3, 10, 0)
		assert working_day_hours_between(start, start, CAL) == 0.0
		assert working_day_hours_between(start, start - timedelta(hours=5), CAL) == 0.0

	def test_hours_between_on_a_weekend_is_zero(self):
		# Saturday morning to Sunday evening.
		assert working_day_hours_between(datetime(2026, 3, 7, 9, 0), datetime(2026, 3, 8, 20, 0), CAL) == 0.0

	def test_hours_between_a_working_week(self):
		assert working_day_hours_between(datetime(2026, 3, 2, 0, 0), datetime(2026, 3, 9, 0, 0), CAL) == 120.0

	def test_hours_between_skips_holidays(self):
		# Thursday 30 April 22:00 to Monday 4 May 02:00: 2 h + Labour Day + 2 h.
		start, end = datetime(2026, 4, 30, 22, 0), datetime(2026, 5, 4, 2, 0)
		assert working_day_hours_between(start, end, SN_CAL) == 4.0
		assert working_day_hours_between(start, end, CAL) == 28.0  # Friday counted: 2 + 24 + 2

	def test_hours_between_counts_seconds(self):
		assert (
			working_day_hours_between(datetime(2026, 3, 7, 12, 0), datetime(2026, 3, 9, 0, 0, 36), CAL)
			== 0.01
		)

	def test_adding_then_measuring_gives_back_the_hours(self):
		for hours in [0.25, 2, 10, 24, 48, 123.5]:
			for start in [
				FRIDAY,
				datetime(2026, 4, 30, 12, 17, 5),
				datetime(2026, 3, 7, 11, 0),
				datetime(2026, 12, 31, 16, 0),
			]:
				with self.subTest(start=start, hours=hours):
					end = add_working_day_hours(start, hours, SN_CAL)
					assert working_day_hours_between(start, end, SN_CAL) == hours
					# And it is the first such instant: one second earlier is short.
					assert working_day_hours_between(start, end - timedelta(seconds=1), SN_CAL) < hours

	# --- Durations as people read them ------------------------------------------------------------

	def test_format_duration_fr(self):
		for hours, text in [
			(51, "2 j 3 h"),
			(5, "5 h"),
			(0.75, "45 min"),
			(0, "0 min"),
			(48, "2 j"),
			(24, "1 j"),
			(5.5, "5 h 30 min"),
			(1, "1 h"),
			(1 / 60, "1 min"),
			# Cut down like a clock, never rounded up to the next unit.
			(30 / 3600, "0 min"),
			(23 + 59 / 60, "23 h 59 min"),
			(47.99, "1 j 23 h"),
			# Minutes are left out once there are days.
			(51.9, "2 j 3 h"),
			(24 + 0.5, "1 j"),
			(521.6, "21 j 17 h"),
			# Float noise does not lose a minute: 0.1 + 0.2 h are 18 minutes.
			(0.1 + 0.2, "18 min"),
		]:
			with self.subTest(hours=hours, text=text):
				assert format_duration_fr(hours) == text

	def test_format_duration_fr_days_are_working_days(self):
		# Thursday 10:00 to Monday 10:00: four calendar days, two working days.
		assert (
			format_duration_fr(working_day_hours_between(THURSDAY, datetime(2026, 3, 9, 10, 0), CAL)) == "2 j"
		)

	def test_format_duration_fr_refuses_what_is_not_a_duration(self):
		for hours in [-1, -0.01, math.nan, math.inf]:
			with self.subTest(hours=hours):
				with self.assertRaisesRegex(ValueError, "non-negative"):
					format_duration_fr(hours)
