"""The report's totals are the reviews' totals, in every grouping and in the per-prospect view."""

from __future__ import annotations

from collections import Counter

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from nest_prospects.constants import REVIEW
from nest_prospects.conversion_review.jobs import create_due_reviews
from nest_prospects.conversion_review.rules.outcomes import OUTCOMES
from nest_prospects.conversion_review.rules.summary import outcome_key
from nest_prospects.nest_prospects.report.nest_prospect_conversion.nest_prospect_conversion import execute
from nest_prospects.tests.commits import commits_held
from nest_prospects.tests.factories import AGENT, OUTSIDER, make_patient, make_prospect


class TestProspectConversionReport(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		days = now_datetime().replace(hour=9, minute=0, second=0, microsecond=0)
		cls.quote = make_prospect(
			last_name="Report" + frappe.generate_hash(length=5),
			first_contact_on=add_days(days, -40),
			initial_request_types=[{"request_type": "TARIFS"}, {"request_type": "INFOS PROGRAMME"}],
			temperature="Warm",
			source="Facebook",
		)
		cls.converted = make_prospect(
			last_name="Report" + frappe.generate_hash(length=5), first_contact_on=add_days(days, -70)
		)
		make_patient(phone=cls.converted.phone, created_in_patient_system_on=add_days(days, -50))
		cls.empty = make_prospect(
			last_name="Report" + frappe.generate_hash(length=5), first_contact_on=add_days(days, -45)
		)
		with commits_held():  # the review job commits per page
			create_due_reviews()
		frappe.db.set_value(REVIEW, cls.quote.name, "comments", "Devis envoyé par mail")

	def reviews_by_outcome(self) -> Counter:
		return Counter(frappe.get_all(REVIEW, pluck="outcome"))

	def test_totals_match_the_reviews_in_every_grouping(self):
		expected = self.reviews_by_outcome()
		self.assertGreaterEqual(sum(expected.values()), 3)
		for group_by in ("Month", "Source", "Temperature"):
			with self.subTest(group_by=group_by):
				columns, rows, _message, chart, summary = execute({"view": "Summary", "group_by": group_by})
				total = rows[-1]
				self.assertEqual(total["total"], sum(expected.values()))
				for outcome in OUTCOMES:
					self.assertEqual(total[outcome_key(outcome)], expected.get(outcome, 0), outcome)
				self.assertEqual(sum(row["total"] for row in rows[:-1]), total["total"])
				self.assertEqual(
					sum(sum(dataset["values"]) for dataset in chart["data"]["datasets"]), total["total"]
				)
				self.assertEqual(summary[0]["value"], total["total"])
				self.assertEqual(len(columns), 2 + 2 * len(OUTCOMES))

	def test_rates_and_groups(self):
		_columns, rows, *_rest = execute({"view": "Summary", "group_by": "Source", "source": "Facebook"})
		facebook = next(row for row in rows if row["group"] == "Facebook")
		expected = Counter(frappe.get_all(REVIEW, filters={"source": "Facebook"}, pluck="outcome"))
		self.assertEqual(facebook["total"], sum(expected.values()))
		self.assertEqual(
			facebook["information_quote_rate"],
			round(100.0 * expected["Information / Quote"] / sum(expected.values()), 1),
		)

	def test_by_request_type_a_prospect_counts_under_each_of_its_requests(self):
		_columns, rows, *_rest = execute({"view": "Summary", "group_by": "Request Type"})
		by_group = {row["group"]: row for row in rows}
		for code in ("TARIFS", "INFOS PROGRAMME"):
			self.assertEqual(
				by_group[code]["total"], frappe.db.count(REVIEW, {"request_types": ("like", f"%{code}%")})
			)
		self.assertEqual(rows[-1]["total"], frappe.db.count(REVIEW))

	def test_per_prospect_view_is_the_secretaries_spreadsheet(self):
		columns, rows, _message = execute({"view": "Prospects"})
		self.assertEqual(len(rows), frappe.db.count(REVIEW))
		self.assertIn("Comments", [column["label"] for column in columns])
		quote = next(row for row in rows if row["prospect"] == self.quote.name)
		self.assertEqual(quote["comments"], "Devis envoyé par mail")
		self.assertEqual(quote["outcome"], "Information / Quote")
		self.assertEqual(quote["phone"], self.quote.phone)
		converted = next(row for row in rows if row["prospect"] == self.converted.name)
		self.assertEqual(
			(converted["outcome"], converted["evidence_doctype"], converted["prospect_status"]),
			("Converted", "NEST Patient", "Converted"),
		)
		filtered = execute({"view": "Prospects", "outcome": "Empty"})[1]
		self.assertEqual(len(filtered), frappe.db.count(REVIEW, {"outcome": "Empty"}))

	def test_who_may_run_the_report(self):
		report = frappe.get_doc("Report", "NEST Prospect Conversion")
		for user, allowed in ((AGENT, True), (OUTSIDER, False)):
			with self.subTest(user=user):
				frappe.set_user(user)
				self.assertEqual(bool(report.is_permitted()), allowed)
		frappe.set_user("Administrator")

	def test_the_prospects_view_is_paged_with_a_message(self):
		from unittest.mock import patch

		from nest_prospects.nest_prospects.report.nest_prospect_conversion import nest_prospect_conversion

		total = frappe.db.count(REVIEW)
		self.assertGreaterEqual(total, 3)
		with patch.object(nest_prospect_conversion, "PAGE_LENGTH", 2):
			_columns, first, message = execute({"view": "Prospects"})
			_columns, second, second_message = execute({"view": "Prospects", "page": 2})
			_columns, beyond, _message = execute({"view": "Prospects", "page": 999})
			last = execute({"view": "Prospects", "page": (total + 1) // 2})[1]
		self.assertEqual(len(first), 2)
		self.assertIn(str(total), message)
		self.assertTrue(second)
		self.assertFalse({row["review"] for row in first} & {row["review"] for row in second})
		self.assertIn(str(total), second_message)
		# Past the last page: the last page.
		self.assertEqual(beyond, last)
		# Every review, page after page, oldest first: the spreadsheet in order.
		with patch.object(nest_prospect_conversion, "PAGE_LENGTH", 2):
			paged = [
				row["review"]
				for page in range(1, (total + 1) // 2 + 1)
				for row in execute({"view": "Prospects", "page": page})[1]
			]
		with patch.object(nest_prospect_conversion, "PAGE_LENGTH", total):
			_columns, whole, no_message = execute({"view": "Prospects"})
		self.assertEqual(paged, [row["review"] for row in whole])
		self.assertIsNone(no_message)

	def test_the_summary_counts_in_the_database(self):
		"""One GROUP BY, whatever the number of reviews (no review is loaded into Python)."""
		from nest_prospects.benchmarks.data import count_queries

		for group_by in ("Month", "Source", "Temperature", "Request Type"):
			with self.subTest(group_by=group_by), count_queries() as queries:
				execute({"view": "Summary", "group_by": group_by})
			self.assertEqual(len(queries), 1)
			self.assertIn("group by", queries[0][0].lower())
