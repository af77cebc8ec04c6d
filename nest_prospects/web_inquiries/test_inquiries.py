"""A website inquiry in a real site: where it is recorded, what the follow-up makes of it, and
where the secretaries see it (the morning review)."""

from __future__ import annotations

from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import add_days, get_datetime, getdate, now_datetime, today

from nest_prospects.followup.due_tasks import create_due_tasks
from nest_prospects.followup.rules.working_time import add_working_day_hours
from nest_prospects.followup.test_due_tasks import FollowupTestCase
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.nest_prospects.report.nest_morning_review import nest_morning_review
from nest_prospects.tests.factories import MANAGER, make_patient, make_prospect, random_mobile
from nest_prospects.web_inquiries.inquiries import CHANNEL, SOURCE, public_request_types, record_inquiry
from nest_prospects.web_inquiries.rules import clean_inquiry

CONSENT = "Oui, la clinique NEST peut me rappeler au sujet de ma demande."


def send(**values) -> dict:
	"""An inquiry sent from the page, as Guest; where it was recorded."""
	payload = {
		"first_name": "Coumba",
		"last_name": "Faye",
		"phone": random_mobile(),
		"request_types": ["DEVIS ACCOUCHEMENT"],
		"message": "Bonjour, combien coûte un accouchement ?",
		"consent": True,
		**values,
	}
	codes = [row.name for row in public_request_types()]
	clean = clean_inquiry(payload, getdate(today()), codes)
	frappe.set_user("Guest")
	try:
		return record_inquiry(clean)
	finally:
		frappe.set_user("Administrator")


class WebInquiryTestCase(FollowupTestCase):
	"""Known follow-up settings, the manager as the pool, the date of birth required at the desk."""

	extra_settings = {"require_date_of_birth": 1, "web_inquiry_consent_text": CONSENT}


class TestPublicRequestTypes(WebInquiryTestCase):
	def test_the_page_offers_the_public_types_never_a_recall(self):
		offered = {row.name: row.label for row in public_request_types()}
		self.assertEqual(offered.get("DEVIS ACCOUCHEMENT"), "Devis pour un accouchement")
		for code in ("INFOS PROGRAMME", "SUIVI PÉDIATRIQUE", "FERTILITÉ"):
			self.assertIn(code, offered)
		self.assertNotIn("TARIFS", offered)
		frappe.db.set_value("NEST Request Type", "RAPPEL 7 JOURS", "public", 1)
		frappe.db.set_value("NEST Request Type", "FERTILITÉ", "disabled", 1)
		offered = {row.name for row in public_request_types()}
		self.assertNotIn("RAPPEL 7 JOURS", offered)
		self.assertNotIn("FERTILITÉ", offered)
		frappe.db.rollback()


class TestRecordInquiry(WebInquiryTestCase):
	def test_an_unknown_visitor_becomes_a_hot_prospect_from_the_website(self):
		where = send(email="coumba@example.sn", request_types=["DEVIS ACCOUCHEMENT", "FERTILITÉ"])
		self.assertTrue(where["created"])
		prospect = frappe.get_doc("NEST Prospect", where["party"])
		self.assertEqual(
			(prospect.temperature, prospect.source, prospect.status, prospect.initial_channel),
			("Hot", SOURCE, "Active", CHANNEL),
		)
		self.assertEqual(prospect.email, "coumba@example.sn")
		self.assertIsNone(prospect.date_of_birth)  # optional on the page, though the desk requires it
		self.assertEqual(prospect.responsible_user, MANAGER)  # the pool
		interaction = frappe.get_doc("NEST Interaction", where["interaction"])
		self.assertEqual((interaction.party_type, interaction.party), ("NEST Prospect", prospect.name))
		self.assertEqual(interaction.channel, CHANNEL)
		self.assertEqual(
			[row.request_type for row in interaction.request_types], ["DEVIS ACCOUCHEMENT", "FERTILITÉ"]
		)
		self.assertEqual(interaction.comments, "Bonjour, combien coûte un accouchement ?")
		self.assertEqual(frappe.db.count("NEST Interaction", {"party": prospect.name}), 1)
		consent = frappe.get_all(
			"Comment",
			filters={"reference_doctype": "NEST Interaction", "reference_name": interaction.name},
			pluck="content",
		)
		self.assertEqual(len(consent), 1)
		self.assertIn(CONSENT, consent[0])

	def test_a_known_active_prospect_gets_the_interaction_and_keeps_her_record(self):
		prospect = make_prospect(temperature="Warm", email="old@example.sn")
		modified = get_datetime(prospect.modified)
		before = frappe.db.count("NEST Prospect")
		where = send(
			first_name="Someone",
			last_name="Else",
			phone=prospect.phone,
			email="new@example.sn",
			request_types=["INFOS PROGRAMME"],
		)
		self.assertFalse(where["created"])
		self.assertEqual((where["party_type"], where["party"]), ("NEST Prospect", prospect.name))
		self.assertEqual(frappe.db.count("NEST Prospect"), before)
		stored = frappe.db.get_value(
			"NEST Prospect", prospect.name, ["first_name", "email", "temperature", "modified"], as_dict=True
		)
		self.assertEqual(
			(stored.first_name, stored.email, stored.temperature, stored.modified),
			("Awa", "old@example.sn", "Warm", modified),
		)
		interaction = frappe.get_doc("NEST Interaction", where["interaction"])
		self.assertEqual(interaction.channel, CHANNEL)
		# what she typed, for the secretary to compare
		self.assertIn("Someone Else", interaction.comments)
		self.assertIn("new@example.sn", interaction.comments)
		self.assertEqual(
			get_datetime(frappe.db.get_value("NEST Prospect", prospect.name, "last_interaction_on")),
			get_datetime(interaction.interaction_on),
		)

	def test_names_and_date_of_birth_find_her_under_another_phone(self):
		prospect = make_prospect(first_name="Ndèye", last_name="Sow", date_of_birth="1991-07-08")
		where = send(first_name="ndeye", last_name="SOW", date_of_birth="1991-07-08", phone=random_mobile())
		self.assertEqual((where["party"], where["created"]), (prospect.name, False))

	def test_a_patient_is_found_before_a_new_prospect_is_made(self):
		patient = make_patient()
		where = send(phone=patient.phone)
		self.assertEqual((where["party_type"], where["party"]), ("NEST Patient", patient.name))
		self.assertFalse(frappe.db.exists("NEST Prospect", {"phone": patient.phone}))

	def test_a_prospect_out_of_the_follow_up_is_not_matched(self):
		gone = make_prospect()
		frappe.db.set_value("NEST Prospect", gone.name, "status", "Abandoned")
		where = send(phone=gone.phone)
		self.assertTrue(where["created"])
		self.assertNotEqual(where["party"], gone.name)


class TestFollowUpAfterAnInquiry(WebInquiryTestCase):
	def test_the_hourly_job_owes_her_the_48_hour_call_then_the_7_day_recall(self):
		where = send(request_types=["DEVIS ACCOUCHEMENT"])
		prospect = where["party"]
		first_contact = get_datetime(frappe.db.get_value("NEST Prospect", prospect, "first_contact_on"))
		calendar = get_settings().working_calendar(first_contact)

		create_due_tasks(now=add_working_day_hours(first_contact, 47, calendar))
		self.assertEqual(self.reasons(prospect), [])
		create_due_tasks(now=add_working_day_hours(first_contact, 49, calendar))
		self.assertEqual(self.reasons(prospect), ["Call to book"])
		create_due_tasks(now=first_contact + timedelta(days=7, hours=1))
		self.assertEqual(self.reasons(prospect), ["7-day recall", "Call to book"])
		todos = frappe.get_all(
			"ToDo",
			filters={"reference_type": "NEST Prospect", "reference_name": prospect},
			fields=["allocated_to", "status"],
		)
		self.assertEqual({(todo.allocated_to, todo.status) for todo in todos}, {(MANAGER, "Open")})

	def test_a_patients_programme_request_is_recalled_a_week_later(self):
		patient = make_patient()
		send(phone=patient.phone, request_types=["INFOS PROGRAMME"])
		create_due_tasks(now=now_datetime() + timedelta(days=7, hours=1))
		self.assertEqual(self.reasons(patient.name), ["7-day recall"])
		# the visitor (Guest) is nobody's secretary: the pool calls her back
		self.assertEqual(
			frappe.db.get_value("ToDo", {"reference_name": patient.name}, "allocated_to"), MANAGER
		)

	@staticmethod
	def reasons(reference_name: str) -> list[str]:
		return sorted(
			frappe.get_all("NEST Follow-up Task", filters={"reference_name": reference_name}, pluck="reason")
		)


class TestMorningReview(WebInquiryTestCase):
	def test_the_next_morning_review_lists_the_inquiry_from_the_website(self):
		where = send()
		sent_on = get_datetime(
			frappe.db.get_value("NEST Interaction", where["interaction"], "interaction_on")
		)
		review_day = next(
			day
			for day in (getdate(add_days(today(), offset)) for offset in range(1, 15))
			if nest_morning_review.review_window(day)[0]
			<= sent_on
			< nest_morning_review.review_window(day)[1]
		)
		_columns, rows, _message = nest_morning_review.execute({"review_date": str(review_day)})
		[row] = [row for row in rows if row.name == where["interaction"]]
		self.assertEqual(row.channel, _("Website"))
		self.assertEqual(row.party, where["party"])
		self.assertEqual(row.request_types, "DEVIS ACCOUCHEMENT")
		self.assertFalse(row.processed)
