"""Délais de réponse, on prospects and tasks of March and April 2021, counted by hand.

The follow-up tests' settings: Monday to Friday, Senegal's holidays (none from 1 to 31 March
2021; 1 April is a working day), no closure.

Prospects of the agent (first contact -> first answer, working hours):
- P1 hot, Mon 1 March 10:00 -> Tue 2 March 09:00: 23 h, within 48 h and 15 days;
- P2 warm, Thu 4 March 10:00 -> Mon 8 March 11:00: 49 h, late for the 48 h, within 15 days;
- P3 hot, Fri 5 March 10:00 -> Thu 25 March 10:00: 336 h, 20 days: late for both;
- P4 warm, Wed 10 March 10:00, never answered;
- P5 cold, Tue 2 March: not counted (cold prospects wait for no answer);
- P6 hot, Thu 1 April 10:00 -> 15:00: 5 h.
Tasks of the agent: call to book due 3 March closed that day (on time), qualification call due
8 March closed on the 9th (late), call to book due 10 March cancelled (never), 7-day recall due
12 March still open (never), 7-day recall due 15 March closed at 23:00 (on time).
"""

from __future__ import annotations

from datetime import date, datetime

import frappe

from nest_prospects.followup.test_due_tasks import FollowupTestCase
from nest_prospects.nest_prospects.report.nest_response_times.nest_response_times import (
	execute,
	overdue_first_calls_card,
	waiting_answers_card,
)
from nest_prospects.tests.factories import AGENT, make_prospect

FILTERS = {"from_date": "2021-03-01", "to_date": "2021-04-30", "user": AGENT}


class TestResponseTimes(FollowupTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		prospects = [
			("Hot", datetime(2021, 3, 1, 10), datetime(2021, 3, 2, 9)),
			("Warm", datetime(2021, 3, 4, 10), datetime(2021, 3, 8, 11)),
			("Hot", datetime(2021, 3, 5, 10), datetime(2021, 3, 25, 10)),
			("Warm", datetime(2021, 3, 10, 10), None),
			("Cold", datetime(2021, 3, 2, 10), None),
			("Hot", datetime(2021, 4, 1, 10), datetime(2021, 4, 1, 15)),
		]
		for temperature, first, answered in prospects:
			prospect = make_prospect(
				last_name="Delais" + frappe.generate_hash(length=5),
				first_contact_on=first,
				temperature=temperature,
				responsible_user=AGENT,
			)
			frappe.db.set_value("NEST Prospect", prospect.name, "first_answered_on", answered)
		cls.reference = prospect.name
		tasks = [
			("Call to book", date(2021, 3, 3), "Closed", datetime(2021, 3, 3, 16)),
			("Qualification call", date(2021, 3, 8), "Closed", datetime(2021, 3, 9, 9)),
			("Call to book", date(2021, 3, 10), "Cancelled", datetime(2021, 3, 20)),
			("7-day recall", date(2021, 3, 12), "Open", None),
			("7-day recall", date(2021, 3, 15), "Closed", datetime(2021, 3, 15, 23)),
		]
		for reason, due, status, modified in tasks:
			make_task(reason, cls.reference, due, status, modified)

	def test_per_month(self):
		columns, rows, _message, chart, summary = execute(FILTERS)
		march, april, total = rows
		self.assertEqual((str(march["period"]), march["user"]), ("2021-03-01", AGENT))
		answers = ("prospects", "answered", "within_48h", "within_15d", "within_48h_rate", "within_15d_rate")
		self.assertEqual([march[k] for k in answers], [4, 3, 1, 2, 25.0, 50.0])
		self.assertEqual(march["median_wait_hours"], 49.0)
		self.assertEqual(march["median_wait"], "2 j 1 h")
		self.assertEqual([april[k] for k in answers], [1, 1, 1, 1, 100.0, 100.0])
		self.assertEqual(april["median_wait_hours"], 5.0)
		self.assertEqual([total[k] for k in answers], [5, 4, 2, 3, 40.0, 60.0])
		self.assertEqual(total["median_wait_hours"], 36.0)  # median of 5, 23, 49, 336

		calls = ("calls_on_time", "calls_late", "calls_never", "calls_pending", "calls_on_time_rate")
		self.assertEqual([march[k] for k in calls], [1, 1, 1, 0, 33.3])
		recalls = (
			"recalls_on_time",
			"recalls_late",
			"recalls_never",
			"recalls_pending",
			"recalls_on_time_rate",
		)
		self.assertEqual([march[k] for k in recalls], [1, 0, 1, 0, 50.0])
		self.assertEqual(april["calls_on_time"] + april["recalls_on_time"], 0)

		self.assertEqual(chart["data"]["labels"], ["03/2021", "04/2021"])
		self.assertEqual(chart["data"]["datasets"][0]["values"], [25.0, 100.0])
		self.assertEqual(summary[1]["value"], 40.0)
		self.assertEqual(len(columns), 20)

	def test_per_week_and_temperature(self):
		rows = execute({**FILTERS, "period": "Week"})[1]
		weeks = {str(row["period"]): row for row in rows[:-1]}
		self.assertEqual(weeks["2021-03-01"]["prospects"], 3)  # P1, P2, P3
		self.assertEqual(weeks["2021-03-08"]["prospects"], 1)  # P4
		self.assertEqual(weeks["2021-03-15"]["recalls_on_time"], 1)
		hot = execute({**FILTERS, "temperature": "Hot"})[1]
		self.assertEqual(hot[-1]["prospects"], 3)

	def test_another_user_sees_none(self):
		self.assertEqual(execute({**FILTERS, "user": "Administrator"})[1], [])

	def test_the_cards(self):
		for card in (waiting_answers_card(), overdue_first_calls_card()):
			self.assertIsInstance(card["value"], int)
			self.assertEqual(card["route"][0], "query-report")


def make_task(reason, reference, due, status, modified):
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": AGENT,
			"description": reason,
			"date": due,
			"reference_type": "NEST Prospect",
			"reference_name": reference,
		}
	).insert(ignore_permissions=True)
	if status != "Open":
		frappe.db.set_value(
			"ToDo", todo.name, {"status": status, "modified": modified}, update_modified=False
		)
	frappe.get_doc(
		{
			"doctype": "NEST Follow-up Task",
			"task_key": f"{reason}|NEST Prospect|{reference}|{due}",
			"reason": reason,
			"reference_type": "NEST Prospect",
			"reference_name": reference,
			"todo": todo.name,
			"assigned_to": AGENT,
			"due_on": datetime.combine(due, datetime.min.time()),
		}
	).insert(ignore_permissions=True)
