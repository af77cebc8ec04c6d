"""The jobs under faults: stopped half-way and run again, or started twice at once.

A job stopped by an exception after some rows (injected with unittest.mock.patch on one of its
inner functions) and run again must end in the state of one clean run: no task, ToDo, review,
history row or mail twice, none missing. The scheduler rolls back what a failed job wrote since
its last commit (ScheduledJobType.execute); here the test's transaction stands for the site's,
with a savepoint for the start of the run that each commit of the job moves forward
(`as_the_scheduler`).

Two workers starting the same job at once do not both do its work: the second finds the job's
lock held (jobs.sql.single_run) and does nothing; one test runs two workers for real, in two
database connections, on committed records.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_months, get_first_day, getdate, now_datetime, today

from nest_prospects.ageing import jobs as ageing
from nest_prospects.constants import REVIEW
from nest_prospects.conversion_review import jobs as conversion
from nest_prospects.followup import reminders, todos
from nest_prospects.followup.due_tasks import create_due_tasks
from nest_prospects.followup.reminders import send_overdue_reminders
from nest_prospects.followup.rules.working_time import add_working_day_hours
from nest_prospects.followup.test_due_tasks import FollowupTestCase
from nest_prospects.sql import job_lock_name
from nest_prospects.tests.commits import commits_held
from nest_prospects.tests.factories import (
	AGENT,
	ENGLISH_MANAGER,
	MANAGER,
	age_prospect,
	ensure_english_manager,
	ensure_outgoing_email_account,
	make_prospect,
	random_mobile,
)

SAVEPOINT = "nest_job_run"


class InjectedFault(Exception):
	"""The fault a test injects into a job."""


def failing_on_call(number: int, real):
	"""`real`, except that its `number`-th call raises InjectedFault."""
	calls = []

	def replacement(*args, **kwargs):
		calls.append(None)
		if len(calls) == number:
			raise InjectedFault(f"injected at call {number}")
		return real(*args, **kwargs)

	return replacement


@contextmanager
def failing_on_statement(start: str):
	"""frappe.db.sql, except that the first statement beginning with `start` (once written) raises
	InjectedFault: the job stops between two of its statements."""
	real = frappe.db.sql
	failed = []

	def sql(query, *args, **kwargs):
		result = real(query, *args, **kwargs)
		if not failed and " ".join(str(query).split()).lower().startswith(start.lower()):
			failed.append(query)
			raise InjectedFault(f"injected after {start}")
		return result

	with patch.object(frappe.db, "sql", sql):
		yield failed


def slowed(real, seconds: float = 0.5):
	"""`real`, taking `seconds` longer: a job's run lasts long enough for a second worker to start."""
	import time

	def replacement(*args, **kwargs):
		time.sleep(seconds)
		return real(*args, **kwargs)

	return replacement


def run_as_the_scheduler(job, *args, commits: bool = False, **kwargs):
	"""Run `job` as the scheduler does: when it fails, what it wrote since its last commit is rolled back.

	With `commits`, each commit of the job (per batch) keeps what came before it.
	"""
	frappe.db.savepoint(SAVEPOINT)

	def commit():
		frappe.db.savepoint(SAVEPOINT)  # a savepoint of the same name replaces the older one

	try:
		if commits:
			with patch.object(frappe.db, "commit", commit):
				return job(*args, **kwargs)
		return job(*args, **kwargs)
	except InjectedFault:
		frappe.db.rollback(save_point=SAVEPOINT)
		raise


@contextmanager
def another_worker_running(job):
	"""Another worker, in its own database connection, is running `job` (holds its lock)."""
	lock = job_lock_name(f"{job.__module__}.{job.__qualname__}")
	site, sites_path = frappe.local.site, frappe.local.sites_path
	held, done = threading.Event(), threading.Event()
	acquired = []

	def worker():
		frappe.init(site=site, sites_path=sites_path)
		frappe.connect()
		try:
			acquired.append(frappe.db.sql("select get_lock(%s, 10)", (lock,))[0][0])
			held.set()
			done.wait(60)
			frappe.db.sql("select release_lock(%s)", (lock,))
		finally:
			held.set()
			frappe.destroy()

	thread = threading.Thread(target=worker)
	thread.start()
	held.wait(30)
	try:
		assert acquired == [1], "the other worker did not get the job's lock"
		yield
	finally:
		done.set()
		thread.join(30)


def ageing_history(name: str) -> list:
	return frappe.get_all(
		"NEST Classification Change",
		filters={"parent": name, "parenttype": "NEST Prospect", "classification": "Ageing State"},
		fields=["from_value", "to_value"],
		order_by="idx",
	)


class TestAgeingJobFaults(FrappeTestCase):
	EXPECTED = {("Hot", 20): "Dormant", ("Hot", 40): "Lost", ("Warm", 40): "Dormant", ("Cold", 95): "Lost"}

	def aged_prospects(self) -> dict:
		names = {}
		for temperature, days in self.EXPECTED:
			prospect = make_prospect(temperature=temperature, phone=random_mobile())
			age_prospect(prospect.name, days)
			names[(temperature, days)] = prospect.name
		return names

	def assert_one_clean_run(self, names: dict) -> None:
		for case, name in names.items():
			self.assertEqual(frappe.db.get_value("NEST Prospect", name, "ageing_state"), self.EXPECTED[case])
			self.assertEqual(
				[(row.from_value, row.to_value) for row in ageing_history(name)],
				[("Normal", self.EXPECTED[case])],
			)

	def test_stopped_between_the_history_and_the_states_then_run_again(self):
		names = self.aged_prospects()
		# the history rows are written, then the job stops before the prospects' states change,
		# and again once they have changed, before the count
		for statement in ("insert into `tabNEST Classification Change`", "update `tabNEST Prospect`"):
			with (
				self.subTest(stopped_after=statement),
				failing_on_statement(statement) as failed,
				self.assertRaises(InjectedFault),
			):
				run_as_the_scheduler(ageing.update_ageing_states)
			self.assertTrue(failed, f"the job ran no {statement}")
		for name in names.values():
			self.assertEqual(frappe.db.get_value("NEST Prospect", name, "ageing_state"), "Normal")
			self.assertEqual(ageing_history(name), [])
		run_as_the_scheduler(ageing.update_ageing_states)
		self.assert_one_clean_run(names)
		self.assertEqual(ageing.update_ageing_states(), {"Normal": 0, "Dormant": 0, "Lost": 0})
		self.assert_one_clean_run(names)

	def test_a_second_worker_does_nothing_while_the_first_runs(self):
		names = self.aged_prospects()
		with another_worker_running(ageing.update_ageing_states):
			self.assertEqual(ageing.update_ageing_states(), {})
			for name in names.values():
				self.assertEqual(ageing_history(name), [])
		ageing.update_ageing_states()
		self.assert_one_clean_run(names)


class TestAgeingJobTwoWorkers(FrappeTestCase):
	"""Two workers, two connections, the same job at the same instant, on committed prospects."""

	def setUp(self):
		self.names = []
		for days in (20, 40):
			prospect = make_prospect(temperature="Hot", phone=random_mobile())
			age_prospect(prospect.name, days)
			self.names.append(prospect.name)
		frappe.db.commit()

	def tearDown(self):
		interactions = frappe.get_all("NEST Interaction", filters={"party": ("in", self.names)}, pluck="name")
		frappe.db.delete("NEST Interaction Request Type", {"parent": ("in", interactions + self.names)})
		frappe.db.delete("NEST Interaction", {"name": ("in", interactions)})
		frappe.db.delete("NEST Classification Change", {"parent": ("in", self.names)})
		frappe.db.delete("NEST Prospect", {"name": ("in", self.names)})
		frappe.db.commit()

	def test_the_work_is_done_once(self):
		site, sites_path = frappe.local.site, frappe.local.sites_path
		barrier = threading.Barrier(2)
		results, errors = [], []

		def worker():
			frappe.init(site=site, sites_path=sites_path)
			frappe.connect()
			try:
				frappe.set_user("Administrator")
				barrier.wait(30)
				# as the scheduler: the job, then its commit (or its rollback)
				results.append(ageing.update_ageing_states())
				frappe.db.commit()
			except Exception as error:
				errors.append(repr(error))
				frappe.db.rollback()
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=worker) for _ in range(2)]
		# each run lasts half a second more: the second worker starts while the first runs
		with patch.object(ageing, "get_settings", slowed(ageing.get_settings)):
			for thread in threads:
				thread.start()
			for thread in threads:
				thread.join(120)
		self.assertEqual(errors, [])
		frappe.db.rollback()  # a fresh snapshot: what the workers committed
		self.assertEqual(
			sorted(frappe.db.get_value("NEST Prospect", n, "ageing_state") for n in self.names),
			["Dormant", "Lost"],
		)
		for name in self.names:
			self.assertEqual(len(ageing_history(name)), 1, name)
		self.assertIn({}, results, "one of the two workers found the job running and did nothing")
		self.assertEqual(sum(sum(result.values()) for result in results), len(self.names))


class TestFollowupJobFaults(FollowupTestCase):
	def due_prospects(self, count: int = 4):
		first = self.first_contact(days_ago=20)
		now = add_working_day_hours(first, 49, self.calendar())
		names = [
			make_prospect(
				temperature="Hot", first_contact_on=first, responsible_user=AGENT, phone=random_mobile()
			).name
			for _ in range(count)
		]
		return names, now

	def assert_one_task_each(self, names: list[str]) -> None:
		for name in names:
			self.assertEqual(self.task_reasons(name), ["Call to book"], name)
			self.assertEqual(len(self.todos(name)), 1, name)

	def notifications(self, names: list[str]) -> int:
		return frappe.db.count("Notification Log", {"for_user": AGENT, "document_name": ("in", names)})

	def test_stopped_while_writing_the_tasks_then_run_again(self):
		names, now = self.due_prospects()
		before = self.notifications(names)
		# stopped while the rows are built (third task), then after they are all written (the bells)
		for owner, target, number in ((todos, "task_description", 3), (todos, "notify_assignees", 1)):
			with self.subTest(fault=target):
				real = getattr(owner, target)
				with (
					patch.object(owner, target, failing_on_call(number, real)),
					self.assertRaises(InjectedFault),
				):
					run_as_the_scheduler(create_due_tasks, now=now)
				for name in names:
					self.assertEqual(self.task_reasons(name), [])
					self.assertEqual(self.todos(name), [])
		run_as_the_scheduler(create_due_tasks, now=now)
		self.assert_one_task_each(names)
		self.assertLessEqual(self.notifications(names) - before, 1)  # one bell for the run's tasks
		self.assertEqual(create_due_tasks(now=now), {})
		self.assert_one_task_each(names)

	def test_a_second_worker_creates_nothing_while_the_first_runs(self):
		names, now = self.due_prospects(2)
		with another_worker_running(create_due_tasks):
			self.assertEqual(create_due_tasks(now=now), {})
			for name in names:
				self.assertEqual(self.task_reasons(name), [])
		create_due_tasks(now=now)
		self.assert_one_task_each(names)

	def test_reminders_stopped_after_the_first_assignee_then_run_again(self):
		ensure_outgoing_email_account()
		first = self.first_contact(days_ago=20)
		due = add_working_day_hours(first, 49, self.calendar())
		names = {
			user: make_prospect(
				temperature="Hot", first_contact_on=first, responsible_user=user, phone=random_mobile()
			).name
			for user in (AGENT, MANAGER)
		}
		create_due_tasks(now=due)
		todos = {user: self.todos(name)[0] for user, name in names.items()}
		later = datetime.combine(max(getdate(t.date) for t in todos.values()) + timedelta(days=1), time(7, 0))

		def mails(user: str) -> int:
			return frappe.db.count("Email Queue Recipient", {"recipient": user})

		before = {user: mails(user) for user in names}
		with (
			patch.object(reminders, "send_reminder", failing_on_call(2, reminders.send_reminder)),
			self.assertRaises(InjectedFault),
		):
			run_as_the_scheduler(send_overdue_reminders, now=later)
		self.assertEqual({user: mails(user) for user in names}, before)
		for todo in todos.values():
			self.assertIsNone(
				frappe.db.get_value("NEST Follow-up Task", {"todo": todo.name}, "reminder_sent_on")
			)
		run_as_the_scheduler(send_overdue_reminders, now=later)
		self.assertEqual(
			{user: mails(user) for user in names}, {user: count + 1 for user, count in before.items()}
		)
		for todo in todos.values():
			self.assertTrue(
				frappe.db.get_value("NEST Follow-up Task", {"todo": todo.name}, "reminder_sent_on")
			)
		send_overdue_reminders(now=later + timedelta(days=1))
		self.assertEqual(
			{user: mails(user) for user in names}, {user: count + 1 for user, count in before.items()}
		)

	def test_a_second_worker_sends_no_reminder_while_the_first_runs(self):
		with another_worker_running(send_overdue_reminders):
			self.assertEqual(send_overdue_reminders(), {"reminders": 0, "tasks": 0})


class TestConversionJobFaults(FrappeTestCase):
	def setUp(self):
		self.enterContext(commits_held())  # the job commits per page

	def due_prospects(self, count: int = 5) -> list[str]:
		first = add_days(now_datetime(), -40)
		return [
			make_prospect(last_name=f"Revue{i}", first_contact_on=first, phone=random_mobile()).name
			for i in range(count)
		]

	def reviews(self, names: list[str]) -> int:
		return frappe.db.count(REVIEW, {"prospect": ("in", names)})

	def test_stopped_after_a_committed_batch_then_run_again(self):
		names = self.due_prospects()
		due = conversion.due_prospects()
		# batches of 2; the second batch's facts fail: the first batch was committed
		with (
			patch.object(conversion, "BATCH_SIZE", 2),
			patch.object(conversion, "gather_facts", failing_on_call(2, conversion.gather_facts)),
			self.assertRaises(InjectedFault),
		):
			run_as_the_scheduler(conversion.create_due_reviews, commits=True)
		kept = frappe.db.count(REVIEW, {"prospect": ("in", due)})
		self.assertEqual(kept, min(2, len(due)))
		with patch.object(conversion, "BATCH_SIZE", 2):
			created = run_as_the_scheduler(conversion.create_due_reviews, commits=True)
		self.assertEqual(created, len(due) - kept)
		for name in names:
			self.assertEqual(frappe.db.count(REVIEW, {"prospect": name}), 1, name)
		self.assertEqual(conversion.create_due_reviews(), 0)
		self.assertEqual(self.reviews(names), len(names))

	def test_a_second_worker_reviews_nothing_while_the_first_runs(self):
		names = self.due_prospects(2)
		with another_worker_running(conversion.create_due_reviews):
			self.assertEqual(conversion.create_due_reviews(), 0)
			self.assertEqual(self.reviews(names), 0)
		conversion.create_due_reviews()
		self.assertEqual(self.reviews(names), 2)


class TestMonthlySummaryFaults(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_outgoing_email_account()
		frappe.db.set_value("User", ensure_english_manager(), "language", "en")
		frappe.db.set_value("User", MANAGER, "language", "fr")

	def setUp(self):
		frappe.db.set_global(conversion.SUMMARY_SENT_KEY, None)

	def summary_mails(self) -> set[str]:
		"""The mails queued since the test began (the summary is the only mail these runs queue)."""
		return set(frappe.get_all("Email Queue", filters={"creation": (">=", self.started)}, pluck="name"))

	def test_stopped_after_the_first_language_then_run_again(self):
		self.started = now_datetime() - timedelta(seconds=1)
		languages = conversion.manager_emails_by_language()
		self.assertGreaterEqual(len(languages), 2, languages)
		before = self.summary_mails()
		with (
			patch.object(conversion, "summary_mail", failing_on_call(2, conversion.summary_mail)),
			self.assertRaises(InjectedFault),
		):
			run_as_the_scheduler(conversion.send_monthly_summary)
		self.assertIsNone(frappe.db.get_global(conversion.SUMMARY_SENT_KEY))
		self.assertEqual(self.summary_mails(), before)
		self.assertTrue(run_as_the_scheduler(conversion.send_monthly_summary))
		self.assertEqual(len(self.summary_mails() - before), len(languages))
		# the month is remembered: a rerun sends nothing (the defaults' cache is shared with the
		# site's other processes, which do not see this test's transaction: read afresh)
		frappe.cache.hdel("defaults", "__global")
		self.assertFalse(conversion.send_monthly_summary())
		self.assertEqual(len(self.summary_mails() - before), len(languages))

	def test_a_second_worker_mails_nothing_while_the_first_runs(self):
		with another_worker_running(conversion.send_monthly_summary):
			self.assertFalse(conversion.send_monthly_summary())
		self.assertIsNone(frappe.db.get_global(conversion.SUMMARY_SENT_KEY))
		frappe.cache.hdel("defaults", "__global")
		this_month = get_first_day(getdate(today()))
		self.assertTrue(conversion.send_monthly_summary(add_months(this_month, 0)))
