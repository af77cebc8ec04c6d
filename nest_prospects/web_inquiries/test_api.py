"""The inquiry page and its method through Frappe's whole WSGI application, as a visitor (Guest).

Each request runs in its own thread and database connection and commits what it writes: the
class deletes the records of its run at the end. Each test comes from its own IP address
(X-Forwarded-For, which Frappe reads as the client's), so the rate-limit counters are its own.
"""

from __future__ import annotations

import json

import frappe
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import get_url

from nest_prospects.constants import SETTINGS
from nest_prospects.tests.factories import make_prospect, random_mobile
from nest_prospects.web_inquiries.rules import MAX_BODY_BYTES

METHOD = "nest_prospects.web_inquiries.api.submit"
RUN = frappe.generate_hash(length=6).upper()
# The run in a name: letters only, as the page accepts names.
NAME_RUN = "".join(chr(ord("a") + int(c, 36) % 26) for c in RUN)


class TestInquiryOverHTTP(FrappeAPITestCase):
	addresses = iter(range(1, 250))

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.known = make_prospect(first_name="Khady", last_name=f"Known{NAME_RUN}", phone=random_mobile())
		frappe.db.set_single_value(SETTINGS, "web_inquiries_per_hour", 50)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		prospects = frappe.get_all(
			"NEST Prospect", filters={"last_name": ("like", f"%{NAME_RUN}")}, pluck="name"
		)
		interactions = frappe.get_all("NEST Interaction", filters={"party": ("in", prospects)}, pluck="name")
		if interactions:
			frappe.db.delete("Comment", {"reference_name": ("in", interactions)})
			frappe.db.delete("NEST Interaction Request Type", {"parent": ("in", interactions)})
			frappe.db.delete("NEST Interaction", {"name": ("in", interactions)})
		if prospects:
			frappe.db.delete("NEST Classification Change", {"parent": ("in", prospects)})
			frappe.db.delete("NEST Interaction Request Type", {"parent": ("in", prospects)})
			frappe.db.delete("NEST Prospect", {"name": ("in", prospects)})
		frappe.db.set_single_value(SETTINGS, "web_inquiries_per_hour", 10)
		frappe.db.commit()
		frappe.clear_document_cache(SETTINGS, SETTINGS)
		super().tearDownClass()

	def setUp(self):
		self.address = f"192.0.2.{next(self.addresses)}"
		# The rate-limit counters live an hour: a test run again starts afresh.
		for key in frappe.cache.get_keys("rl:"):
			frappe.cache.delete(key)

	def submit(self, payload, lang: str = "fr", **headers):
		headers = {"X-Forwarded-For": self.address, "Accept-Language": lang, **headers}
		return self.post(self.method(METHOD), payload, headers=headers)

	@staticmethod
	def inquiry(**values) -> dict:
		return {
			"first_name": "Bineta",
			"last_name": f"Web{NAME_RUN}",
			"phone": random_mobile(),
			"email": "",
			"date_of_birth": "",
			"request_types": ["DEVIS ACCOUCHEMENT"],
			"message": "Bonjour",
			"consent": 1,
			"website": "",
			**values,
		}

	@staticmethod
	def message_of(response) -> str:
		return "\n".join(json.loads(raw)["message"] for raw in json.loads(response.json["_server_messages"]))

	def counts(self) -> tuple[int, int]:
		frappe.db.rollback()  # see what the requests committed
		return frappe.db.count("NEST Prospect"), frappe.db.count("NEST Interaction")

	def test_known_or_not_the_visitor_reads_the_same_answer(self):
		before = self.counts()
		new = self.submit(self.inquiry())
		known = self.submit(self.inquiry(phone=self.known.phone))
		self.assertEqual((new.status_code, known.status_code), (200, 200), (new.text, known.text))
		self.assertEqual(new.json, known.json)
		self.assertEqual(
			new.json["message"],
			"Merci, votre demande a bien été envoyée. La clinique vous recontactera bientôt.",
		)
		self.assertNotIn("Khady", known.text)
		self.assertNotIn(self.known.name, known.text)
		self.assertEqual(self.counts(), (before[0] + 1, before[1] + 2))
		self.assertEqual(
			frappe.db.count("NEST Interaction", {"party": self.known.name, "channel": "Website"}), 1
		)

	def test_an_unknown_field_is_refused_naming_it_and_nothing_is_written(self):
		before = self.counts()
		response = self.submit(self.inquiry(temperature="Cold", responsible_user="Administrator"))
		self.assertEqual(response.status_code, 422, response.text)
		self.assertEqual(response.json["exc_type"], "WebInquiryError")
		self.assertEqual(response.json["invalid_fields"], ["responsible_user", "temperature"])
		self.assertIn("responsible_user, temperature", self.message_of(response))
		self.assertEqual(self.counts(), before)

	def test_consent_is_required_in_french_naming_the_field(self):
		before = self.counts()
		response = self.submit(self.inquiry(consent=0))
		self.assertEqual(response.status_code, 422, response.text)
		self.assertEqual(response.json["invalid_fields"], ["consent"])
		self.assertEqual(
			self.message_of(response),
			"Champ Consentement : cochez la case pour accepter que la clinique vous contacte",
		)
		self.assertEqual(self.counts(), before)

	def test_a_refusal_names_the_field_by_its_label_in_the_visitors_language(self):
		response = self.submit(self.inquiry(phone="", email=""))
		self.assertEqual(response.status_code, 422, response.text)
		self.assertEqual(response.json["invalid_fields"], ["phone", "email"])
		self.assertIn("Téléphone", self.message_of(response))
		english = self.submit(self.inquiry(phone="12"), lang="en")
		self.assertEqual(english.status_code, 422, english.text)
		self.assertIn("Field Phone: cannot read 12 as a phone number", self.message_of(english))

	def test_markup_is_refused_naming_the_field_not_stripped(self):
		before = self.counts()
		response = self.submit(self.inquiry(message="<script>alert(1)</script>"))
		self.assertEqual(response.status_code, 422, response.text)
		self.assertEqual(response.json["invalid_fields"], ["message"])
		self.assertIn("Champ Message : le caractère < n'est pas autorisé", self.message_of(response))
		self.assertEqual(self.counts(), before)
		kept = self.submit(self.inquiry(message="Tarifs & délais ? 2 enfants"))
		self.assertEqual(kept.status_code, 200, kept.text)
		frappe.db.rollback()
		self.assertTrue(frappe.db.exists("NEST Interaction", {"comments": "Tarifs & délais ? 2 enfants"}))

	def test_the_honeypot_gets_the_same_answer_and_nothing_is_written(self):
		before = self.counts()
		response = self.submit(self.inquiry(website="http://spam.example"))
		self.assertEqual(response.status_code, 200, response.text)
		self.assertEqual(
			response.json["message"],
			"Merci, votre demande a bien été envoyée. La clinique vous recontactera bientôt.",
		)
		self.assertEqual(self.counts(), before)

	def test_a_body_over_the_bound_is_refused(self):
		before = self.counts()
		response = self.submit(self.inquiry(message="x" * (MAX_BODY_BYTES + 10)))
		self.assertEqual(response.status_code, 413, response.text)
		self.assertEqual(self.counts(), before)

	def test_only_post(self):
		response = self.get(self.method(METHOD), self.inquiry(), headers={"X-Forwarded-For": self.address})
		self.assertIn(response.status_code, (403, 405), response.text)

	def test_one_address_is_rate_limited(self):
		frappe.db.set_single_value(SETTINGS, "web_inquiries_per_hour", 2)
		frappe.db.commit()
		try:
			answers = [self.submit(self.inquiry(phone="12")).status_code for _ in range(3)]
			self.assertEqual(answers, [422, 422, 429])
			self.address = "192.0.2.251"  # another visitor is not held back
			self.assertEqual(self.submit(self.inquiry(phone="12")).status_code, 422)
		finally:
			frappe.db.set_single_value(SETTINGS, "web_inquiries_per_hour", 50)
			frappe.db.commit()

	def test_guest_gains_no_other_access(self):
		for path in (
			self.resource("NEST Prospect"),
			self.resource("NEST Interaction"),
			self.resource("NEST Request Type"),
		):
			response = self.get(path, headers={"X-Forwarded-For": self.address})
			self.assertEqual(response.status_code, 403, (path, response.text))

	def test_the_page_shows_the_form_in_french(self):
		response = make_page_request("/demande")
		self.assertEqual(response.status_code, 200)
		html = response.get_data(as_text=True)
		for text in (
			"Demander à la clinique NEST",
			"Devis pour un accouchement",
			"Suivi pédiatrique",
			"la clinique NEST me contacte",
		):
			self.assertIn(text, html)
		self.assertNotIn("RAPPEL 7 JOURS", html)


def make_page_request(path: str):
	from frappe.tests.test_api import make_request

	client = FrappeAPITestCase.TEST_CLIENT
	return make_request(
		target=client.get, args=(get_url(path),), kwargs={"headers": {"Accept-Language": "fr"}}
	)
