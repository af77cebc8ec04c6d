"""The daily conversion review and the monthly summary, in a site."""

from __future__ import annotations

from contextlib import contextmanager
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_months, get_first_day, getdate, now_datetime, today

from nest_prospects.constants import REVIEW
from nest_prospects.conversion_review import jobs
from nest_prospects.conversion_review.jobs import SUMMARY_SENT_KEY, create_due_reviews, send_monthly_summary
from nest_prospects.tests.commits import commits_held
from nest_prospects.tests.factories import MANAGER, make_patient, make_prospect, random_mobile


def days_ago(days: int, hour: int = 10):
	return add_days(now_datetime(), -days).replace(hour=hour, minute=0, second=0, microsecond=0)


def unique_name() -> str:
	return "T" + frappe.generate_hash(length=8)


def prospect(days: int, **values):
	"""A prospect first seen `days` days ago, with names nobody else has."""
	return make_prospect(last_name=unique_name(), first_contact_on=days_ago(days), **values)


def appointment(party: str, scheduled_on, status: str = "Scheduled"):
	return frappe.get_doc(
		{
			"doctype": "NEST Appointment",
			"party_type": "NEST Prospect",
			"party": party,
			"scheduled_on": scheduled_on,
			"status": status,
		}
	).insert()


@contextmanager
def review_lag(days: int):
	settings = "NEST Prospect Settings"
	before = frappe.db.get_single_value(settings, "conversion_review_after_days")
	frappe.db.set_single_value(settings, "conversion_review_after_days", days)
	frappe.clear_document_cache(settings, settings)
	try:
		yield
	finally:
		frappe.db.set_single_value(settings, "conversion_review_after_days", before)
		frappe.clear_document_cache(settings, settings)


@contextmanager
def count_queries():
	queries: list[str] = []
	original = frappe.db.__class__.sql

	def counting(self, *args, **kwargs):
		queries.append(str(args[0]) if args else "")
		return original(self, *args, **kwargs)

	frappe.db.__class__.sql = counting
	try:
		yield queries
	finally:
		frappe.db.__class__.sql = original


class TestDailyConversionReview(FrappeTestCase):
	def setUp(self):
		self.enterContext(commits_held())  # the job commits per page
		frappe.set_user("Administrator")
		# Reviews of prospects other tests left behind would blur the counts: start from none due.
		create_due_reviews()

	def test_prospects_due_after_the_lag_are_reviewed_once(self):
		due = prospect(28)
		older = prospect(60)
		not_yet = prospect(27)
		self.assertEqual(create_due_reviews(), 2)
		self.assertTrue(frappe.db.exists(REVIEW, {"prospect": due.name}))
		self.assertTrue(frappe.db.exists(REVIEW, {"prospect": older.name}))
		self.assertFalse(frappe.db.exists(REVIEW, {"prospect": not_yet.name}))
		first = frappe.db.get_value(REVIEW, {"prospect": due.name}, ["outcome", "modified", "reviewed_on"])
		frappe.db.set_value(
			REVIEW, {"prospect": due.name}, "comments", "Rappelée le 3, pas de réponse", update_modified=False
		)

		self.assertEqual(create_due_reviews(), 0)
		self.assertEqual(frappe.db.count(REVIEW, {"prospect": ("in", [due.name, older.name])}), 2)
		self.assertEqual(
			frappe.db.get_value(REVIEW, {"prospect": due.name}, ["outcome", "modified", "reviewed_on"]), first
		)
		self.assertEqual(
			frappe.db.get_value(REVIEW, {"prospect": due.name}, "comments"), "Rappelée le 3, pas de réponse"
		)
		# the next day the one created 27 days ago falls due
		self.assertEqual(create_due_reviews(add_days(today(), 1)), 1)
		self.assertTrue(frappe.db.exists(REVIEW, {"prospect": not_yet.name}))

	def test_the_lag_is_a_setting(self):
		recent = prospect(10)
		with review_lag(10):
			self.assertEqual(create_due_reviews(), 1)
		self.assertTrue(frappe.db.exists(REVIEW, recent.name))

	def test_each_outcome_as_the_procedure_lists_them(self):
		quote = prospect(30, initial_request_types=[{"request_type": "TARIFS"}])
		programme = prospect(30, initial_request_types=[{"request_type": "INFOS PROGRAMME"}])
		general = prospect(30, initial_comments="Demande les horaires")
		empty = prospect(30)
		upcoming = prospect(30)
		appointment(upcoming.name, add_days(now_datetime(), 2))
		missed = prospect(30)
		appointment(missed.name, days_ago(5), "No-show")
		cancelled = prospect(30)
		appointment(cancelled.name, add_days(now_datetime(), 2), "Cancelled")
		original = prospect(60, date_of_birth="1991-03-03")
		duplicate = make_prospect(
			first_name=original.first_name,
			last_name=original.last_name,
			date_of_birth="1991-03-03",
			first_contact_on=days_ago(30),
		)
		converted = prospect(30)
		patient = make_patient(phone=converted.phone, created_in_patient_system_on=days_ago(20))
		already = prospect(30, date_of_birth="1980-08-08")
		old_patient = make_patient(
			first_name=already.first_name,
			last_name=already.last_name,
			date_of_birth="1980-08-08",
			created_in_patient_system_on=days_ago(400),
		)

		create_due_reviews()

		def review(doc):
			return frappe.get_doc(REVIEW, {"prospect": doc.name})

		expected = {
			quote: "Information / Quote",
			programme: "Information / Programme",
			general: "Information",
			empty: "Empty",
			upcoming: "Appointment Upcoming",
			missed: "No-show",
			cancelled: "Appointment Cancelled",
			duplicate: "Duplicate Prospect",
			converted: "Converted",
			already: "Already Patient",
		}
		for doc, outcome in expected.items():
			with self.subTest(outcome=outcome):
				self.assertEqual(review(doc).outcome, outcome, review(doc).detail)
		self.assertEqual(
			(
				review(converted).evidence_doctype,
				review(converted).evidence_name,
				review(converted).matched_on,
			),
			("NEST Patient", patient.name, "phone"),
		)
		self.assertEqual(
			(review(already).evidence_name, review(already).matched_on),
			(old_patient.name, "names_and_birth_date"),
		)
		self.assertEqual(review(duplicate).evidence_name, original.name)
		self.assertEqual(review(quote).request_types, "TARIFS")
		self.assertEqual(review(quote).source, "Téléphone")
		self.assertEqual(review(quote).temperature, "Hot")

	def test_a_run_reviews_the_most_overdue_first_and_at_most_its_limit(self):
		newest, oldest, middle = prospect(30), prospect(50), prospect(40)
		self.assertEqual(create_due_reviews(limit=2), 2)
		self.assertTrue(frappe.db.exists(REVIEW, oldest.name))
		self.assertTrue(frappe.db.exists(REVIEW, middle.name))
		self.assertFalse(frappe.db.exists(REVIEW, newest.name))
		# the rest the next run, then nothing
		self.assertEqual(create_due_reviews(limit=2), 1)
		self.assertTrue(frappe.db.exists(REVIEW, newest.name))
		self.assertEqual(create_due_reviews(limit=2), 0)

	def test_pages_of_prospects_first_seen_at_the_same_instant_review_each_once(self):
		# the pages follow (first contact, name): a page ending in the middle of equal first
		# contacts goes on with the next names
		first = days_ago(35)
		names = [make_prospect(last_name=unique_name(), first_contact_on=first).name for _ in range(5)]
		with patch.object(jobs, "BATCH_SIZE", 2):
			self.assertEqual(create_due_reviews(), 5)
		for name in names:
			self.assertEqual(frappe.db.count(REVIEW, {"prospect": name}), 1, name)
		self.assertEqual(create_due_reviews(), 0)

	def test_the_job_costs_the_same_queries_for_two_or_twelve_prospects(self):
		for _ in range(2):
			prospect(30, initial_request_types=[{"request_type": "DEVIS"}])
		with count_queries() as few:
			self.assertEqual(create_due_reviews(), 2)
		for _ in range(12):
			prospect(30, initial_request_types=[{"request_type": "DEVIS"}], phone=random_mobile())
		with count_queries() as many:
			self.assertEqual(create_due_reviews(), 12)
		self.assertEqual(len(many), len(few), "\n".join(many))
		self.assertLessEqual(len(many), 12)


class TestMonthlySummary(FrappeTestCase):
	def setUp(self):
		self.enterContext(commits_held())  # the review job commits per page
		frappe.set_user("Administrator")
		frappe.db.set_global(SUMMARY_SENT_KEY, None)
		if not frappe.db.exists("Email Account", "NEST Test Outgoing"):
			frappe.get_doc(
				{
					"doctype": "Email Account",
					"email_account_name": "NEST Test Outgoing",
					"email_id": "nest-outgoing@example.com",
					"enable_outgoing": 1,
					"default_outgoing": 1,
					"smtp_server": "localhost",
					"no_smtp_authentication": 1,
				}
			).insert(ignore_permissions=True)

	def summary_mails(self) -> list[str]:
		return frappe.get_all(
			"Email Queue",
			filters={"message": ("like", "%Conversion reviews made in%")},
			pluck="name",
		)

	def test_the_past_months_summary_is_mailed_to_the_managers_once(self):
		create_due_reviews()
		done = prospect(45, initial_request_types=[{"request_type": "TARIFS"}])
		create_due_reviews()
		this_month = get_first_day(getdate(today()))
		last_month_day = add_days(add_months(this_month, -1), 3)
		frappe.db.set_value(REVIEW, done.name, "creation", last_month_day, update_modified=False)
		before = set(self.summary_mails())

		self.assertTrue(send_monthly_summary())
		new = set(self.summary_mails()) - before
		self.assertEqual(len(new), 1)
		mail = frappe.get_doc("Email Queue", new.pop())
		self.assertIn(MANAGER, [row.recipient for row in mail.recipients])
		self.assertIn("Information / Quote", mail.message)

		self.assertFalse(send_monthly_summary())
		self.assertEqual(len(set(self.summary_mails()) - before), 1)
		# next month, a new summary
		self.assertTrue(send_monthly_summary(add_months(today(), 1)))
		self.assertEqual(len(set(self.summary_mails()) - before), 2)
