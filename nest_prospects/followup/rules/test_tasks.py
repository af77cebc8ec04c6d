"""When follow-up tasks are due.

The clinic works Monday to Friday. "48 heures ouvrées" are hours of working days, 24 a working
day: two working days. Reference: a first contact on Monday 2026-03-02 at 10:00. Its 48 working
hours are Monday 10:00-24:00 (14 h), Tuesday (24 h, 38 in all) and Wednesday 00:00-10:00 (10 h):
they end on Wednesday 2026-03-04 at 10:00.
"""

from __future__ import annotations

import unittest
from datetime import date, datetime, timedelta

from nest_prospects.ageing.rules import COLD, HOT, WARM
from nest_prospects.followup.rules.tasks import (
	ANSWER_STATUSES,
	ANSWERED_IN_TIME,
	ANSWERED_LATE,
	CALL_TO_BOOK,
	DOCUMENTATION_MAIL,
	NOT_REQUIRED,
	OVERDUE,
	QUALIFICATION_CALL,
	REQUALIFIED_CALL,
	SEVEN_DAY_RECALL,
	TASK_REASONS,
	WAITING,
	answer_deadlines,
	answer_status,
	answer_wait,
	first_call,
	first_call_due_on,
	is_overdue,
	needs_documentation_mail,
	needs_recall,
	overdue_if_due_before,
	previous_day,
	recall_due_on,
	requalified_call,
)
from nest_prospects.followup.rules.working_time import (
	MAX_IDLE_DAYS,
	WorkingCalendar,
	build_calendar,
	working_day_hours_between,
)

CAL = WorkingCalendar()
SN_CAL = build_calendar(country="SN", years=[2026])

FIRST_CONTACT = datetime(2026, 3, 2, 10, 0)  # Monday
DUE = datetime(2026, 3, 4, 10, 0)  # Wednesday, 48 working hours later
AT_47_HOURS = datetime(2026, 3, 4, 9, 0)  # Wednesday, one hour before
AT_49_HOURS = datetime(2026, 3, 4, 11, 0)  # Wednesday, one hour after


class TestTaskDeadlines(unittest.TestCase):
	def test_task_reasons_are_the_stored_keys(self):
		assert TASK_REASONS == (
			"Call to book",
			"Qualification call",
			"Documentation mail",
			"Requalified call",
			"7-day recall",
			"Answer due",
			"Planned task",
		)
		assert SEVEN_DAY_RECALL == "7-day recall"
		assert REQUALIFIED_CALL == "Requalified call"

	# --- The call after 48 working hours ----------------------------------------------------------

	def test_first_call_due_on_is_48_working_hours_later(self):
		assert first_call_due_on(FIRST_CONTACT, CAL) == DUE

	def test_a_hot_prospect_of_thursday_morning_is_due_on_monday_morning(self):
		# Two working days, not 48 opening hours (which ended the next Wednesday or Thursday).
		thursday = datetime(2026, 3, 5, 10, 0)
		monday = datetime(2026, 3, 9, 10, 0)
		assert first_call_due_on(thursday, CAL) == monday
		assert first_call(HOT, thursday, None, monday - timedelta(seconds=1), CAL) is None
		assert first_call(HOT, thursday, None, monday, CAL) == CALL_TO_BOOK

	def test_reference_instants_are_47_and_49_working_hours(self):
		assert working_day_hours_between(FIRST_CONTACT, AT_47_HOURS, CAL) == 47.0
		assert working_day_hours_between(FIRST_CONTACT, AT_49_HOURS, CAL) == 49.0

	def test_hot_prospect_is_not_called_at_47_working_hours(self):
		assert first_call(HOT, FIRST_CONTACT, None, AT_47_HOURS, CAL) is None

	def test_hot_prospect_is_called_to_book_at_49_working_hours(self):
		assert first_call(HOT, FIRST_CONTACT, None, AT_49_HOURS, CAL) == CALL_TO_BOOK

	def test_hot_call_is_due_at_exactly_48_hours_and_during_the_weekend(self):
		assert first_call(HOT, FIRST_CONTACT, None, DUE, CAL) == CALL_TO_BOOK
		assert first_call(HOT, FIRST_CONTACT, None, DUE - timedelta(seconds=1), CAL) is None
		# Saturday noon: past the 48 working hours, the call is still due.
		assert first_call(HOT, FIRST_CONTACT, None, datetime(2026, 3, 7, 12, 0), CAL) == CALL_TO_BOOK

	def test_weekend_does_not_count_towards_the_48_hours(self):
		# 78 calendar hours, but only Friday 17:00-24:00 (7 h) and Monday 00:00-23:00 (23 h) of working days.
		friday = datetime(2026, 3, 6, 17, 0)
		assert first_call(HOT, friday, None, datetime(2026, 3, 9, 23, 0), CAL) is None
		# Due on Tuesday at 17:00: 7 h + 24 h + 17 h.
		assert first_call(HOT, friday, None, datetime(2026, 3, 10, 17, 0), CAL) == CALL_TO_BOOK

	def test_last_interaction_equal_to_first_contact_is_not_newer(self):
		assert first_call(HOT, FIRST_CONTACT, FIRST_CONTACT, AT_49_HOURS, CAL) == CALL_TO_BOOK

	def test_older_last_interaction_does_not_cancel_the_call(self):
		# An earlier exchange (e.g. the prospect was known before) is not news after the first contact.
		earlier = FIRST_CONTACT - timedelta(days=3)
		assert first_call(HOT, FIRST_CONTACT, earlier, AT_49_HOURS, CAL) == CALL_TO_BOOK

	def test_newer_interaction_cancels_the_hot_call(self):
		tuesday = datetime(2026, 3, 3, 11, 0)
		assert first_call(HOT, FIRST_CONTACT, tuesday, AT_49_HOURS, CAL) is None

	def test_warm_prospect_gets_a_qualification_call_at_the_same_moment(self):
		assert first_call(WARM, FIRST_CONTACT, None, AT_47_HOURS, CAL) is None
		assert first_call(WARM, FIRST_CONTACT, None, AT_49_HOURS, CAL) == QUALIFICATION_CALL

	def test_newer_interaction_cancels_the_warm_call(self):
		tuesday = datetime(2026, 3, 3, 11, 0)
		assert first_call(WARM, FIRST_CONTACT, tuesday, AT_49_HOURS, CAL) is None

	def test_cold_prospect_is_never_called(self):
		assert first_call(COLD, FIRST_CONTACT, None, AT_49_HOURS, CAL) is None
		assert first_call(COLD, FIRST_CONTACT, None, FIRST_CONTACT + timedelta(days=60), CAL) is None

	def test_first_call_with_other_hours(self):
		# 24 working hours from Monday 10:00: one working day, Tuesday 10:00.
		tuesday_10 = datetime(2026, 3, 3, 10, 0)
		assert first_call(HOT, FIRST_CONTACT, None, tuesday_10, CAL, hours=24) == CALL_TO_BOOK
		assert first_call(HOT, FIRST_CONTACT, None, tuesday_10 - timedelta(minutes=1), CAL, hours=24) is None

	def test_first_call_skips_public_holidays(self):
		# Thursday 30 April 15:00: Thursday 9 h, Friday 1 May closed (Labour Day), Monday 4 May 24 h (33),
		# Tuesday 5 May 00:00-15:00 the last 15 h.
		start = datetime(2026, 4, 30, 15, 0)
		assert first_call_due_on(start, SN_CAL) == datetime(2026, 5, 5, 15, 0)
		assert first_call(HOT, start, None, datetime(2026, 5, 5, 14, 0), SN_CAL) is None
		assert first_call(HOT, start, None, datetime(2026, 5, 5, 15, 0), SN_CAL) == CALL_TO_BOOK
		# Without the holidays Friday counts: due on Monday 4 May at 15:00.
		assert first_call_due_on(start, CAL) == datetime(2026, 5, 4, 15, 0)

	def test_unknown_temperature_is_refused(self):
		with self.assertRaisesRegex(ValueError, "unknown temperature 'Tiède'"):
			first_call("Tiède", FIRST_CONTACT, None, AT_49_HOURS, CAL)

	# --- Requalification --------------------------------------------------------------------------

	def test_requalified_as_hot_is_called_within_48_working_hours(self):
		# Requalified on Thursday 30 April 15:00, see test_first_call_skips_public_holidays.
		for previous in [WARM, COLD]:
			with self.subTest(previous=previous):
				requalified_on = datetime(2026, 4, 30, 15, 0)
				assert requalified_call(previous, HOT, requalified_on, SN_CAL) == datetime(2026, 5, 5, 15, 0)

	def test_requalified_on_thursday_morning_is_called_by_monday_morning(self):
		assert requalified_call(WARM, HOT, datetime(2026, 3, 5, 10, 0), CAL) == datetime(2026, 3, 9, 10, 0)

	def test_requalified_call_with_other_hours(self):
		# Friday 22:00 + 4 h: Friday 2 h, Monday 00:00-02:00.
		assert requalified_call(WARM, HOT, datetime(2026, 3, 6, 22, 0), CAL, hours=4) == datetime(
			2026, 3, 9, 2, 0
		)

	def test_other_changes_are_not_a_requalification(self):
		for previous, new in [(HOT, HOT), (None, HOT), (WARM, COLD), (HOT, WARM), (COLD, WARM), (WARM, WARM)]:
			with self.subTest(previous=previous, new=new):
				assert requalified_call(previous, new, datetime(2026, 3, 4, 16, 0), CAL) is None

	def test_documentation_mail_follows_a_qualification_call_of_a_prospect_still_warm(self):
		assert needs_documentation_mail(QUALIFICATION_CALL, WARM)
		assert not needs_documentation_mail(QUALIFICATION_CALL, HOT)
		assert not needs_documentation_mail(QUALIFICATION_CALL, COLD)
		assert not needs_documentation_mail(CALL_TO_BOOK, WARM)
		assert not needs_documentation_mail(DOCUMENTATION_MAIL, WARM)


# --- Answering the questions ------------------------------------------------------------------

LATEST = datetime(2026, 3, 17, 10, 0)  # 15 calendar days after the first contact


class TestAnswersRecallsAndReviews(unittest.TestCase):
	def test_answer_deadlines(self):
		assert answer_deadlines(FIRST_CONTACT, CAL) == (DUE, LATEST)

	def test_answer_deadlines_with_other_values(self):
		# 10 working hours from Monday 10:00 end Monday 20:00; 3 days later is Thursday 10:00.
		assert answer_deadlines(FIRST_CONTACT, CAL, days=3, ideal_hours=10) == (
			datetime(2026, 3, 2, 20, 0),
			datetime(2026, 3, 5, 10, 0),
		)

	def test_ideal_answer_deadline_of_a_thursday_question_is_monday(self):
		# "Idéalement dans les 48 heures ouvrées": two working days; the latest stays 15 calendar days.
		thursday = datetime(2026, 3, 5, 10, 0)
		assert answer_deadlines(thursday, CAL) == (datetime(2026, 3, 9, 10, 0), datetime(2026, 3, 20, 10, 0))

	def test_ideal_answer_deadline_is_never_after_the_latest(self):
		# The clinic closed for three weeks after the first contact.
		closed = frozenset(date(2026, 3, 3) + timedelta(days=n) for n in range(21))
		cal = WorkingCalendar(closed_dates=closed)
		assert answer_deadlines(FIRST_CONTACT, cal) == (LATEST, LATEST)

	def test_answer_wait_counts_working_hours(self):
		# Monday 10:00-24:00 14 h + Tuesday 00:00-12:00 12 h.
		assert answer_wait(FIRST_CONTACT, datetime(2026, 3, 3, 12, 0), CAL) == 26.0
		# Over the weekend: Monday 14 h + Tuesday to Friday 96 h, still 110 h on Sunday evening.
		assert answer_wait(FIRST_CONTACT, datetime(2026, 3, 7, 0, 0), CAL) == 110.0
		assert answer_wait(FIRST_CONTACT, datetime(2026, 3, 8, 21, 0), CAL) == 110.0

	def test_answer_status_of_hot_and_warm_prospects(self):
		for answered_on, now, status in [
			(datetime(2026, 3, 3, 9, 0), datetime(2026, 3, 3, 9, 0), ANSWERED_IN_TIME),
			# Day 10: past the 48-hour ideal, still within the 15-day rule.
			(datetime(2026, 3, 12, 9, 0), datetime(2026, 3, 20, 9, 0), ANSWERED_IN_TIME),
			(LATEST, LATEST, ANSWERED_IN_TIME),
			(LATEST + timedelta(minutes=1), datetime(2026, 3, 20, 9, 0), ANSWERED_LATE),
			(None, datetime(2026, 3, 9, 9, 0), WAITING),
			(None, LATEST, WAITING),
			(None, LATEST + timedelta(minutes=1), OVERDUE),
		]:
			with self.subTest(answered_on=answered_on, now=now, status=status):
				assert answer_status(HOT, FIRST_CONTACT, answered_on, now) == status
				assert answer_status(WARM, FIRST_CONTACT, answered_on, now) == status

	def test_answer_status_with_other_days(self):
		now = datetime(2026, 3, 5, 10, 1)  # 3 days and 1 minute after the first contact
		assert answer_status(HOT, FIRST_CONTACT, None, now, days=3) == OVERDUE
		assert answer_status(HOT, FIRST_CONTACT, None, now) == WAITING

	def test_answer_not_required_for_cold_prospects(self):
		assert answer_status(COLD, FIRST_CONTACT, None, LATEST + timedelta(days=30)) == NOT_REQUIRED
		assert NOT_REQUIRED in ANSWER_STATUSES

	# --- The 7-day recall -------------------------------------------------------------------------

	def test_recall_is_seven_calendar_days_after_the_interaction(self):
		assert recall_due_on(datetime(2026, 3, 2, 17, 45)) == date(2026, 3, 9)
		# Calendar days: a Friday interaction is recalled the next Friday, weekend or not.
		assert recall_due_on(date(2026, 3, 6)) == date(2026, 3, 13)
		# Across the end of February 2026 (28 days).
		assert recall_due_on(datetime(2026, 2, 26, 9, 0)) == date(2026, 3, 5)
		assert recall_due_on(date(2026, 3, 2), days=10) == date(2026, 3, 12)

	def test_needs_recall_when_any_request_type_triggers_it(self):
		assert needs_recall([False, True, False])
		assert not needs_recall([False, False])
		assert not needs_recall([])
		assert needs_recall(flag for flag in (False, True))

	# --- The daily review of yesterday's interactions ---------------------------------------------

	def test_previous_day_is_yesterday_midnight_to_today_midnight(self):
		tuesday = date(2026, 3, 3)
		assert previous_day(tuesday) == (datetime(2026, 3, 2), datetime(2026, 3, 3))
		assert previous_day(tuesday, CAL) == (datetime(2026, 3, 2), datetime(2026, 3, 3))

	def test_monday_review_without_calendar_is_just_sunday(self):
		assert previous_day(date(2026, 3, 9)) == (datetime(2026, 3, 8), datetime(2026, 3, 9))

	def test_monday_review_with_calendar_covers_friday_to_sunday(self):
		assert previous_day(date(2026, 3, 9), CAL) == (datetime(2026, 3, 6), datetime(2026, 3, 9))

	def test_review_after_a_holiday_monday_starts_on_friday(self):
		# Monday 6 April 2026 is Easter Monday (and Saturday 4 April Independence Day).
		assert previous_day(date(2026, 4, 7), SN_CAL) == (datetime(2026, 4, 3), datetime(2026, 4, 7))

	def test_previous_day_accepts_a_datetime(self):
		assert previous_day(datetime(2026, 3, 9, 7, 30), CAL) == (datetime(2026, 3, 6), datetime(2026, 3, 9))

	def test_previous_day_with_a_calendar_that_never_opens_raises(self):
		mondays = frozenset(date(2026, 3, 2) - timedelta(weeks=n) for n in range(MAX_IDLE_DAYS // 7 + 2))
		cal = WorkingCalendar(working_days=frozenset({0}), closed_dates=mondays)
		with self.assertRaisesRegex(ValueError, "no working day"):
			previous_day(date(2026, 3, 3), cal)

	# --- Overdue tasks ----------------------------------------------------------------------------

	def test_is_overdue(self):
		assert not is_overdue(DUE, DUE)
		assert is_overdue(DUE, DUE + timedelta(minutes=1))
		assert not is_overdue(DUE, DUE - timedelta(minutes=1))

	def test_the_reminders_day_boundary_is_the_overdue_rule_at_the_end_of_the_due_day(self):
		"""The reminder job selects `date < overdue_if_due_before(now)`: exactly the days whose end is past."""
		for now in [
			datetime(2026, 3, 10, 0, 0),
			datetime(2026, 3, 10, 7, 30),
			datetime(2026, 3, 10, 23, 59, 59),
		]:
			with self.subTest(now=now):
				for offset in range(-3, 3):
					day = now.date() + timedelta(days=offset)
					end_of_day = datetime.combine(day, datetime.max.time())
					assert (day < overdue_if_due_before(now)) == is_overdue(end_of_day, now), day
