"""Typed tasks (seed 003): the action type of each task, a task planned by hand, and which tasks
one run of the hourly job writes when more are due than it may write."""

from __future__ import annotations

import unittest
from datetime import date, datetime, timedelta

from nest_prospects.followup.rules.tasks import (
	ACTION_TYPES,
	APPOINTMENT,
	CALL_TO_BOOK,
	CHASE_UP,
	DESCRIPTION_TOO_LONG,
	DOCUMENTATION_MAIL,
	MAX_DESCRIPTION_LENGTH,
	MESSAGES,
	NO_ACTION_TYPE,
	NO_ASSIGNEE,
	NO_DATE,
	PLANNED_TASK,
	QUALIFICATION_CALL,
	REQUALIFIED_CALL,
	SEVEN_DAY_RECALL,
	TASK_REASONS,
	TEMPLATE_MAIL,
	DueTask,
	MostOverdueFirst,
	TaskError,
	action_type_of,
	plan_task,
	task_key,
)

TODAY = date(2026, 3, 4)


def due(name: str, days_late: int, reason: str = CALL_TO_BOOK) -> DueTask:
	return DueTask(
		reason=reason,
		reference_type="NEST Prospect",
		reference_name=name,
		party_name=name,
		phone=None,
		assignee="agent@example.com",
		due_on=datetime(2026, 3, 4, 10) - timedelta(days=days_late),
	)


class TestActionTypes(unittest.TestCase):
	def test_the_seeds_eleven_action_types(self):
		self.assertEqual(len(ACTION_TYPES), 11)
		self.assertEqual(len(set(ACTION_TYPES)), 11)

	def test_each_automatic_reason_has_its_action_type(self):
		self.assertEqual(action_type_of(CALL_TO_BOOK), APPOINTMENT)
		self.assertEqual(action_type_of(REQUALIFIED_CALL), APPOINTMENT)
		self.assertEqual(action_type_of(QUALIFICATION_CALL), CHASE_UP)
		self.assertEqual(action_type_of(SEVEN_DAY_RECALL), CHASE_UP)
		self.assertEqual(action_type_of(DOCUMENTATION_MAIL), TEMPLATE_MAIL)
		for reason in TASK_REASONS:
			if reason != PLANNED_TASK:
				self.assertIn(action_type_of(reason), ACTION_TYPES, reason)

	def test_a_planned_task_has_the_agents_type_not_a_reasons(self):
		self.assertIsNone(action_type_of(PLANNED_TASK))

	def test_an_unknown_reason_is_refused(self):
		with self.assertRaises(ValueError):
			action_type_of("Coffee")

	def test_planned_tasks_keys_are_told_apart_by_their_occasion(self):
		self.assertNotEqual(
			task_key(PLANNED_TASK, "NEST Prospect", "P-1", "a"),
			task_key(PLANNED_TASK, "NEST Prospect", "P-1", "b"),
		)


class TestPlanTask(unittest.TestCase):
	def refused(self, **values) -> TaskError:
		arguments = {
			"action_type": "Proposal",
			"due_on": TODAY,
			"assignee": "agent@example.com",
			"description": "",
			"today": TODAY,
			**values,
		}
		with self.assertRaises(TaskError) as caught:
			plan_task(**arguments)
		return caught.exception

	def test_a_task_for_today_or_later_is_to_do(self):
		for day in (TODAY, TODAY + timedelta(days=3)):
			task = plan_task("Appointment", day, "agent@example.com", " Confirm the visit ", TODAY)
			self.assertFalse(task.done, day)
			self.assertEqual(task.description, "Confirm the visit")
			self.assertEqual(task.due_on, day)

	def test_a_task_dated_in_the_past_is_done_at_once(self):
		task = plan_task("Chase-up", TODAY - timedelta(days=1), "agent@example.com", None, TODAY)
		self.assertTrue(task.done)
		self.assertEqual(task.description, "")

	def test_a_datetime_counts_by_its_day(self):
		self.assertFalse(plan_task("Other", datetime(2026, 3, 4, 0, 1), "a@b.c", "", TODAY).done)

	def test_refusals_name_the_field(self):
		cases = (
			({"action_type": None}, "action_type", NO_ACTION_TYPE),
			({"action_type": "Relance"}, "action_type", NO_ACTION_TYPE),  # the French name is not stored
			({"due_on": None}, "date", NO_DATE),
			({"assignee": "  "}, "assigned_to", NO_ASSIGNEE),
			({"description": "x" * (MAX_DESCRIPTION_LENGTH + 1)}, "description", DESCRIPTION_TOO_LONG),
		)
		for values, field, template in cases:
			with self.subTest(values=str(values)[:40]):
				error = self.refused(**values)
				self.assertEqual((error.field, error.template), (field, template))
				self.assertIn(template, MESSAGES)

	def test_a_description_of_the_longest_length_is_kept(self):
		text = "x" * MAX_DESCRIPTION_LENGTH
		self.assertEqual(plan_task("Other", TODAY, "a@b.c", text, TODAY).description, text)


class TestMostOverdueFirst(unittest.TestCase):
	def test_keeps_the_most_overdue_up_to_the_limit(self):
		run = MostOverdueFirst(3)
		run.offer([due("P-1", 1), due("P-2", 5)])
		run.offer([due("P-3", 0), due("P-4", 9), due("P-5", 3)])
		self.assertEqual([task.reference_name for task in run.tasks()], ["P-4", "P-2", "P-5"])
		self.assertEqual(run.left_for_next_run, 2)

	def test_under_the_limit_everything_in_due_order(self):
		run = MostOverdueFirst(10)
		run.offer([due("P-1", 1), due("P-2", 2, SEVEN_DAY_RECALL)])
		self.assertEqual([task.reference_name for task in run.tasks()], ["P-2", "P-1"])
		self.assertEqual(run.left_for_next_run, 0)

	def test_the_same_due_time_is_ordered_by_key_whatever_the_order_offered(self):
		tasks = [due(f"P-{i}", 2) for i in range(6)]
		first, second = MostOverdueFirst(4), MostOverdueFirst(4)
		first.offer(tasks)
		second.offer(reversed(tasks))
		self.assertEqual([t.key for t in first.tasks()], [t.key for t in second.tasks()])

	def test_a_task_offered_twice_counts_once(self):
		run = MostOverdueFirst(5)
		run.offer([due("P-1", 1)])
		run.offer([due("P-1", 1)])
		self.assertEqual(len(run.tasks()), 1)

	def test_holds_at_most_twice_the_limit_whatever_is_offered(self):
		run = MostOverdueFirst(10)
		for page in range(50):
			run.offer(due(f"P-{page}-{i}", (page * 7 + i) % 40) for i in range(30))
			self.assertLessEqual(len(run._tasks), 20)
		chosen = run.tasks()
		self.assertEqual(len(chosen), 10)
		self.assertEqual(run.left_for_next_run, 1490)
		self.assertTrue(all(task.due_on == datetime(2026, 3, 4, 10) - timedelta(days=39) for task in chosen))

	def test_a_run_writes_at_least_one_task(self):
		with self.assertRaises(ValueError):
			MostOverdueFirst(0)


if __name__ == "__main__":
	unittest.main()
