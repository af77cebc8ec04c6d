"""A patient pushed or corrected reconciles the matching active prospects at once."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from nest_prospects.conversion_review.jobs import create_due_reviews
from nest_prospects.tests.commits import commits_held
from nest_prospects.tests.factories import AGENT, make_patient, make_prospect, random_mobile


def todo(prospect: str, status: str = "Open") -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": AGENT,
				"description": "RAPPEL 7 JOURS",
				"reference_type": "NEST Prospect",
				"reference_name": prospect,
				"status": status,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


class TestPatientReconciliation(FrappeTestCase):
	def setUp(self):
		self.enterContext(commits_held())  # the review job commits per page
		frappe.set_user("Administrator")

	def test_patient_registered_after_the_prospect_converts_it_and_ends_its_follow_up(self):
		prospect = make_prospect(
			last_name="Reconcile" + frappe.generate_hash(length=5),
			first_contact_on=add_days(now_datetime(), -5),
		)
		open_task, done_task = todo(prospect.name), todo(prospect.name, "Closed")
		patient = make_patient(phone=prospect.phone)

		prospect.reload()
		self.assertEqual((prospect.status, prospect.patient), ("Converted", patient.name))
		self.assertEqual(frappe.db.get_value("ToDo", open_task, "status"), "Cancelled")
		self.assertEqual(frappe.db.get_value("ToDo", done_task, "status"), "Closed")
		versions = frappe.get_all(
			"Version", filters={"ref_doctype": "NEST Prospect", "docname": prospect.name}, pluck="data"
		)
		self.assertTrue(any('"Active"' in data and '"Converted"' in data for data in versions), versions)

	def test_patient_registered_before_the_prospect_makes_it_already_patient(self):
		prospect = make_prospect(
			last_name="Before" + frappe.generate_hash(length=5), date_of_birth="1979-02-02"
		)
		patient = make_patient(
			first_name=prospect.first_name,
			last_name=prospect.last_name.upper(),
			date_of_birth="1979-02-02",
			created_in_patient_system_on=add_days(now_datetime(), -300),
		)
		self.assertEqual(
			frappe.db.get_value("NEST Prospect", prospect.name, ["status", "patient"]),
			("Already Patient", patient.name),
		)

	def test_a_prospect_no_longer_active_is_left_alone(self):
		prospect = make_prospect()
		frappe.db.set_value("NEST Prospect", prospect.name, "status", "Abandoned")
		make_patient(phone=prospect.phone)
		self.assertEqual(
			frappe.db.get_value("NEST Prospect", prospect.name, ["status", "patient"]), ("Abandoned", None)
		)

	def test_a_corrected_phone_reconciles_on_update(self):
		prospect = make_prospect()
		patient = make_patient(phone=random_mobile())
		self.assertEqual(frappe.db.get_value("NEST Prospect", prospect.name, "status"), "Active")
		patient.phone = prospect.phone
		patient.save()
		self.assertEqual(frappe.db.get_value("NEST Prospect", prospect.name, "patient"), patient.name)

	def test_an_existing_review_is_brought_up_to_date_and_keeps_its_comments(self):
		prospect = make_prospect(
			last_name="Review" + frappe.generate_hash(length=6),
			first_contact_on=add_days(now_datetime(), -40),
		)
		create_due_reviews()
		frappe.db.set_value("NEST Conversion Review", prospect.name, "comments", "Injoignable")
		self.assertEqual(frappe.db.get_value("NEST Conversion Review", prospect.name, "outcome"), "Empty")
		patient = make_patient(phone=prospect.phone)
		review = frappe.get_doc("NEST Conversion Review", prospect.name)
		self.assertEqual((review.outcome, review.evidence_name), ("Converted", patient.name))
		self.assertEqual(review.comments, "Injoignable")

	def test_an_old_prospect_failing_todays_checks_is_still_reconciled(self):
		prospect = make_prospect()
		frappe.db.set_value("NEST Prospect", prospect.name, "date_of_birth", None)  # required today
		frappe.local.message_log = []
		patient = make_patient(phone=prospect.phone)
		# The prospect's refusal is handled: its message is not the answer of whoever saved the patient.
		self.assertEqual(frappe.local.message_log, [])
		self.assertFalse(frappe.flags.mute_messages)
		self.assertEqual(
			frappe.db.get_value("NEST Prospect", prospect.name, ["status", "patient"]),
			("Converted", patient.name),
		)
		self.assertTrue(
			frappe.db.exists(
				"Comment",
				{
					"reference_doctype": "NEST Prospect",
					"reference_name": prospect.name,
					"comment_type": "Info",
				},
			)
		)
