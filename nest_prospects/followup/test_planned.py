"""Tasks planned by hand from the prospect's form (seed 003): what the secretary sees, the
refusals, a past date recorded done and frozen, deletion by a manager only, the overdue reminder."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import frappe
from frappe.utils import add_days, getdate, today

from nest_prospects.constants import FOLLOW_UP_TASK
from nest_prospects.followup.reminders import send_overdue_reminders
from nest_prospects.followup.setup import set_action_types
from nest_prospects.followup.test_due_tasks import FollowupTestCase, written_for
from nest_prospects.tests.factories import (
	AGENT,
	MANAGER,
	OUTSIDER,
	ensure_outgoing_email_account,
	make_prospect,
)


class TestPlannedTasks(FollowupTestCase):
	def setUp(self):
		self.prospect = make_prospect(temperature="Warm", responsible_user=AGENT)
		frappe.set_user(AGENT)

	def plan(self, prospect=None, **values) -> dict:
		values = {
			"action_type": "Appointment",
			"date": today(),
			"description": "Confirmer la visite",
			**values,
		}
		return frappe.get_doc("NEST Prospect", (prospect or self.prospect).name).plan_task(**values)

	def tasks(self) -> list:
		return frappe.get_all(
			FOLLOW_UP_TASK,
			filters={"reference_name": self.prospect.name},
			fields=["name", "reason", "action_type", "todo", "assigned_to", "recorded_done"],
		)

	def assertRefused(self, words: tuple[str, ...], **values):
		frappe.local.lang = "fr"
		try:
			with self.assertRaises(frappe.ValidationError) as caught:
				self.plan(**values)
		finally:
			frappe.local.lang = "en"
		for word in words:
			self.assertIn(word, str(caught.exception))
		self.assertEqual(self.tasks(), [])
		self.assertEqual(self.todos(self.prospect.name), [])

	def test_a_task_for_today_goes_to_the_prospects_responsible_user(self):
		answer = self.plan(assigned_to=None)
		self.assertFalse(answer["done"])
		[task] = self.tasks()
		self.assertEqual(
			(task.reason, task.action_type, task.assigned_to), ("Planned task", "Appointment", AGENT)
		)
		self.assertEqual(task.recorded_done, 0)
		todo = frappe.get_doc("ToDo", task.todo)
		self.assertEqual(
			(todo.status, todo.allocated_to, getdate(todo.date)), ("Open", AGENT, getdate(today()))
		)
		self.assertIn("Confirmer la visite", todo.description)
		# Frappe's assignment machinery: the prospect's "Assigned To" and its timeline.
		self.assertIn(AGENT, frappe.db.get_value("NEST Prospect", self.prospect.name, "_assign"))
		self.assertTrue(
			frappe.db.exists(
				"Comment",
				{
					"reference_doctype": "NEST Prospect",
					"reference_name": self.prospect.name,
					"comment_type": "Assigned",
				},
			)
		)
		# The form lists it, to do.
		summary = frappe.get_doc("NEST Prospect", self.prospect.name)
		summary.run_method("onload")
		[listed] = summary.get_onload()["follow_up"]["tasks"]
		self.assertEqual((listed.todo, listed.state), (todo.name, "Open"))

	def test_a_task_for_a_colleague_notifies_her_in_frappes_way(self):
		self.plan(assigned_to=MANAGER, action_type="Proposal")
		[task] = self.tasks()
		self.assertEqual(task.assigned_to, MANAGER)
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": MANAGER, "type": "Assignment", "document_name": self.prospect.name},
			)
		)

	def test_a_task_dated_in_the_past_is_done_at_once_and_never_changed(self):
		answer = self.plan(date=add_days(today(), -2), action_type="Chase-up")
		self.assertTrue(answer["done"])
		[task] = self.tasks()
		self.assertEqual(task.recorded_done, 1)
		todo = frappe.get_doc("ToDo", task.todo)
		self.assertEqual(todo.status, "Closed")
		self.assertFalse(frappe.db.get_value("NEST Prospect", self.prospect.name, "_assign"))
		# Nobody changes it: neither its assignee nor the Administrator, whatever the field.
		for user in (AGENT, "Administrator"):
			frappe.set_user(user)
			for field, value in (("status", "Open"), ("date", today()), ("description", "autre")):
				with self.subTest(user=user, field=field):
					todo = frappe.get_doc("ToDo", task.todo)
					todo.set(field, value)
					with self.assertRaises(frappe.ValidationError):
						todo.save(ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("ToDo", task.todo, "status"), "Closed")
		# A secretary does not delete it; a manager does, with its ToDo.
		frappe.set_user(AGENT)
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc(FOLLOW_UP_TASK, task.name)
		frappe.set_user(MANAGER)
		frappe.delete_doc(FOLLOW_UP_TASK, task.name)
		self.assertFalse(frappe.db.exists(FOLLOW_UP_TASK, task.name))
		self.assertFalse(frappe.db.exists("ToDo", task.todo))

	def test_the_refusal_names_the_field_in_french(self):
		self.assertRefused(("Champ Type d'action", "types d'action"), action_type=None)
		self.assertRefused(("Champ Type d'action",), action_type="Relance")  # the French name is not stored
		self.assertRefused(("Champ Date",), date=None)
		self.assertRefused(("Champ Date",), date="pas une date")
		self.assertRefused(("Champ Assignée à", OUTSIDER), assigned_to=OUTSIDER)
		self.assertRefused(("Champ Description", "2000"), description="x" * 2001)

	def test_someone_who_may_not_write_the_prospect_plans_nothing(self):
		frappe.set_user(OUTSIDER)
		with self.assertRaises(frappe.PermissionError):
			self.plan()
		frappe.set_user("Administrator")
		self.assertEqual(self.tasks(), [])

	def test_an_automatic_task_is_not_deleted_even_by_a_manager(self):
		frappe.set_user("Administrator")
		name = (
			frappe.get_doc(
				{
					"doctype": FOLLOW_UP_TASK,
					"task_key": f"Call to book|NEST Prospect|{self.prospect.name}",
					"reason": "Call to book",
					"reference_type": "NEST Prospect",
					"reference_name": self.prospect.name,
					"assigned_to": AGENT,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		frappe.set_user(MANAGER)
		with self.assertRaises(frappe.ValidationError):
			frappe.delete_doc(FOLLOW_UP_TASK, name)
		self.assertTrue(frappe.db.exists(FOLLOW_UP_TASK, name))

	def test_an_open_planned_task_past_its_date_is_reminded_a_done_one_never(self):
		ensure_outgoing_email_account()
		self.plan(action_type="Appointment")
		self.plan(action_type="Proposal", date=add_days(today(), -3))
		open_task, done_task = sorted(self.tasks(), key=lambda task: task.recorded_done)
		frappe.set_user("Administrator")
		tomorrow = datetime.combine(getdate(today()) + timedelta(days=1), time(7, 0))
		send_overdue_reminders(now=tomorrow)
		self.assertTrue(frappe.db.get_value(FOLLOW_UP_TASK, open_task.name, "reminder_sent_on"))
		self.assertFalse(frappe.db.get_value(FOLLOW_UP_TASK, done_task.name, "reminder_sent_on"))
		queued = frappe.get_all("Email Queue Recipient", filters={"recipient": AGENT}, pluck="parent")
		mail = frappe.get_all(
			"Email Queue",
			filters={"name": ("in", queued)},
			pluck="message",
			order_by="creation desc",
			limit=1,
		)[0]
		self.assertIn(self.prospect.full_name, mail)
		# named by its action type, in the assignee's language
		self.assertIn(written_for(AGENT, "Appointment"), mail)


class TestActionTypesOfEarlierTasks(FollowupTestCase):
	def test_the_patch_gives_each_automatic_task_its_reasons_type_once(self):
		prospect = make_prospect(temperature="Hot", responsible_user=AGENT)
		names = {}
		for reason in ("Call to book", "7-day recall", "Documentation mail"):
			names[reason] = (
				frappe.get_doc(
					{
						"doctype": FOLLOW_UP_TASK,
						"task_key": f"{reason}|NEST Prospect|{prospect.name}",
						"reason": reason,
						"reference_type": "NEST Prospect",
						"reference_name": prospect.name,
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
		frappe.db.set_value(
			FOLLOW_UP_TASK, names["Documentation mail"], "action_type", "Other"
		)  # set by hand: kept
		set_action_types()
		self.assertEqual(
			frappe.db.get_value(FOLLOW_UP_TASK, names["Call to book"], "action_type"), "Appointment"
		)
		self.assertEqual(
			frappe.db.get_value(FOLLOW_UP_TASK, names["7-day recall"], "action_type"), "Chase-up"
		)
		self.assertEqual(
			frappe.db.get_value(FOLLOW_UP_TASK, names["Documentation mail"], "action_type"), "Other"
		)
