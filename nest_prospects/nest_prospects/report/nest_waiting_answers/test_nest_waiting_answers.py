"""Prospects whose first question is still waiting for an answer, with how long they have waited."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, now_datetime

from nest_prospects.followup.test_due_tasks import FollowupTestCase
from nest_prospects.nest_prospects.doctype.nest_prospect.nest_prospect import answer_window
from nest_prospects.nest_prospects.report.nest_waiting_answers.nest_waiting_answers import execute
from nest_prospects.tests.factories import AGENT, make_prospect


class TestNESTWaitingAnswers(FollowupTestCase):
	def test_waiting_until_the_clinic_answers(self):
		waiting = make_prospect(
			temperature="Hot", responsible_user=AGENT, first_contact_on=add_days(now_datetime(), -20)
		)
		cold = make_prospect(temperature="Cold", responsible_user=AGENT)
		rows = {row.name: row for row in execute({})[1]}
		self.assertIn(waiting.name, rows)
		self.assertNotIn(cold.name, rows)
		self.assertGreater(rows[waiting.name].waited_hours, 48)
		# The wait reads in working days and hours ("9 j 3 h"), the hours stay for sorting.
		self.assertRegex(rows[waiting.name].waiting, r"^\d+ j( \d+ h)?$")
		self.assertEqual(rows[waiting.name].answer_status, _("Overdue"))  # 20 days > 15 days
		window = answer_window(frappe.get_doc("NEST Prospect", waiting.name))
		self.assertEqual(window["status"], "Overdue")
		self.assertIsNone(window["answered_on"])
		self.assertRegex(window["waited"], r"^\d+ j( \d+ h)?$")

		# The secretary calls and answers: the prospect leaves the list.
		frappe.get_doc(
			{
				"doctype": "NEST Interaction",
				"party_type": "NEST Prospect",
				"party": waiting.name,
				"channel": "Outbound Call",
				"answers_request": 1,
			}
		).insert()
		self.assertNotIn(waiting.name, [row.name for row in execute({})[1]])
		window = answer_window(frappe.get_doc("NEST Prospect", waiting.name))
		self.assertEqual(window["status"], "Answered late")
		self.assertIsNone(answer_window(frappe.get_doc("NEST Prospect", cold.name)))
