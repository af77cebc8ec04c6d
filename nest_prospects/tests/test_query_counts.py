"""The hourly and daily follow-up jobs: what their number of queries grows with.

Timings belong to the benchmark (nest_prospects.benchmarks); what a test can hold is the shape:
a job that runs one query per rule, not one per prospect, whatever the number of prospects
(up to jobs.sql.IN_LIST_LIMIT names in one IN list; past it, one more query per list of that
many). The hourly job then inserts each new ToDo as a document (Frappe's assignment machinery),
which costs the same queries for every task: its count is the rules' plus a constant per task.
The ageing and conversion-review jobs have the same test beside their own.
"""

from __future__ import annotations

from datetime import timedelta

import frappe

from nest_prospects.benchmarks.data import count_queries
from nest_prospects.followup.due_tasks import create_due_tasks
from nest_prospects.followup.reminders import send_overdue_reminders
from nest_prospects.followup.rules.working_time import add_working_day_hours
from nest_prospects.followup.test_due_tasks import FollowupTestCase
from nest_prospects.tests.factories import AGENT, ensure_outgoing_email_account, make_prospect


def quote_interaction(prospect: str, on) -> None:
	frappe.get_doc(
		{
			"doctype": "NEST Interaction",
			"party_type": "NEST Prospect",
			"party": prospect,
			"channel": "Inbound Call",
			"interaction_on": on,
			"request_types": [{"request_type": "DEVIS"}],
		}
	).insert()


class TestFollowupQueryCounts(FollowupTestCase):
	def due_prospects(self, count: int, first):
		"""`count` hot prospects with no news since `first`, each also asking for a quote that day."""
		for _ in range(count):
			prospect = make_prospect(temperature="Hot", first_contact_on=first, responsible_user=AGENT)
			quote_interaction(prospect.name, first)

	def moments(self):
		"""A first contact, and a `now` at which both its call (48 working hours) and its 7-day recall
		are due, late, and within the catch-up days."""
		first = self.first_contact(days_ago=20)
		now = first + timedelta(days=9)
		self.assertLess(add_working_day_hours(first, 49, self.calendar()), now)
		return first, now

	def queries_of(self, job) -> tuple[int, object]:
		with count_queries() as queries:
			result = job()
		return len(queries), result

	def test_creating_tasks_costs_the_rules_queries_and_the_same_queries_per_task(self):
		first, now = self.moments()
		create_due_tasks(now=now)  # what other tests left due
		self.due_prospects(1, first)
		create_due_tasks(now=now)  # a first run with tasks warms the caches (doctypes, users)
		counts = {}
		for prospects in (2, 4, 8):
			self.due_prospects(prospects, first)
			counts[prospects], created = self.queries_of(lambda: create_due_tasks(now=now))
			self.assertEqual(sum(created.values()), 2 * prospects)  # a call and a recall each
		# As many more queries from 4 to 8 prospects as twice from 2 to 4: a constant per task,
		# over the rules' queries, which do not grow with the number of prospects.
		per_task = (counts[4] - counts[2]) / 4
		self.assertEqual(counts[8] - counts[4], 8 * per_task, counts)
		self.assertLessEqual(per_task, 20, counts)
		# Nothing due: the rules' queries only.
		nothing, created = self.queries_of(lambda: create_due_tasks(now=now))
		self.assertEqual(created, {})
		self.assertLessEqual(nothing, counts[2] - 4 * per_task)

	def test_each_task_costs_its_todo_its_comment_and_the_records_assign_not_a_reload(self):
		"""Frappe's machinery per task (the ToDo, the "Assigned" comment, `_assign` read and
		written), without reading the whole prospect again for each of its tasks."""
		first, now = self.moments()
		create_due_tasks(now=now)  # what other tests left due
		self.due_prospects(3, first)
		with count_queries() as queries:
			created = create_due_tasks(now=now)
		tasks = sum(created.values())
		self.assertEqual(tasks, 2 * 3)

		def statements(start: str) -> int:
			return sum(1 for query, _values in queries if " ".join(str(query).split()).startswith(start))

		self.assertEqual(statements("INSERT INTO `tabToDo`"), tasks)
		self.assertEqual(statements("INSERT INTO `tabComment`"), tasks)
		self.assertEqual(statements("UPDATE `tabNEST Prospect` SET `_assign`"), tasks)
		# The prospect's row and child tables, as frappe.get_doc loads them: never during the run.
		self.assertEqual(statements("SELECT * FROM `tabNEST Prospect` WHERE `name`"), 0)
		self.assertEqual(statements("SELECT * FROM `tabNEST Interaction Request Type` WHERE `parent`"), 0)
		# What the link check would have fetched is there: who assigned the task.
		todo = frappe.get_all(
			"ToDo",
			filters={"name": ("in", frappe.get_all("NEST Follow-up Task", pluck="todo"))},
			fields=["assigned_by", "assigned_by_full_name"],
			order_by="creation desc",
			limit=1,
		)[0]
		self.assertEqual(
			todo.assigned_by_full_name, frappe.db.get_value("User", todo.assigned_by, "full_name")
		)

	def test_reminders_cost_the_same_queries_for_two_or_eight_overdue_tasks(self):
		ensure_outgoing_email_account()
		first, now = self.moments()
		create_due_tasks(now=now)
		send_overdue_reminders(now=now)  # what other tests left overdue
		self.due_prospects(1, first)
		create_due_tasks(now=now)
		send_overdue_reminders(now=now)  # a first run with mails warms the caches
		self.due_prospects(2, first)
		create_due_tasks(now=now)
		few, reminded_few = self.queries_of(lambda: send_overdue_reminders(now=now))
		self.due_prospects(8, first)
		create_due_tasks(now=now)
		many, reminded_many = self.queries_of(lambda: send_overdue_reminders(now=now))
		self.assertEqual(reminded_few, {"reminders": 1, "tasks": 2 * 2})
		self.assertEqual(reminded_many, {"reminders": 1, "tasks": 2 * 8})
		self.assertEqual(few, many)
