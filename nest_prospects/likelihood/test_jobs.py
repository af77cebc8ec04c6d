"""The daily likelihood job and the calibration report, in a site, on generated reviews."""

from __future__ import annotations

import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from nest_prospects.benchmarks.data import count_queries
from nest_prospects.likelihood.jobs import update_likelihoods
from nest_prospects.likelihood.queries import frequency_tables
from nest_prospects.likelihood.rules import FrequencyTables, predict
from nest_prospects.nest_prospects.doctype.nest_likelihood_model.nest_likelihood_model import MODEL
from nest_prospects.nest_prospects.report.nest_likelihood_calibration.nest_likelihood_calibration import (
	execute as calibration,
)
from nest_prospects.tests.factories import (
	AGENT,
	ensure_source,
	make_prospect,
	make_reviewed_prospects,
)

LIKELY = "Test Likelihood Recommandation"
UNLIKELY = "Test Likelihood Flyer"
NEUTRAL = "Test Likelihood Nouvelle"


def likelihood(name: str):
	"""The prospect's likelihood, None when she has none (no factors stored: likelihood.jobs)."""
	value, factors = frappe.db.get_value(
		"NEST Prospect", name, ["conversion_likelihood", "likelihood_factors"]
	)
	return None if factors is None else float(value)


def set_floor(value: int) -> None:
	frappe.db.set_single_value(MODEL, "minimum_reviewed", value)


class LikelihoodTestCase(FrappeTestCase):
	def setUp(self):
		for source in (LIKELY, UNLIKELY, NEUTRAL):
			ensure_source(source)
		self.addCleanup(set_floor, frappe.db.get_single_value(MODEL, "minimum_reviewed") or 50)
		set_floor(20)

	def reviewed(self):
		"""40 reviewed prospects: 20 from a source that converts 18 times, 20 from one that converts twice."""
		make_reviewed_prospects(20, 18, source=LIKELY, temperature="Warm")
		make_reviewed_prospects(20, 2, source=UNLIKELY, temperature="Warm")


class TestLikelihoodJob(LikelihoodTestCase):
	def test_the_job_orders_active_prospects_by_what_the_reviews_learned(self):
		self.reviewed()
		likely = make_prospect(source=LIKELY, temperature="Warm", responsible_user=AGENT)
		unlikely = make_prospect(source=UNLIKELY, temperature="Warm", responsible_user=AGENT)
		new_source = make_prospect(source=NEUTRAL, temperature="Warm", responsible_user=AGENT)
		result = update_likelihoods()
		self.assertFalse(result["skipped"])
		self.assertGreaterEqual(result["reviewed"], 40)
		self.assertGreater(likelihood(likely.name), likelihood(new_source.name))
		self.assertGreater(likelihood(new_source.name), likelihood(unlikely.name))
		# the source weighs most for both, up for one and down for the other
		top = json.loads(frappe.db.get_value("NEST Prospect", likely.name, "likelihood_factors"))
		self.assertLessEqual(len(top), 3)
		self.assertEqual(top[0][:2], ["source", LIKELY])
		self.assertGreater(top[0][2], 0)
		bottom = json.loads(frappe.db.get_value("NEST Prospect", unlikely.name, "likelihood_factors"))
		self.assertEqual(bottom[0][:2], ["source", UNLIKELY])
		self.assertLess(bottom[0][2], 0)
		# what the job stored is the pure model's answer on the tables the GROUP BYs counted
		tables = FrequencyTables.from_dict(json.loads(frappe.db.get_single_value(MODEL, "frequency_tables")))
		self.assertEqual(tables.as_dict(), frequency_tables().as_dict())
		self.assertGreaterEqual(tables.counts["source"][LIKELY][0], 18)

	def test_a_second_run_changes_nothing(self):
		self.reviewed()
		make_prospect(source=LIKELY, temperature="Hot")
		self.assertGreater(update_likelihoods()["changed"], 0)
		before = frappe.db.sql(
			"select name, conversion_likelihood, likelihood_factors, modified from `tabNEST Prospect` order by name"
		)
		model_modified = frappe.db.get_single_value(MODEL, "tables_changed_on")
		again = update_likelihoods()
		self.assertEqual(again["changed"], 0)
		after = frappe.db.sql(
			"select name, conversion_likelihood, likelihood_factors, modified from `tabNEST Prospect` order by name"
		)
		self.assertEqual(before, after)
		self.assertEqual(frappe.db.get_single_value(MODEL, "tables_changed_on"), model_modified)

	def test_below_the_floor_no_likelihood(self):
		self.reviewed()
		prospect = make_prospect(source=LIKELY, temperature="Warm")
		update_likelihoods()
		self.assertIsNotNone(likelihood(prospect.name))
		set_floor(10**6)
		result = update_likelihoods()
		self.assertEqual(result["scored"], 0)
		self.assertIsNone(likelihood(prospect.name))
		self.assertIsNone(frappe.db.get_value("NEST Prospect", prospect.name, "likelihood_factors"))
		self.assertEqual(update_likelihoods()["changed"], 0)

	def test_only_active_prospects_are_scored_and_a_converted_one_keeps_its_last(self):
		self.reviewed()
		prospect = make_prospect(source=LIKELY, temperature="Warm")
		update_likelihoods()
		last = likelihood(prospect.name)
		frappe.db.set_value("NEST Prospect", prospect.name, "status", "Abandoned")
		make_reviewed_prospects(10, 0, source=LIKELY, temperature="Warm")  # the source turns bad
		update_likelihoods()
		self.assertEqual(likelihood(prospect.name), last)

	def test_the_query_count_is_flat_in_the_number_of_prospects(self):
		self.reviewed()
		update_likelihoods()  # warms the caches

		def queries_with(extra: int) -> int:
			for _ in range(extra):
				make_prospect(source=LIKELY, temperature="Warm")
			with count_queries() as queries:
				update_likelihoods()
			return len(queries)

		self.assertEqual(queries_with(2), queries_with(12))

	def test_the_likelihood_is_read_only_for_every_role(self):
		self.reviewed()
		prospect = make_prospect(source=LIKELY, temperature="Warm", responsible_user=AGENT)
		update_likelihoods()
		stored = likelihood(prospect.name)
		frappe.set_user(AGENT)
		try:
			doc = frappe.get_doc("NEST Prospect", prospect.name)
			self.assertEqual(float(doc.conversion_likelihood), stored)  # the secretary reads it
			doc.conversion_likelihood = 99
			doc.likelihood_factors = "[]"
			doc.comments = "rappelée"
			doc.save()
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(likelihood(prospect.name), stored)
		self.assertNotEqual(frappe.db.get_value("NEST Prospect", prospect.name, "likelihood_factors"), "[]")
		# Administrator too (guards.py keeps the app's permission level)
		doc = frappe.get_doc("NEST Prospect", prospect.name)
		doc.conversion_likelihood = 1
		doc.save()
		self.assertEqual(likelihood(prospect.name), stored)

	def test_the_daily_recalls_and_waiting_answers_sort_by_it(self):
		from nest_prospects.nest_prospects.report.nest_waiting_answers.nest_waiting_answers import (
			execute as waiting,
		)

		self.reviewed()
		unlikely = make_prospect(source=UNLIKELY, temperature="Hot", responsible_user=AGENT)
		likely = make_prospect(source=LIKELY, temperature="Hot", responsible_user=AGENT)
		update_likelihoods()
		_columns, rows = waiting({"responsible_user": AGENT, "most_likely_first": 1})
		names = [row.name for row in rows]
		self.assertLess(names.index(likely.name), names.index(unlikely.name))
		likelihoods = [row.conversion_likelihood for row in rows if row.conversion_likelihood is not None]
		self.assertEqual(likelihoods, sorted(likelihoods, reverse=True))
		self.assertIn("conversion_likelihood", [c["fieldname"] for c in _columns])


class TestCalibrationReport(LikelihoodTestCase):
	def setUp(self):
		super().setUp()
		# The report's numbers are counted by hand on these reviews alone: the site's others are
		# set aside for the test (rolled back with it).
		frappe.db.sql("delete from `tabNEST Conversion Review`")

	def test_bands_counted_by_hand(self):
		"""Leave-one-out with Laplace smoothing on 20 + 20 reviews that differ by their source only:
		an all-converted source gives each of its prospects (19+1)/(19+1) x (19+1)/(19+2) /
		((0+1)/(20+2)) = 19.95 odds: 95.2 %, in 80–100 %; a never-converted one 4.8 %, in 0–20 %."""
		month = add_days(now_datetime(), -40).replace(day=15, hour=10)
		make_reviewed_prospects(20, 20, reviewed_on=month, source=LIKELY, temperature="Warm")
		make_reviewed_prospects(20, 0, reviewed_on=month, source=UNLIKELY, temperature="Warm")
		_columns, data, message, chart, summary = calibration(
			{"from_date": add_days(month, -1).date(), "to_date": add_days(month, 1).date()}
		)
		self.assertIsNone(message)
		key = month.strftime("%Y-%m")
		rows = {(row["month"], row["band"]): row for row in data}
		low, high = rows[(key, "0–20 %")], rows[(key, "80–100 %")]
		self.assertEqual((low["reviewed"], low["converted"], low["observed"]), (20, 0, 0.0))
		self.assertEqual((high["reviewed"], high["converted"], high["observed"]), (20, 20, 100.0))
		odds = (20 / 21) * ((20 / 21) / (1 / 22))
		self.assertAlmostEqual(high["predicted"], round(100 * odds / (1 + odds), 1), places=1)
		self.assertAlmostEqual(low["predicted"], round(100 - high["predicted"], 1), places=1)
		self.assertEqual(len([row for row in data if not row.get("is_total")]), 2)
		self.assertEqual(chart["data"]["labels"], ["0–20 %", "80–100 %"])
		self.assertEqual(summary[0]["value"], 40)
		self.assertEqual(summary[2]["value"], 20)

	def test_below_the_floor_the_report_says_so(self):
		make_reviewed_prospects(3, 1, source=LIKELY)
		_columns, data, message, *_ = calibration({})
		self.assertEqual(data, [])
		self.assertIn("20", message)
