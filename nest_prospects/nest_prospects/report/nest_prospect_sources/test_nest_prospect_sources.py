"""Sources des prospects, on four prospects of a source of their own, counted by hand.

March 2021: A (a patient pushed 10 days after her first contact: converted), B (nothing).
April 2021: C (a patient 4 days after: converted), D (nothing). The reviews of 20 April 2021
cover the prospects first met 28 days before or earlier: A and B.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import frappe
from frappe.tests.utils import FrappeTestCase

from nest_prospects.conversion_review.jobs import create_due_reviews
from nest_prospects.nest_prospects.report.nest_prospect_sources.nest_prospect_sources import (
	execute,
	last_month_conversion_card,
)
from nest_prospects.tests.commits import commits_held
from nest_prospects.tests.factories import make_patient, make_prospect


class TestProspectSources(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.source = "Source " + frappe.generate_hash(length=6)
		frappe.get_doc({"doctype": "NEST Prospect Source", "source_name": cls.source}).insert()
		firsts = {
			"A": datetime(2021, 3, 2, 10, 0),
			"B": datetime(2021, 3, 10, 10, 0),
			"C": datetime(2021, 4, 5, 10, 0),
			"D": datetime(2021, 4, 12, 10, 0),
		}
		cls.prospects = {
			key: make_prospect(
				last_name="Sources" + frappe.generate_hash(length=5),
				first_contact_on=first,
				source=cls.source,
			)
			for key, first in firsts.items()
		}
		for key, days in (("A", 10), ("C", 4)):
			make_patient(
				phone=cls.prospects[key].phone,
				created_in_patient_system_on=firsts[key] + timedelta(days=days),
			)
		with commits_held():  # the review job commits per page
			create_due_reviews("2021-04-20")
		cls.filters = {"from_date": "2021-01-01", "to_date": "2021-12-31", "source": cls.source}

	def test_the_fixture_is_as_counted(self):
		status = {
			key: frappe.db.get_value("NEST Prospect", p.name, "status") for key, p in self.prospects.items()
		}
		self.assertEqual(status, {"A": "Converted", "B": "Active", "C": "Converted", "D": "Active"})
		reviewed = {
			key for key, p in self.prospects.items() if frappe.db.exists("NEST Conversion Review", p.name)
		}
		self.assertEqual(reviewed, {"A", "B"})

	def test_per_source(self):
		columns, rows, _message, chart, summary = execute(self.filters)
		self.assertEqual(len(rows), 2)  # the source and the total
		source, total = rows
		expected = {
			"source": self.source,
			"prospects": 4,
			"reviewed": 2,
			"converted": 2,
			"conversion_rate": 50.0,
			"median_days": 7.0,
		}
		self.assertEqual({key: source[key] for key in expected}, expected)
		self.assertEqual(total["prospects"], 4)
		self.assertEqual(total["is_total"], 1)
		self.assertEqual(chart["data"]["datasets"][0]["values"], [4])
		self.assertEqual(chart["data"]["datasets"][1]["values"], [2])
		self.assertEqual(summary[2]["value"], 50.0)
		self.assertNotIn("period", [column["fieldname"] for column in columns])

	def test_per_month(self):
		_columns, rows, _message, chart, _summary = execute({**self.filters, "period": "Month"})
		march, april, total = rows
		self.assertEqual(str(march["period"]), "2021-03-01")
		self.assertEqual(
			[march[k] for k in ("prospects", "reviewed", "converted", "conversion_rate", "median_days")],
			[2, 2, 1, 50.0, 10.0],
		)
		self.assertEqual(
			[april[k] for k in ("prospects", "reviewed", "converted", "conversion_rate", "median_days")],
			[2, 0, 1, 50.0, 4.0],
		)
		self.assertEqual(total["median_days"], 7.0)
		self.assertEqual(chart["barOptions"], {"stacked": 1})
		self.assertEqual(chart["data"]["datasets"][0]["values"], [2, 2])

	def test_per_week_and_the_dates(self):
		rows = execute({**self.filters, "period": "Week"})[1]
		self.assertEqual(len(rows), 5)  # four weeks, the total
		self.assertEqual(str(rows[0]["period"]), "2021-03-01")  # Monday of A's week
		self.assertEqual(execute({**self.filters, "to_date": "2021-03-31"})[1][0]["prospects"], 2)

	def test_the_counts_are_made_by_the_database(self):
		from nest_prospects.benchmarks.data import count_queries

		with count_queries() as queries:
			execute(self.filters)
		self.assertEqual(len(queries), 2)

	def test_the_card_is_a_rate(self):
		card = last_month_conversion_card()
		self.assertEqual(card["fieldtype"], "Percent")
		self.assertGreaterEqual(card["value"], 0)
