"""The inquiry page's payload rules, without Frappe: plain unittest (pytest and bench run them)."""

from __future__ import annotations

import unittest
from datetime import date

from nest_prospects.patient_system.rules import (
	AT_LEAST_ONE_OF,
	BAD_CHARACTER,
	BAD_EMAIL,
	BAD_PHONE,
	FUTURE_BIRTH_DATE,
	MISSING_FIELD,
	NOT_TEXT,
	TOO_LONG,
	UNKNOWN_FIELDS,
)
from nest_prospects.web_inquiries.rules import (
	BODY_TOO_LARGE,
	CONSENT_REQUIRED,
	FIELD_LABELS,
	FIELDS,
	HONEYPOT,
	MAX_BODY_BYTES,
	MAX_MESSAGE_LENGTH,
	NO_REQUEST,
	NOT_A_LIST,
	TOO_MANY,
	UNKNOWN_REQUEST,
	PayloadError,
	body_too_large,
	choose_match,
	clean_inquiry,
	is_robot,
)

TODAY = date(2026, 11, 26)
PUBLIC = ("DEVIS ACCOUCHEMENT", "INFOS PROGRAMME", "SUIVI PÉDIATRIQUE", "FERTILITÉ")


def inquiry(**changes) -> dict:
	payload = {
		"first_name": "Awa",
		"last_name": "Ndiaye",
		"phone": "77 123 45 67",
		"email": "awa@example.sn",
		"date_of_birth": "1994-05-02",
		"request_types": ["DEVIS ACCOUCHEMENT"],
		"message": "Bonjour,\nje voudrais un devis.",
		"consent": True,
		HONEYPOT: "",
	}
	payload.update(changes)
	return {key: value for key, value in payload.items() if value is not ...}


class CleanInquiryTest(unittest.TestCase):
	def refused(self, payload) -> PayloadError:
		with self.assertRaises(PayloadError) as caught:
			clean_inquiry(payload, TODAY, PUBLIC)
		return caught.exception

	def test_a_full_inquiry_comes_out_in_stored_form(self):
		clean = clean_inquiry(inquiry(), TODAY, PUBLIC)
		self.assertEqual(clean["phone"], "+221771234567")
		self.assertEqual(clean["email"], "awa@example.sn")
		self.assertEqual(clean["date_of_birth"], date(1994, 5, 2))
		self.assertEqual(clean["request_types"], ["DEVIS ACCOUCHEMENT"])
		self.assertEqual(clean["message"], "Bonjour,\nje voudrais un devis.")
		self.assertEqual(clean["match_key"], "ndiaye|awa|1994-05-02")

	def test_phone_or_email_is_enough_and_one_is_needed(self):
		self.assertIsNone(clean_inquiry(inquiry(phone=""), TODAY, PUBLIC)["phone"])
		self.assertIsNone(clean_inquiry(inquiry(email=None), TODAY, PUBLIC)["email"])
		error = self.refused(inquiry(phone=" ", email=""))
		self.assertEqual(error.field, "phone, email")
		self.assertEqual(error.message, AT_LEAST_ONE_OF)

	def test_the_date_of_birth_is_optional_and_without_it_there_is_no_names_key(self):
		clean = clean_inquiry(inquiry(date_of_birth=""), TODAY, PUBLIC)
		self.assertIsNone(clean["date_of_birth"])
		self.assertIsNone(clean["match_key"])
		self.assertEqual(self.refused(inquiry(date_of_birth="2027-01-01")).message, FUTURE_BIRTH_DATE)

	def test_names_are_required_and_read_as_names(self):
		self.assertEqual(self.refused(inquiry(first_name="")).field, "first_name")
		self.assertEqual(self.refused(inquiry(last_name=...)).message, MISSING_FIELD)
		error = self.refused(inquiry(last_name="Ndiaye<script>"))
		self.assertEqual((error.field, error.message), ("last_name", BAD_CHARACTER))

	def test_unreadable_phone_or_email_names_the_field(self):
		self.assertEqual(self.refused(inquiry(phone="12")).message, BAD_PHONE)
		self.assertEqual(self.refused(inquiry(email="awa@")).message, BAD_EMAIL)

	def test_only_the_pages_fields_are_accepted(self):
		error = self.refused(inquiry(status="Converted", responsible_user="x"))
		self.assertEqual(error.message, UNKNOWN_FIELDS)
		self.assertEqual(error.field, "responsible_user, status")
		self.assertEqual(set(FIELD_LABELS) | {HONEYPOT}, FIELDS)

	def test_consent_must_be_ticked(self):
		for value in (False, 0, "0", "", None, "no", 2):
			with self.subTest(value=value):
				error = self.refused(inquiry(consent=value))
				self.assertEqual((error.field, error.message), ("consent", CONSENT_REQUIRED))
		for value in (True, 1, "1", "on", "true", "Oui"):
			with self.subTest(value=value):
				clean_inquiry(inquiry(consent=value), TODAY, PUBLIC)

	def test_request_types_are_public_ones_at_least_one(self):
		self.assertEqual(self.refused(inquiry(request_types=[])).message, NO_REQUEST)
		self.assertEqual(self.refused(inquiry(request_types=...)).message, NO_REQUEST)
		self.assertEqual(self.refused(inquiry(request_types=["RAPPEL 7 JOURS"])).message, UNKNOWN_REQUEST)
		self.assertEqual(self.refused(inquiry(request_types={"a": 1})).message, NOT_A_LIST)
		self.assertEqual(self.refused(inquiry(request_types=[3])).message, NOT_TEXT)
		self.assertEqual(self.refused(inquiry(request_types=["FERTILITÉ"] * 21)).message, TOO_MANY)
		clean = clean_inquiry(
			inquiry(request_types=["FERTILITÉ", " INFOS PROGRAMME", "FERTILITÉ"]), TODAY, PUBLIC
		)
		self.assertEqual(clean["request_types"], ["FERTILITÉ", "INFOS PROGRAMME"])
		# one code alone, as a plain form field sends it
		self.assertEqual(
			clean_inquiry(inquiry(request_types="FERTILITÉ"), TODAY, PUBLIC)["request_types"], ["FERTILITÉ"]
		)

	def test_the_message_keeps_its_lines_and_is_bounded(self):
		clean = clean_inquiry(inquiry(message="  Ligne 1\r\nLigne\t2  "), TODAY, PUBLIC)
		self.assertEqual(clean["message"], "Ligne 1\nLigne\t2")
		self.assertIsNone(clean_inquiry(inquiry(message="  "), TODAY, PUBLIC)["message"])
		self.assertEqual(self.refused(inquiry(message="x" * (MAX_MESSAGE_LENGTH + 1))).message, TOO_LONG)
		self.assertEqual(self.refused(inquiry(message="a <b>")).message, BAD_CHARACTER)
		self.assertEqual(self.refused(inquiry(message="a\x00b")).message, BAD_CHARACTER)
		self.assertEqual(self.refused(inquiry(message=["x"])).message, NOT_TEXT)

	def test_texts_are_bounded(self):
		self.assertEqual(self.refused(inquiry(first_name="A" * 141)).message, TOO_LONG)
		self.assertEqual(self.refused(inquiry(phone="7" * 33)).message, TOO_LONG)

	def test_a_payload_that_is_not_an_object_is_refused(self):
		self.assertIsNone(self.refused(["x"]).field)


class AbuseTest(unittest.TestCase):
	def test_the_honeypot_marks_a_robot(self):
		self.assertFalse(is_robot(inquiry()))
		self.assertFalse(is_robot(inquiry(website="  ")))
		self.assertTrue(is_robot(inquiry(website="http://spam.example")))
		self.assertFalse(is_robot(["not", "a", "mapping"]))

	def test_a_body_over_the_bound_is_refused(self):
		self.assertIsNone(body_too_large(None))
		self.assertIsNone(body_too_large(MAX_BODY_BYTES))
		self.assertEqual(body_too_large(MAX_BODY_BYTES + 1).message, BODY_TOO_LARGE)


class ChooseMatchTest(unittest.TestCase):
	def test_phone_first_then_patient_then_oldest(self):
		prospect_by_names = {"doctype": "NEST Prospect", "name": "P1", "matched_on": "names_and_birth_date"}
		prospect_by_phone = {"doctype": "NEST Prospect", "name": "P2", "matched_on": "phone"}
		patient_by_phone = {"doctype": "NEST Patient", "name": "E1", "matched_on": "phone"}
		patient_by_names = {"doctype": "NEST Patient", "name": "E2", "matched_on": "names_and_birth_date"}
		self.assertIsNone(choose_match([]))
		self.assertIs(choose_match([prospect_by_names, prospect_by_phone]), prospect_by_phone)
		self.assertIs(choose_match([prospect_by_phone, patient_by_phone]), patient_by_phone)
		self.assertIs(choose_match([prospect_by_names, patient_by_names]), patient_by_names)
		self.assertIs(choose_match([patient_by_names, prospect_by_phone]), prospect_by_phone)
		older = {"doctype": "NEST Prospect", "name": "P0", "matched_on": "phone"}
		self.assertIs(choose_match([older, prospect_by_phone]), older)


if __name__ == "__main__":
	unittest.main()
