"""The follow-up jobs in a real site: what lands on whose ToDo list, when, and only once."""

from __future__ import annotations

import json
import pickle
from datetime import datetime, time, timedelta
from unittest.mock import patch

import frappe
from frappe import _
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, escape_html, get_datetime, getdate, now_datetime

from nest_prospects.constants import SETTINGS
from nest_prospects.followup import due_tasks, reminders
from nest_prospects.followup.due_tasks import create_due_tasks
from nest_prospects.followup.reminders import send_overdue_reminders
from nest_prospects.followup.rules.working_time import add_working_day_hours, is_working_day
from nest_prospects.followup.todos import close_tasks
from nest_prospects.languages.lookup import user_language
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.tests.factories import (
	AGENT,
	MANAGER,
	OUTSIDER,
	ensure_outgoing_email_account,
	forget_outgoing_email_account,
	make_patient,
	make_prospect,
)

FOLLOWUP_SETTINGS = {
	"works_monday": 1,
	"works_tuesday": 1,
	"works_wednesday": 1,
	"works_thursday": 1,
	"works_friday": 1,
	"works_saturday": 0,
	"works_sunday": 0,
	"opens_at": "08:00:00",
	"closes_at": "18:00:00",
	"holiday_country": "SN",
	"first_call_after_hours": 48,
	"recall_after_days": 7,
	"task_catch_up_days": 7,
	"send_overdue_reminders": 1,
	"account_manager_name": "Codou",
	"clinic_phone": "+221 33 800 00 00",
	"website_url": "https://nest.example.sn",
	"facebook_url": "https://facebook.com/nest.example",
}

NEW_TODOS_SEEN: list[str] = []


def record_new_todo(doc, method=None) -> None:
	"""An app's after_insert hook on ToDo, as other apps register them in doc_events."""
	NEW_TODOS_SEEN.append(doc.name)


def enqueue_new_todo(doc, method=None) -> None:
	"""An app's hook that hands the new ToDo to a background job, as Frappe's webhooks do: the
	job's arguments are pickled (rq), the document with them."""
	NEW_TODOS_SEEN.append(pickle.loads(pickle.dumps(doc)).name)


def written_for(user: str, text: str) -> str:
	"""`text` as a task's description shows it to `user`: in her language (her own, else the
	site's), HTML-escaped; so that the tests pass on a French site as on an English one."""
	return escape_html(_(text, lang=user_language(user)))


class FollowupTestCase(FrappeTestCase):
	"""Known settings (Monday to Friday, 08:00-18:00, Senegal's holidays, the manager as pool)."""

	# a subclass's own settings, on top of these
	extra_settings: dict = {}

	@classmethod
	def setUpClass(cls):
		# Registered first, run last: after the rollback, nobody reads this class's settings from cache.
		cls.addClassCleanup(frappe.clear_document_cache, SETTINGS, SETTINGS)
		super().setUpClass()
		settings = frappe.get_doc(SETTINGS)
		settings.update({**FOLLOWUP_SETTINGS, "pool_user": MANAGER, **cls.extra_settings})
		settings.set("clinic_closures", [])
		settings.save(ignore_permissions=True)

	def tearDown(self):
		frappe.set_user("Administrator")

	@staticmethod
	def calendar():
		return get_settings().working_calendar(now_datetime())

	@staticmethod
	def todos(prospect: str, reference_type: str = "NEST Prospect", status: str | None = None) -> list:
		filters = {"reference_type": reference_type, "reference_name": prospect}
		if status:
			filters["status"] = status
		return frappe.get_all(
			"ToDo",
			filters=filters,
			fields=["name", "status", "date", "allocated_to", "description", "reference_type"],
		)

	@staticmethod
	def task_reasons(reference_name: str) -> list[str]:
		return sorted(
			frappe.get_all("NEST Follow-up Task", filters={"reference_name": reference_name}, pluck="reason")
		)

	def first_contact(self, days_ago: int = 30) -> datetime:
		"""A first contact at 10:00 on a working day about `days_ago` days ago."""
		cal = self.calendar()
		moment = datetime.combine(getdate(add_days(now_datetime(), -days_ago)), time(10, 0))
		while not is_working_day(moment, cal):
			moment += timedelta(days=1)
		return moment

	@staticmethod
	def hot_prospect(first: datetime):
		"""A hot prospect of the secretary, first contacted at `first`."""
		return make_prospect(temperature="Hot", first_contact_on=first, responsible_user=AGENT)

	def first_call_due(self, first: datetime) -> datetime:
		"""49 working hours after `first`: the first call of a hot prospect is due (after 48)."""
		return add_working_day_hours(first, 49, self.calendar())

	@staticmethod
	def log_interaction(party, request_types=(), party_type="NEST Prospect", **values):
		"""An interaction with `party` (an inbound call unless `channel` says otherwise)."""
		return frappe.get_doc(
			{
				"doctype": "NEST Interaction",
				"party_type": party_type,
				"party": party,
				"channel": "Inbound Call",
				"request_types": [{"request_type": code} for code in request_types],
				**values,
			}
		).insert()

	def first_call_task(self):
		"""A hot prospect first contacted a month ago, and the one ToDo the job gives her when her
		first call is due."""
		first = self.first_contact()
		prospect = self.hot_prospect(first)
		return prospect, self.task_when_due(prospect, first)

	def task_when_due(self, prospect, first: datetime):
		"""The one ToDo the job gives `prospect` when her first call is due."""
		create_due_tasks(now=self.first_call_due(first))
		[todo] = self.todos(prospect.name)
		return todo


class TestFirstCall(FollowupTestCase):
	def test_the_new_todos_go_through_frappes_after_insert_hooks(self):
		"""Each new ToDo runs what apps hook on a new ToDo (doc_events)."""
		first = self.first_contact()
		prospect = self.hot_prospect(first)
		hooks = frappe.get_doc_hooks()
		todo_hooks = {**hooks.get("ToDo", {}), "after_insert": [f"{__name__}.record_new_todo"]}
		NEW_TODOS_SEEN.clear()
		with patch.dict(hooks, {"ToDo": todo_hooks}):
			create_due_tasks(now=self.first_call_due(first))
		[todo] = self.todos(prospect.name)
		self.assertIn(todo.name, NEW_TODOS_SEEN)

	def test_the_new_todos_can_be_handed_to_a_background_job_by_a_hook(self):
		first = self.first_contact()
		prospect = make_prospect(temperature="Hot", first_contact_on=first, responsible_user=AGENT)
		hooks = frappe.get_doc_hooks()
		todo_hooks = {**hooks.get("ToDo", {}), "on_update": [f"{__name__}.enqueue_new_todo"]}
		NEW_TODOS_SEEN.clear()
		with patch.dict(hooks, {"ToDo": todo_hooks}):
			create_due_tasks(now=add_working_day_hours(first, 49, self.calendar()))
		[todo] = self.todos(prospect.name)
		self.assertIn(todo.name, NEW_TODOS_SEEN)

	def test_hot_prospect_is_called_after_48_working_hours_not_before(self):
		first = self.first_contact()
		prospect = self.hot_prospect(first)
		at_47 = add_working_day_hours(first, 47, self.calendar())
		at_49 = self.first_call_due(first)

		create_due_tasks(now=at_47)
		self.assertEqual(self.todos(prospect.name), [])

		created = create_due_tasks(now=at_49)
		self.assertGreaterEqual(created.get("Call to book", 0), 1)
		[todo] = self.todos(prospect.name)
		self.assertEqual(todo.status, "Open")
		self.assertEqual(todo.allocated_to, AGENT)
		self.assertEqual(getdate(todo.date), add_working_day_hours(first, 48, self.calendar()).date())
		self.assertIn(written_for(AGENT, "Call to book"), todo.description)
		self.assertIn(prospect.full_name, todo.description)
		# The callback script of hot prospects is in front of the secretary.
		self.assertIn("prendre rendez-vous", todo.description)
		self.assertEqual(self.task_reasons(prospect.name), ["Call to book"])
		# On the list: the prospect shows its assignee; the assignee's bell rings.
		self.assertIn(AGENT, frappe.db.get_value("NEST Prospect", prospect.name, "_assign"))
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": AGENT, "document_name": prospect.name})
		)

	def test_the_assignment_is_on_the_prospects_timeline_and_leaves_it_when_done(self):
		"""Frappe's own ToDo path: the "Assigned" comment, `_assign` set, then emptied on closing."""
		first = self.first_contact()
		prospect = self.hot_prospect(first)
		create_due_tasks(now=self.first_call_due(first))
		comments = frappe.get_all(
			"Comment",
			filters={"reference_doctype": "NEST Prospect", "reference_name": prospect.name},
			pluck="comment_type",
		)
		self.assertIn("Assigned", comments)
		self.assertEqual(json.loads(frappe.db.get_value("NEST Prospect", prospect.name, "_assign")), [AGENT])
		close_tasks("NEST Prospect", prospect.name, ("Call to book",))
		self.assertFalse(frappe.db.get_value("NEST Prospect", prospect.name, "_assign"))

	def test_a_run_writes_the_most_overdue_tasks_first_up_to_its_cap(self):
		first = self.first_contact()
		at_49 = add_working_day_hours(first + timedelta(hours=2), 49, self.calendar())
		create_due_tasks(now=at_49)  # what other tests left due
		names = [
			make_prospect(
				temperature="Hot", first_contact_on=first + timedelta(hours=hours), responsible_user=AGENT
			).name
			for hours in (2, 0, 1)
		]
		with patch.object(due_tasks, "TASKS_PER_RUN", 2):
			self.assertEqual(create_due_tasks(now=at_49), {"Call to book": 2})
			self.assertEqual([len(self.todos(name)) for name in names], [0, 1, 1])
			# the rest on the next run
			self.assertEqual(create_due_tasks(now=at_49), {"Call to book": 1})
			self.assertEqual(create_due_tasks(now=at_49), {})
		self.assertEqual([len(self.todos(name)) for name in names], [1, 1, 1])

	def test_running_the_job_twice_creates_nothing_more(self):
		first = self.first_contact()
		self.hot_prospect(first)
		make_prospect(temperature="Warm", first_contact_on=first, responsible_user=AGENT)
		at_49 = self.first_call_due(first)
		create_due_tasks(now=at_49)
		todos = frappe.db.count("ToDo")
		tasks = frappe.db.count("NEST Follow-up Task")
		self.assertEqual(create_due_tasks(now=at_49), {})
		self.assertEqual(frappe.db.count("ToDo"), todos)
		self.assertEqual(frappe.db.count("NEST Follow-up Task"), tasks)

	def test_pages_of_one_give_each_prospect_its_call_once_and_one_bell_per_run(self):
		# candidates read one at a time (keyset on first contact and name, equal first contacts
		# included), each page written before the next is read; the assignee's bell counts them all
		first = self.first_contact()
		names = [self.hot_prospect(first).name for _ in range(3)]
		at_49 = self.first_call_due(first)
		bells = frappe.db.count("Notification Log", {"for_user": AGENT})
		with patch.object(due_tasks, "PAGE_SIZE", 1):
			created = create_due_tasks(now=at_49)
			self.assertEqual(create_due_tasks(now=at_49), {})
		self.assertGreaterEqual(created.get("Call to book", 0), 3)
		for name in names:
			self.assertEqual(self.task_reasons(name), ["Call to book"], name)
			self.assertEqual(len(self.todos(name)), 1, name)
		self.assertEqual(frappe.db.count("Notification Log", {"for_user": AGENT}), bells + 1)

	def test_a_cold_prospect_is_never_called(self):
		first = self.first_contact()
		prospect = make_prospect(temperature="Cold", first_contact_on=first, responsible_user=AGENT)
		create_due_tasks(now=add_working_day_hours(first, 60, self.calendar()))
		self.assertEqual(self.todos(prospect.name), [])

	def test_news_from_the_prospect_within_48_hours_spares_the_call(self):
		first = self.first_contact()
		prospect = self.hot_prospect(first)
		self.log_interaction(prospect.name, interaction_on=first + timedelta(hours=3))
		create_due_tasks(now=self.first_call_due(first))
		self.assertEqual(self.todos(prospect.name), [])

	def test_a_prospect_without_responsible_user_goes_to_the_pool(self):
		first = self.first_contact()
		prospect = self.hot_prospect(first)
		# her account manager has since left the desk (the form refuses such a user: people.contact)
		frappe.db.set_value("NEST Prospect", prospect.name, "responsible_user", OUTSIDER)
		todo = self.task_when_due(prospect, first)
		self.assertEqual(todo.allocated_to, MANAGER)

	def test_a_prospect_out_of_the_procedure_gets_no_task_and_a_cancelled_one_stays_cancelled(self):
		first = self.first_contact()
		converted = self.hot_prospect(first)
		frappe.db.set_value("NEST Prospect", converted.name, "status", "Converted")
		cancelled = self.hot_prospect(first)
		at_49 = self.first_call_due(first)
		create_due_tasks(now=at_49)
		self.assertEqual(self.todos(converted.name), [])
		[todo] = self.todos(cancelled.name)
		# The conversion review cancels the open tasks of a prospect leaving the procedure.
		frappe.db.set_value("NEST Prospect", cancelled.name, "status", "Converted")
		frappe.db.set_value("ToDo", todo.name, "status", "Cancelled")
		create_due_tasks(now=at_49 + timedelta(hours=2))
		self.assertEqual([t.status for t in self.todos(cancelled.name)], ["Cancelled"])

	def test_warm_prospect_gets_a_qualification_call_then_the_documentation_mail(self):
		first = self.first_contact()
		prospect = make_prospect(temperature="Warm", first_contact_on=first, responsible_user=AGENT)
		at_49 = self.first_call_due(first)
		create_due_tasks(now=at_49)
		[call] = self.todos(prospect.name)
		self.assertIn(written_for(AGENT, "Qualification call"), call.description)
		# The secretary calls: logging the call closes the task.
		self.log_interaction(prospect.name, channel="Outbound Call")
		self.assertEqual(frappe.db.get_value("ToDo", call.name, "status"), "Closed")
		create_due_tasks()
		self.assertEqual(self.task_reasons(prospect.name), ["Documentation mail", "Qualification call"])
		[mail] = self.todos(prospect.name, status="Open")
		self.assertIn(written_for(AGENT, "Documentation mail"), mail.description)
		self.assertIn(
			written_for(AGENT, "Open the prospect and use Send Documentation: the mail goes with the kit."),
			mail.description,
		)


class TestRequalification(FollowupTestCase):
	def test_a_prospect_requalified_hot_is_called_within_48_working_hours(self):
		prospect = make_prospect(temperature="Cold", responsible_user=AGENT)
		prospect.temperature = "Hot"
		prospect.save()
		[todo] = self.todos(prospect.name)
		changed_on = get_datetime(prospect.classification_history[-1].changed_on)
		self.assertEqual(getdate(todo.date), add_working_day_hours(changed_on, 48, self.calendar()).date())
		self.assertIn(written_for(AGENT, "Requalified call"), todo.description)
		self.assertEqual(self.task_reasons(prospect.name), ["Requalified call"])
		# The hourly job finds it already there.
		create_due_tasks()
		self.assertEqual(len(self.todos(prospect.name)), 1)

	def test_a_new_hot_prospect_is_not_a_requalification(self):
		prospect = make_prospect(temperature="Hot", responsible_user=AGENT)
		create_due_tasks()
		self.assertNotIn("Requalified call", self.task_reasons(prospect.name))


class TestSevenDayRecall(FollowupTestCase):
	def test_the_recall_is_created_once_and_closed_by_the_recall_interaction(self):
		prospect = make_prospect(temperature="Warm", responsible_user=AGENT)
		asked = self.log_interaction(prospect.name, ["TARIFS"], interaction_on=add_days(now_datetime(), -7))
		# Not yet on day 6.
		create_due_tasks(now=add_days(now_datetime(), -1))
		self.assertNotIn("7-day recall", self.task_reasons(prospect.name))
		create_due_tasks()
		create_due_tasks()
		recalls = frappe.get_all(
			"NEST Follow-up Task",
			filters={"reference_name": prospect.name, "reason": "7-day recall"},
			fields=["todo", "interaction"],
		)
		self.assertEqual(len(recalls), 1)
		self.assertEqual(recalls[0].interaction, asked.name)
		todo = frappe.get_doc("ToDo", recalls[0].todo)
		self.assertEqual(todo.status, "Open")
		self.assertEqual(getdate(todo.date), getdate(now_datetime()))
		self.assertIn("TARIFS", todo.description)
		self.assertIn("RAPPEL 7 JOURS", todo.description)  # the recall script says what to log

		self.log_interaction(prospect.name, ["RAPPEL 7 JOURS"], channel="Outbound Call")
		self.assertEqual(frappe.db.get_value("ToDo", recalls[0].todo, "status"), "Closed")
		create_due_tasks()
		self.assertEqual(self.task_reasons(prospect.name).count("7-day recall"), 1)

	def test_a_patient_asking_for_a_quote_is_recalled_too(self):
		patient = make_patient()
		self.log_interaction(
			patient.name, ["DEVIS"], party_type="NEST Patient", interaction_on=add_days(now_datetime(), -7)
		)
		frappe.db.set_value("NEST Interaction", {"party": patient.name}, "logged_by", AGENT)
		create_due_tasks()
		[todo] = self.todos(patient.name, reference_type="NEST Patient")
		self.assertEqual(todo.allocated_to, AGENT)

	def test_an_interaction_without_quote_prices_or_programme_is_not_recalled(self):
		prospect = make_prospect(temperature="Warm", responsible_user=AGENT)
		self.log_interaction(prospect.name, ["RDV"], interaction_on=add_days(now_datetime(), -7))
		create_due_tasks()
		self.assertNotIn("7-day recall", self.task_reasons(prospect.name))


class TestOverdueReminder(FollowupTestCase):
	def test_without_an_outgoing_account_nothing_is_marked_reminded(self):
		_, todo = self.first_call_task()
		frappe.db.set_value("Email Account", {"enable_outgoing": 1}, "enable_outgoing", 0)
		forget_outgoing_email_account()
		result = send_overdue_reminders(
			now=datetime.combine(getdate(todo.date) + timedelta(days=1), time(7, 0))
		)
		self.assertEqual(result, {"reminders": 0, "tasks": 0})
		self.assertIsNone(frappe.db.get_value("NEST Follow-up Task", {"todo": todo.name}, "reminder_sent_on"))

	def test_an_overdue_task_sends_one_reminder_to_its_assignee(self):
		ensure_outgoing_email_account()
		prospect, todo = self.first_call_task()
		queued = frappe.db.count("Email Queue Recipient", {"recipient": AGENT})

		# The task is due on its day: no reminder that day.
		send_overdue_reminders(now=datetime.combine(getdate(todo.date), time(20, 0)))
		self.assertEqual(frappe.db.count("Email Queue Recipient", {"recipient": AGENT}), queued)

		result = send_overdue_reminders(
			now=datetime.combine(getdate(todo.date) + timedelta(days=1), time(7, 0))
		)
		self.assertGreaterEqual(result["tasks"], 1)
		self.assertEqual(frappe.db.count("Email Queue Recipient", {"recipient": AGENT}), queued + 1)
		mail = frappe.get_last_doc("Email Queue", filters={"reference_doctype": "ToDo"})
		self.assertIn(prospect.full_name, mail.message)
		self.assertTrue(frappe.db.get_value("NEST Follow-up Task", {"todo": todo.name}, "reminder_sent_on"))

		send_overdue_reminders(now=datetime.combine(getdate(todo.date) + timedelta(days=2), time(7, 0)))
		self.assertEqual(frappe.db.count("Email Queue Recipient", {"recipient": AGENT}), queued + 1)

	def test_a_long_list_is_cut_in_the_mail_and_every_task_is_marked(self):
		ensure_outgoing_email_account()
		first = self.first_contact()
		prospects = [self.hot_prospect(first) for _ in range(3)]
		create_due_tasks(now=self.first_call_due(first))
		todos = [self.todos(prospect.name)[0] for prospect in prospects]
		queued = frappe.db.count("Email Queue Recipient", {"recipient": AGENT})
		later = datetime.combine(max(getdate(todo.date) for todo in todos) + timedelta(days=1), time(7, 0))
		with patch.object(reminders, "LISTED_TASKS", 2):
			result = send_overdue_reminders(now=later)
		self.assertGreaterEqual(result["tasks"], 3)
		self.assertEqual(frappe.db.count("Email Queue Recipient", {"recipient": AGENT}), queued + 1)
		mail = frappe.get_last_doc("Email Queue", filters={"reference_doctype": "ToDo"})
		self.assertEqual(mail.message.count("<li>"), 2)
		self.assertIn("/app/todo?status", mail.message)
		for todo in todos:
			self.assertTrue(
				frappe.db.get_value("NEST Follow-up Task", {"todo": todo.name}, "reminder_sent_on"), todo.name
			)

	def test_a_closed_task_sends_no_reminder(self):
		_, todo = self.first_call_task()
		frappe.db.set_value("ToDo", todo.name, "status", "Closed")
		send_overdue_reminders(now=datetime.combine(getdate(todo.date) + timedelta(days=1), time(7, 0)))
		self.assertIsNone(frappe.db.get_value("NEST Follow-up Task", {"todo": todo.name}, "reminder_sent_on"))


class TestWorkingTimeSettings(FollowupTestCase):
	def test_a_clinic_closure_pushes_the_call_back(self):
		first = self.first_contact()
		prospect = self.hot_prospect(first)
		at_49 = self.first_call_due(first)
		closed = first.date() + timedelta(days=1)
		while not is_working_day(closed, self.calendar()):
			closed += timedelta(days=1)
		settings = frappe.get_doc(SETTINGS)
		settings.append("clinic_closures", {"from_date": closed, "reason": "Séminaire"})
		settings.save(ignore_permissions=True)
		# One working day less: 49 hours of the old calendar are not 48 of the new one.
		create_due_tasks(now=at_49)
		self.assertEqual(self.todos(prospect.name), [])
		create_due_tasks(now=self.first_call_due(first))
		self.assertEqual(len(self.todos(prospect.name)), 1)

	def test_settings_refuse_an_unknown_holiday_country_and_no_working_day(self):
		settings = frappe.get_doc(SETTINGS)
		settings.holiday_country = "XX"
		self.assertRaises(frappe.ValidationError, settings.save, ignore_permissions=True)
		settings = frappe.get_doc(SETTINGS)
		for day in ("monday", "tuesday", "wednesday", "thursday", "friday"):
			settings.set(f"works_{day}", 0)
		self.assertRaises(frappe.ValidationError, settings.save, ignore_permissions=True)

	def test_the_senegalese_holidays_are_days_off(self):
		cal = get_settings().working_calendar(datetime(2026, 6, 1))
		# Independence day, 4 April 2026 is a Saturday: take Labour Day, Friday 1 May 2026.
		self.assertIn(getdate("2026-05-01"), cal.closed_dates)


class TestNextTask(FollowupTestCase):
	"""The prospect's stored next task (its list's column) follows its open tasks."""

	@staticmethod
	def next_task(prospect: str) -> tuple:
		values = frappe.db.get_value("NEST Prospect", prospect, ["next_task_reason", "next_task_due_on"])
		return values[0], values[1] and get_datetime(values[1])

	def test_the_next_task_is_the_open_task_due_first_then_the_next_or_none(self):
		from nest_prospects.followup.todos import close_tasks

		first = self.first_contact(days_ago=20)
		prospect = self.hot_prospect(first)
		self.log_interaction(prospect.name, ["DEVIS"], interaction_on=first)
		self.assertEqual(self.next_task(prospect.name), (None, None))

		create_due_tasks(now=first + timedelta(days=9))
		tasks = {
			row.reason: row
			for row in frappe.get_all(
				"NEST Follow-up Task",
				filters={"reference_name": prospect.name},
				fields=["reason", "due_on", "todo"],
			)
		}
		self.assertEqual(set(tasks), {"Call to book", "7-day recall"})
		self.assertEqual(self.next_task(prospect.name), ("Call to book", tasks["Call to book"].due_on))

		# The secretary closes the call's ToDo from her list: the recall comes next.
		frappe.set_user(AGENT)
		todo = frappe.get_doc("ToDo", tasks["Call to book"].todo)
		todo.status = "Closed"
		todo.save()
		frappe.set_user("Administrator")
		self.assertEqual(self.next_task(prospect.name), ("7-day recall", tasks["7-day recall"].due_on))

		# The app closes the recall: nothing is left.
		self.assertEqual(close_tasks("NEST Prospect", prospect.name, ("7-day recall",)), 1)
		self.assertEqual(self.next_task(prospect.name), (None, None))

	def test_the_list_shows_the_next_task_and_a_user_cannot_write_it(self):
		meta = frappe.get_meta("NEST Prospect")
		self.assertTrue(meta.get_field("next_task_due_on").in_list_view)
		self.assertTrue(meta.get_field("next_task_reason").in_standard_filter)
		for field in ("next_task_reason", "next_task_due_on"):
			self.assertEqual(meta.get_field(field).permlevel, 2)
		prospect = make_prospect(temperature="Warm", responsible_user=AGENT)
		frappe.set_user(MANAGER)
		doc = frappe.get_doc("NEST Prospect", prospect.name)
		doc.next_task_reason = "Call to book"
		doc.next_task_due_on = "2026-01-01 10:00:00"
		doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(self.next_task(prospect.name), (None, None))
