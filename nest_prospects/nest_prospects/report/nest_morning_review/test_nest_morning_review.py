"""The morning review lists the previous working day's interactions, prospects and patients."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import frappe
from frappe.utils import getdate, now_datetime

from nest_prospects.followup.api import mark_processed
from nest_prospects.followup.rules.working_time import is_working_day
from nest_prospects.followup.test_due_tasks import FollowupTestCase
from nest_prospects.nest_prospects.report.nest_morning_review.nest_morning_review import execute
from nest_prospects.tests.factories import AGENT, MANAGER, make_patient, make_prospect


class TestNESTMorningReview(FollowupTestCase):
	def review_day_after_a_working_day(self):
		"""A past working day whose previous day is a working day too (e.g. a Tuesday)."""
		cal = self.calendar()
		day = getdate(now_datetime()) - timedelta(days=7)
		while not (is_working_day(day, cal) and is_working_day(day - timedelta(days=1), cal)):
			day -= timedelta(days=1)
		return day

	def log(self, party_type, party, moment):
		return self.log_interaction(party, ["TARIFS"], party_type=party_type, interaction_on=moment)

	def test_yesterday_prospects_and_patients_with_their_processed_state(self):
		review_day = self.review_day_after_a_working_day()
		yesterday = review_day - timedelta(days=1)
		prospect = make_prospect(
			responsible_user=AGENT, first_contact_on=datetime.combine(yesterday, time(9))
		)
		patient = make_patient()
		from_patient = self.log("NEST Patient", patient.name, datetime.combine(yesterday, time(17, 30)))
		too_old = self.log(
			"NEST Patient", patient.name, datetime.combine(yesterday, time(0)) - timedelta(minutes=1)
		)
		too_new = self.log("NEST Patient", patient.name, datetime.combine(review_day, time(8)))
		first = frappe.get_all("NEST Interaction", filters={"party": prospect.name}, pluck="name")[0]

		columns, rows, _message = execute({"review_date": review_day})
		names = [row.name for row in rows]
		self.assertIn(first, names)
		self.assertIn(from_patient.name, names)
		self.assertNotIn(too_old.name, names)
		self.assertNotIn(too_new.name, names)
		self.assertIn("processed", [column["fieldname"] for column in columns])

		frappe.set_user(MANAGER)
		mark_processed([from_patient.name])
		frappe.set_user("Administrator")
		rows = {row.name: row for row in execute({"review_date": review_day})[1]}
		self.assertEqual(rows[from_patient.name].processed, 1)
		self.assertEqual(rows[from_patient.name].processed_by, MANAGER)
		self.assertEqual(rows[first].processed, 0)
		self.assertIn("TARIFS", rows[from_patient.name].request_types)

		to_process = [row.name for row in execute({"review_date": review_day, "show": "To Process"})[1]]
		self.assertIn(first, to_process)
		self.assertNotIn(from_patient.name, to_process)
		# Processed is a state: the interaction is still there.
		self.assertTrue(frappe.db.exists("NEST Interaction", from_patient.name))

	def test_on_monday_the_review_covers_the_weekend(self):
		cal = self.calendar()
		monday = getdate(now_datetime()) - timedelta(days=7)
		while monday.weekday() != 0 or not is_working_day(monday - timedelta(days=3), cal):
			monday -= timedelta(days=1)
		patient = make_patient()
		saturday = self.log(
			"NEST Patient", patient.name, datetime.combine(monday - timedelta(days=2), time(11))
		)
		friday = self.log(
			"NEST Patient", patient.name, datetime.combine(monday - timedelta(days=3), time(11))
		)
		names = [row.name for row in execute({"review_date": monday})[1]]
		self.assertIn(saturday.name, names)
		self.assertIn(friday.name, names)
