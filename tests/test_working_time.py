"""Working time: opening hours, weekends, holidays, closures.

Unless a test says otherwise the clinic works Monday to Friday, 08:00 to 18:00 (10 h a day).
Reference week: Monday 2026-03-02 to Friday 2026-03-06, then Monday 2026-03-09.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from nest_prospects.rules.working_time import (
	MAX_IDLE_DAYS,
	WorkingCalendar,
	add_working_hours,
	build_calendar,
	is_known_country,
	is_working_day,
	is_working_time,
	public_holidays,
	working_hours_between,
)

CAL = WorkingCalendar()
SN_CAL = build_calendar(country="SN", years=[2026, 2027])


# --- The calendar -----------------------------------------------------------------------------


def test_default_calendar_is_monday_to_friday_eight_to_six():
	assert CAL.working_days == frozenset({0, 1, 2, 3, 4})
	assert (CAL.opens_at, CAL.closes_at) == (time(8, 0), time(18, 0))
	assert CAL.hours_per_day == 10
	assert CAL.closed_dates == frozenset()


def test_calendar_accepts_plain_iterables_and_stays_hashable():
	cal = WorkingCalendar(working_days=[0, 1, 2, 3, 4, 5], closed_dates=[datetime(2026, 3, 10, 9, 30)])
	assert cal.working_days == frozenset(range(6))
	# A datetime given as a closure becomes its day, otherwise the day would never match.
	assert cal.closed_dates == frozenset({date(2026, 3, 10)})
	assert hash(cal) == hash(WorkingCalendar(working_days=range(6), closed_dates={date(2026, 3, 10)}))


@pytest.mark.parametrize(
	"kwargs, message",
	[
		({"opens_at": time(18, 0), "closes_at": time(8, 0)}, "open before it closes"),
		({"opens_at": time(9, 0), "closes_at": time(9, 0)}, "open before it closes"),
		({"working_days": []}, "at least one working day"),
		({"working_days": {0, 7}}, "weekday numbers"),
		({"opens_at": time(8, 0, tzinfo=timezone.utc)}, "without a time zone"),
	],
)
def test_invalid_calendar_is_refused(kwargs, message):
	with pytest.raises(ValueError, match=message):
		WorkingCalendar(**kwargs)


def test_is_working_time_includes_opening_and_excludes_closing():
	assert is_working_time(datetime(2026, 3, 2, 8, 0), CAL)  # Monday at opening
	assert is_working_time(datetime(2026, 3, 2, 17, 59, 59), CAL)
	assert not is_working_time(datetime(2026, 3, 2, 18, 0), CAL)  # closing time
	assert not is_working_time(datetime(2026, 3, 2, 7, 59), CAL)
	assert not is_working_time(datetime(2026, 3, 7, 10, 0), CAL)  # Saturday


def test_public_holiday_is_not_working_time():
	# Friday 2026-05-01, Labour Day in Senegal.
	assert is_working_time(datetime(2026, 5, 1, 10, 0), CAL)
	assert not is_working_time(datetime(2026, 5, 1, 10, 0), SN_CAL)
	assert not is_working_day(date(2026, 5, 1), SN_CAL)
	assert is_working_day(date(2026, 4, 30), SN_CAL)


def test_aware_datetimes_are_refused():
	with pytest.raises(ValueError, match="naive"):
		is_working_time(datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc), CAL)
	with pytest.raises(ValueError, match="naive"):
		add_working_hours(datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc), 1, CAL)


# --- Public holidays --------------------------------------------------------------------------


def test_senegal_public_holidays_2026():
	# English names: the library's default language for Senegal varies with its install.
	days = public_holidays("SN", [2026], language="en_US")
	assert "Independence" in days[date(2026, 4, 4)]
	assert "Labor" in days[date(2026, 5, 1)]
	assert "Christmas" in days[date(2026, 12, 25)]
	# The Grand Magal of Touba is a moon-based, estimated date.
	assert "Magal" in days[date(2026, 8, 1)]
	assert all(day.year == 2026 for day in days)
	assert list(days) == sorted(days)


def test_public_holidays_country_code_is_case_insensitive_and_years_deduplicated():
	assert public_holidays("sn", [2026, 2026]) == public_holidays("SN", [2026])


def test_public_holidays_in_french():
	assert public_holidays("SN", [2026], language="fr_SN")[date(2026, 4, 4)] == "Fête de l'Indépendance"


def test_public_holidays_without_years_is_empty_but_still_checks_the_country():
	assert public_holidays("SN", []) == {}
	with pytest.raises(ValueError, match="'XX'"):
		public_holidays("XX", [])


def test_unknown_country_raises_a_clear_error():
	with pytest.raises(ValueError, match=r"Unknown country code 'XX'.*'SN'"):
		public_holidays("XX", [2026])
	with pytest.raises(ValueError, match="Unknown country code"):
		build_calendar(country="Senegal", years=[2026])


@pytest.mark.parametrize(
	"code, known", [("SN", True), ("sn", True), ("FR", True), ("XX", False), ("", False), (None, False)]
)
def test_is_known_country(code, known):
	assert is_known_country(code) is known


def test_build_calendar_merges_public_holidays_and_clinic_closures():
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


def test_build_calendar_without_country_has_only_the_closures():
	cal = build_calendar(clinic_closures=[date(2026, 3, 10)])
	assert cal.closed_dates == frozenset({date(2026, 3, 10)})


# --- Adding working hours ---------------------------------------------------------------------


def test_within_one_day():
	assert add_working_hours(datetime(2026, 3, 2, 10, 15), 0.5, CAL) == datetime(2026, 3, 2, 10, 45)


def test_friday_late_afternoon_runs_over_the_weekend():
	# Friday 17:00-18:00 is 1 h, the second hour is Monday 08:00-09:00.
	assert add_working_hours(datetime(2026, 3, 6, 17, 0), 2, CAL) == datetime(2026, 3, 9, 9, 0)


def test_ending_exactly_at_closing_time_stays_that_day():
	# Friday 16:00 + 2 h is Friday 18:00, not Monday 08:00.
	assert add_working_hours(datetime(2026, 3, 6, 16, 0), 2, CAL) == datetime(2026, 3, 6, 18, 0)


def test_evening_start_counts_from_next_opening():
	# Tuesday 20:00: nothing counts until Wednesday 08:00.
	assert add_working_hours(datetime(2026, 3, 3, 20, 0), 1, CAL) == datetime(2026, 3, 4, 9, 0)


def test_start_before_opening_counts_from_opening():
	assert add_working_hours(datetime(2026, 3, 3, 6, 30), 1.5, CAL) == datetime(2026, 3, 3, 9, 30)


def test_weekend_start_counts_from_monday_opening():
	assert add_working_hours(datetime(2026, 3, 7, 11, 0), 3, CAL) == datetime(2026, 3, 9, 11, 0)


def test_precise_to_the_second():
	# 2 h 30 min 45 s from Monday 08:00.
	assert add_working_hours(datetime(2026, 3, 2, 8, 0), 9045 / 3600, CAL) == datetime(2026, 3, 2, 10, 30, 45)


def test_forty_eight_hours_are_four_point_eight_working_days():
	# Monday 08:00: Monday to Thursday give 40 h, Friday 08:00-16:00 the last 8 h.
	assert add_working_hours(datetime(2026, 3, 2, 8, 0), 48, CAL) == datetime(2026, 3, 6, 16, 0)


def test_forty_eight_hours_from_friday_afternoon():
	# Friday 17:00-18:00 1 h, Monday 9 to Thursday 12 March 40 h (41), Friday 13 March 08:00-15:00 7 h.
	assert add_working_hours(datetime(2026, 3, 6, 17, 0), 48, CAL) == datetime(2026, 3, 13, 15, 0)


def test_public_holiday_is_skipped():
	# Thursday 2026-04-30 17:00-18:00 1 h; Friday 1 May is Labour Day; Monday 4 May 08:00-09:00.
	start = datetime(2026, 4, 30, 17, 0)
	assert add_working_hours(start, 2, SN_CAL) == datetime(2026, 5, 4, 9, 0)
	# Without the holidays Friday counts.
	assert add_working_hours(start, 2, CAL) == datetime(2026, 5, 1, 9, 0)


def test_christmas_and_new_year_are_skipped_when_both_years_are_loaded():
	# Thursday 24 Dec 16:00-18:00 2 h; Friday 25 closed; Monday 28 to Thursday 31 40 h (42);
	# Friday 1 Jan 2027 closed; Monday 4 Jan 08:00-14:00 the last 6 h.
	start = datetime(2026, 12, 24, 16, 0)
	assert add_working_hours(start, 48, SN_CAL) == datetime(2027, 1, 4, 14, 0)
	# With only 2026 loaded, 1 January 2027 is taken as a working day.
	only_2026 = build_calendar(country="SN", years=[2026])
	assert add_working_hours(start, 48, only_2026) == datetime(2027, 1, 1, 14, 0)


def test_grand_magal_closes_a_saturday_when_the_clinic_works_saturdays():
	mon_to_sat = build_calendar(working_days=range(6), country="SN", years=[2026])
	# Friday 31 July 17:00-18:00 1 h; Saturday 1 August is the Grand Magal; Monday 3 August 08:00-09:00.
	assert add_working_hours(datetime(2026, 7, 31, 17, 0), 2, mon_to_sat) == datetime(2026, 8, 3, 9, 0)
	# A week later the Saturday is open: Friday 7 August 17:00 + 2 h is Saturday 8 August 09:00.
	assert add_working_hours(datetime(2026, 8, 7, 17, 0), 2, mon_to_sat) == datetime(2026, 8, 8, 9, 0)


def test_clinic_closure_is_skipped():
	cal = WorkingCalendar(closed_dates=frozenset({date(2026, 3, 10)}))
	# Monday 9 March 17:00-18:00 1 h; Tuesday 10 closed; Wednesday 11 08:00-09:00.
	assert add_working_hours(datetime(2026, 3, 9, 17, 0), 2, cal) == datetime(2026, 3, 11, 9, 0)


def test_other_opening_hours():
	cal = WorkingCalendar(opens_at=time(8, 30), closes_at=time(12, 30))
	# 4 h a day: Monday 10:00-12:30 2.5 h, Tuesday 08:30-10:00 the last 1.5 h.
	assert add_working_hours(datetime(2026, 3, 2, 10, 0), 4, cal) == datetime(2026, 3, 3, 10, 0)


def test_zero_hours_is_the_start_itself():
	saturday = datetime(2026, 3, 7, 11, 0)
	assert add_working_hours(saturday, 0, CAL) == saturday


def test_negative_hours_are_refused():
	with pytest.raises(ValueError, match="negative"):
		add_working_hours(datetime(2026, 3, 2, 10, 0), -1, CAL)


def test_large_values_terminate():
	# 10 000 h = 1 000 working days = 200 weeks: from Monday 08:00 it ends on the 200th Friday at 18:00.
	expected = datetime(2026, 3, 6, 18, 0) + timedelta(weeks=199)
	assert add_working_hours(datetime(2026, 3, 2, 8, 0), 10_000, CAL) == expected


def test_calendar_without_any_open_day_raises_instead_of_looping():
	# Mondays only, and every Monday of the next ten years closed.
	mondays = frozenset(date(2026, 3, 2) + timedelta(weeks=n) for n in range(MAX_IDLE_DAYS // 7 + 2))
	cal = WorkingCalendar(working_days=frozenset({0}), closed_dates=mondays)
	with pytest.raises(ValueError, match="no working day"):
		add_working_hours(datetime(2026, 3, 2, 8, 0), 1, cal)


# --- Working hours between two instants -------------------------------------------------------


def test_hours_between_over_a_weekend():
	assert working_hours_between(datetime(2026, 3, 6, 17, 0), datetime(2026, 3, 9, 9, 0), CAL) == 2.0


def test_hours_between_is_zero_when_end_is_not_after_start():
	start = datetime(2026, 3, 3, 10, 0)
	assert working_hours_between(start, start, CAL) == 0.0
	assert working_hours_between(start, start - timedelta(hours=5), CAL) == 0.0


def test_hours_between_outside_opening_hours_is_zero():
	# Saturday morning to Sunday evening.
	assert working_hours_between(datetime(2026, 3, 7, 9, 0), datetime(2026, 3, 8, 20, 0), CAL) == 0.0


def test_hours_between_a_working_week():
	assert working_hours_between(datetime(2026, 3, 2, 8, 0), datetime(2026, 3, 6, 16, 0), CAL) == 48.0


def test_hours_between_skips_holidays():
	# Thursday 30 April 17:00 to Monday 4 May 09:00: 1 h + Labour Day + 1 h.
	start, end = datetime(2026, 4, 30, 17, 0), datetime(2026, 5, 4, 9, 0)
	assert working_hours_between(start, end, SN_CAL) == 2.0
	assert working_hours_between(start, end, CAL) == 12.0  # Friday counted: 1 + 10 + 1


def test_hours_between_counts_seconds():
	assert working_hours_between(datetime(2026, 3, 2, 7, 0), datetime(2026, 3, 2, 8, 0, 36), CAL) == 0.01


@pytest.mark.parametrize("start", [datetime(2026, 3, 6, 17, 0), datetime(2026, 4, 30, 12, 17, 5)])
@pytest.mark.parametrize("hours", [0.25, 2, 10, 48, 123.5])
def test_adding_then_measuring_gives_back_the_hours(start, hours):
	end = add_working_hours(start, hours, SN_CAL)
	assert working_hours_between(start, end, SN_CAL) == pytest.approx(hours, abs=1e-9)
	# And it is the first such instant: one second earlier is short.
	assert working_hours_between(start, end - timedelta(seconds=1), SN_CAL) < hours
