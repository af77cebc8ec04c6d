"""Activité, on the interactions of February 2020, counted by hand.

A prospect first met on Monday 3 February 2020 (her first interaction: an inbound call logged by
the Administrator, no request), then: Tuesday 4th, an email of the agent about TARIFS; Monday
10th, an inbound call of the agent about TARIFS and DEVIS; Tuesday 18th, a visit logged by the
manager, no request. Four interactions.
"""

from __future__ import annotations

from datetime import datetime

import frappe
from frappe.tests.utils import FrappeTestCase

from nest_prospects.nest_prospects.report.nest_activity.nest_activity import MAX_PERIODS, execute
from nest_prospects.tests.factories import AGENT, MANAGER, make_prospect

FEBRUARY = {"from_date": "2020-02-01", "to_date": "2020-02-29"}


class TestActivity(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		prospect = make_prospect(
			last_name="Activite" + frappe.generate_hash(length=5),
			first_contact_on=datetime(2020, 2, 3, 10),
			initial_channel="Inbound Call",
		)
		for moment, channel, user, requests in (
			(datetime(2020, 2, 4, 11), "Email", AGENT, ["TARIFS"]),
			(datetime(2020, 2, 10, 9), "Inbound Call", AGENT, ["TARIFS", "DEVIS"]),
			(datetime(2020, 2, 18, 15), "Visit", MANAGER, []),
		):
			frappe.get_doc(
				{
					"doctype": "NEST Interaction",
					"party_type": "NEST Prospect",
					"party": prospect.name,
					"interaction_on": moment,
					"channel": channel,
					"logged_by": user,
					"request_types": [{"request_type": code} for code in requests],
				}
			).insert()

	def rows(self, **filters):
		columns, rows, message, chart, summary = execute({**FEBRUARY, **filters})
		return {row["group"]: row for row in rows}, columns, message, chart, summary

	def test_per_user_and_month(self):
		rows, columns, message, chart, summary = self.rows(period="Month", group_by="User")
		self.assertEqual(rows[AGENT]["total"], 2)
		self.assertEqual(rows[MANAGER]["total"], 1)
		self.assertEqual(rows["Administrator"]["total"], 1)
		self.assertEqual(rows["Total"]["total"], 4)
		self.assertEqual(rows["Total"]["p_20200201"], 4)
		self.assertEqual([c["label"] for c in columns[2:]], ["02/2020"])
		self.assertIsNone(message)
		self.assertEqual(summary[0]["value"], 4)
		self.assertEqual(sum(sum(d["values"]) for d in chart["data"]["datasets"]), 4)

	def test_per_channel_and_week(self):
		rows, columns, *_ = self.rows(period="Week", group_by="Channel")
		# the weeks of Monday 27 January to Monday 24 February
		self.assertEqual(len(columns), 2 + 5)
		self.assertEqual(rows["Appel entrant" if frappe.local.lang == "fr" else "Inbound Call"]["total"], 2)
		self.assertEqual(rows["Total"]["p_20200203"], 2)
		self.assertEqual(rows["Total"]["p_20200210"], 1)
		self.assertEqual(rows["Total"]["p_20200217"], 1)
		self.assertEqual(rows["Total"]["p_20200127"], 0)

	def test_per_request_type_each_code_counts(self):
		rows, *_ = self.rows(period="Month", group_by="Request Type")
		self.assertEqual(rows["TARIFS"]["total"], 2)
		self.assertEqual(rows["DEVIS"]["total"], 1)
		self.assertEqual(rows["(none)"]["total"], 2)
		self.assertEqual(rows["Total"]["total"], 4)  # each interaction once

	def test_per_day_and_the_limit(self):
		rows, columns, *_ = self.rows(period="Day", group_by="User")
		self.assertEqual(len(columns), 2 + 29)
		self.assertEqual(rows[AGENT]["p_20200204"], 1)
		_columns, _rows, message, *_ = execute(
			{"from_date": "2019-01-01", "to_date": "2020-02-29", "period": "Day", "group_by": "User"}
		)
		self.assertIn(str(MAX_PERIODS), message)

	def test_patients_only(self):
		rows, *_ = self.rows(period="Month", group_by="User", party_type="NEST Patient")
		self.assertEqual(rows, {})
