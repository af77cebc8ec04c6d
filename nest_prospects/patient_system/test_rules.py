"""The payloads of the patient system: what is accepted, and each refusal naming its field."""

from __future__ import annotations

import string
import unittest
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from nest_prospects.conversion_review.rules.outcomes import ATTENDED, CANCELLED, NO_SHOW_STATUS, SCHEDULED
from nest_prospects.patient_system import rules as patient_system
from nest_prospects.patient_system.rules import (
	AT_LEAST_ONE_OF,
	BAD_CHARACTER,
	BAD_DATE,
	BAD_DATETIME,
	BAD_EMAIL,
	BAD_IDENTIFIER,
	BAD_PHONE,
	BAD_STATUS,
	DATE_TOO_EARLY,
	DATE_TOO_LATE,
	EXACTLY_ONE_OF,
	FUTURE_BIRTH_DATE,
	FUTURE_DATE,
	MESSAGES,
	MISSING_FIELD,
	NOT_AN_OBJECT,
	NOT_TEXT,
	STATUS_BEFORE_DATE,
	TOO_LONG,
	UNKNOWN_FIELDS,
	PayloadError,
	clean_appointment,
	clean_lookup,
	clean_patient,
	is_stale,
	normalise_status,
	patient_values,
)
from nest_prospects.people.rules.matching import person_key
from nest_prospects.tests.pure_modules import imported_modules

TODAY = date(2024, 6, 3)


def patient(**changes: Any) -> dict[str, Any]:
	payload: dict[str, Any] = {
		"external_id": "EY-1001",
		"first_name": "Ndèye Fatou",
		"last_name": "Ndiaye",
		"created_on": "2024-05-10T09:15:00",
	}
	payload.update(changes)
	return {key: value for key, value in payload.items() if value is not Ellipsis}


def appointment(**changes: Any) -> dict[str, Any]:
	payload: dict[str, Any] = {
		"external_id": "RDV-77",
		"prospect": "PROS-0010",
		"scheduled_on": "2024-06-10 10:30",
		"status": "Scheduled",
	}
	payload.update(changes)
	return {key: value for key, value in payload.items() if value is not Ellipsis}


def refusal(call: Any, *args: Any, **kwargs: Any) -> PayloadError:
	"""The PayloadError the call raises; a call that accepts the payload fails the test."""
	try:
		call(*args, **kwargs)
	except PayloadError as error:
		return error
	raise AssertionError(f"{call.__name__} accepted {args!r} {kwargs!r}")


# The messages


class TestPayloads(unittest.TestCase):
	def test_every_message_template_is_listed_once_for_translation(self) -> None:
		templates = [
			value
			for name, value in vars(patient_system).items()
			if name.isupper() and isinstance(value, str) and "{0}" in value
		]
		assert sorted(templates) == sorted(MESSAGES)
		assert len(set(MESSAGES)) == len(MESSAGES)

	def test_message_placeholders_are_numbered(self) -> None:
		for template in MESSAGES:
			fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
			assert fields and all(name.isdigit() for name in fields), template

	def test_the_error_keeps_field_template_and_arguments_apart(self) -> None:
		error = PayloadError("phone", BAD_PHONE, "phone", "abc")
		assert isinstance(error, ValueError)
		assert (error.field, error.message, error.args_for_message) == ("phone", BAD_PHONE, ("phone", "abc"))
		assert str(error) == "Field phone: cannot read abc as a phone number"

	def test_the_module_imports_nothing_from_frappe(self) -> None:
		imported = imported_modules(Path(patient_system.__file__))
		assert not any(name.split(".")[0] == "frappe" for name in imported)

	# Patients

	def test_a_minimal_patient(self) -> None:
		assert clean_patient(patient(), TODAY, "SN") == {
			"external_id": "EY-1001",
			"first_name": "Ndèye Fatou",
			"last_name": "Ndiaye",
			"phone": None,
			"date_of_birth": None,
			"created_on": datetime(2024, 5, 10, 9, 15),
			"provenance": None,
			"email": None,
			"updated_at": None,
			"match_key": None,
			"sent": frozenset(),
		}

	def test_a_full_patient_in_stored_form(self) -> None:
		cleaned = clean_patient(
			patient(
				external_id="  EY-1001 ",
				first_name=" Ndèye Fatou ",
				phone="77 123 45 67",
				date_of_birth="1990-01-02",
				provenance="Facebook",
				updated_at="2024-05-11T08:00:00.250",
			),
			TODAY,
			"SN",
		)
		assert cleaned["external_id"] == "EY-1001"
		assert cleaned["first_name"] == "Ndèye Fatou"
		assert cleaned["phone"] == "+221771234567"
		assert cleaned["date_of_birth"] == date(1990, 1, 2)
		assert cleaned["provenance"] == "Facebook"
		assert cleaned["updated_at"] == datetime(2024, 5, 11, 8, 0, 0, 250000)
		# The same key as a prospect typed without accents in capitals.
		assert cleaned["match_key"] == person_key("NDIAYE", "Ndeye-Fatou", date(1990, 1, 2))

	def test_the_phone_is_read_in_the_default_region(self) -> None:
		cleaned = clean_patient(patient(phone="06 12 34 56 78"), TODAY, "FR")
		assert cleaned["phone"] == "+33612345678"

	def test_each_required_patient_field(self) -> None:
		for value in [Ellipsis, None, "", "   "]:
			for field in ["external_id", "first_name", "last_name", "created_on"]:
				with self.subTest(field=field, value=value):
					error = refusal(clean_patient, patient(**{field: value}), TODAY, "SN")
					assert (error.field, error.message, error.args_for_message) == (
						field,
						MISSING_FIELD,
						(field,),
					)
					assert str(error) == f"Missing required field: {field}"

	def test_a_text_field_given_as_a_number(self) -> None:
		error = refusal(clean_patient, patient(external_id=1001), TODAY, "SN")
		assert (error.field, error.message, error.args_for_message) == (
			"external_id",
			NOT_TEXT,
			("external_id", "int"),
		)

	def test_text_longer_than_a_data_field(self) -> None:
		for field in ["external_id", "first_name", "last_name", "provenance"]:
			with self.subTest(field=field):
				assert clean_patient(patient(**{field: "x" * 140}), TODAY, "SN")[field] == "x" * 140
				error = refusal(clean_patient, patient(**{field: "x" * 141}), TODAY, "SN")
				assert (error.field, error.message) == (field, TOO_LONG)

	def test_an_unreadable_phone(self) -> None:
		for phone in ["abc", "12", "+221 12 345"]:
			with self.subTest(phone=phone):
				error = refusal(clean_patient, patient(phone=phone), TODAY, "SN")
				assert (error.field, error.message, error.args_for_message) == (
					"phone",
					BAD_PHONE,
					("phone", phone),
				)

	def test_a_birth_date_in_the_future(self) -> None:
		assert clean_patient(patient(date_of_birth="2024-06-03"), TODAY, "SN")["date_of_birth"] == TODAY
		error = refusal(clean_patient, patient(date_of_birth="2024-06-04"), TODAY, "SN")
		assert (error.field, error.message) == ("date_of_birth", FUTURE_BIRTH_DATE)
		assert str(error) == "Field date_of_birth: the date of birth 2024-06-04 is in the future"

	def test_an_unreadable_birth_date(self) -> None:
		for value in ["02/01/1990", "1990-02-30", "1990-1-2", "19900102", "1990-01-02T00:00"]:
			with self.subTest(value=value):
				error = refusal(clean_patient, patient(date_of_birth=value), TODAY, "SN")
				assert (error.field, error.message, error.args_for_message) == (
					"date_of_birth",
					BAD_DATE,
					("date_of_birth", value),
				)

	def test_a_birth_date_given_as_a_date_object(self) -> None:
		assert clean_patient(patient(date_of_birth=date(1990, 1, 2)), TODAY, "SN")["date_of_birth"] == date(
			1990, 1, 2
		)

	def test_the_creation_date_and_time_in_site_time(self) -> None:
		for value, expected in [
			("2024-05-10", datetime(2024, 5, 10, 0, 0)),
			("2024-05-10 09:15", datetime(2024, 5, 10, 9, 15)),
			("2024-05-10T09:15:30.123456", datetime(2024, 5, 10, 9, 15, 30, 123456)),
			("2024-05-10T09:15:30Z", datetime(2024, 5, 10, 9, 15, 30)),
			("2024-05-10T10:15:30+01:00", datetime(2024, 5, 10, 9, 15, 30)),
			("2024-05-10T08:15:30-0100", datetime(2024, 5, 10, 9, 15, 30)),
		]:
			with self.subTest(value=value, expected=expected):
				assert clean_patient(patient(created_on=value), TODAY, "SN")["created_on"] == expected

	def test_an_offset_is_converted_to_the_site_time_zone(self) -> None:
		paris_summer = timezone(timedelta(hours=2))
		cleaned = clean_patient(
			patient(created_on="2024-05-10T09:15:00Z"), TODAY, "SN", site_timezone=paris_summer
		)
		assert cleaned["created_on"] == datetime(2024, 5, 10, 11, 15)

	def test_an_unreadable_creation_date(self) -> None:
		for value in ["10/05/2024", "2024-05-10T25:00", "2024-05-10T09:15+24:00", "yesterday"]:
			with self.subTest(value=value):
				error = refusal(clean_patient, patient(created_on=value), TODAY, "SN")
				assert (error.field, error.message, error.args_for_message) == (
					"created_on",
					BAD_DATETIME,
					("created_on", value),
				)

	def test_a_creation_or_update_after_today(self) -> None:
		for field in ["created_on", "updated_at"]:
			with self.subTest(field=field):
				assert clean_patient(patient(**{field: "2024-06-03T23:59:00"}), TODAY, "SN")[
					field
				] == datetime(2024, 6, 3, 23, 59)
				error = refusal(clean_patient, patient(**{field: "2024-06-04T00:00:00"}), TODAY, "SN")
				assert (error.field, error.message) == (field, FUTURE_DATE)

	def test_updated_at_needs_a_time(self) -> None:
		error = refusal(clean_patient, patient(updated_at="2024-05-11"), TODAY, "SN")
		assert (error.field, error.message) == ("updated_at", BAD_DATETIME)

	def test_unknown_patient_fields_are_refused_by_name(self) -> None:
		error = refusal(clean_patient, patient(gender="F", address="Dakar"), TODAY, "SN")
		assert (error.field, error.message, error.args_for_message) == (
			"address, gender",
			UNKNOWN_FIELDS,
			("address, gender",),
		)

	def test_a_payload_that_is_not_an_object(self) -> None:
		error = refusal(clean_patient, ["EY-1001"], TODAY, "SN")
		assert (error.field, error.message, error.args_for_message) == (None, NOT_AN_OBJECT, ("list",))

	# Appointments

	def test_an_appointment_of_a_prospect(self) -> None:
		assert clean_appointment(appointment(updated_at="2024-06-01T12:00:00"), TODAY) == {
			"external_id": "RDV-77",
			"patient_external_id": None,
			"prospect": "PROS-0010",
			"scheduled_on": datetime(2024, 6, 10, 10, 30),
			"status": SCHEDULED,
			"updated_at": datetime(2024, 6, 1, 12, 0),
		}

	def test_an_appointment_of_a_patient(self) -> None:
		cleaned = clean_appointment(appointment(prospect=None, patient_external_id="EY-1001"), TODAY)
		assert (cleaned["patient_external_id"], cleaned["prospect"]) == ("EY-1001", None)

	def test_an_appointment_belongs_to_exactly_one_patient_or_prospect(self) -> None:
		for references in [
			{"prospect": "PROS-0010", "patient_external_id": "EY-1001"},
			{"prospect": Ellipsis},
			{"prospect": "  ", "patient_external_id": None},
		]:
			with self.subTest(references=references):
				error = refusal(clean_appointment, appointment(**references), TODAY)
				assert (error.field, error.message, error.args_for_message) == (
					"patient_external_id, prospect",
					EXACTLY_ONE_OF,
					("patient_external_id", "prospect"),
				)

	def test_english_and_french_statuses(self) -> None:
		for raw, expected in [
			("Scheduled", SCHEDULED),
			("planifié", SCHEDULED),
			("Planifie", SCHEDULED),
			("PLANIFIÉE", SCHEDULED),
			("Attended", ATTENDED),
			("honoré", ATTENDED),
			("HONORE", ATTENDED),
			("No-show", NO_SHOW_STATUS),
			("no show", NO_SHOW_STATUS),
			("non venu", NO_SHOW_STATUS),
			("Non-Venue", NO_SHOW_STATUS),
			("Cancelled", CANCELLED),
			("canceled", CANCELLED),
			("annulé", CANCELLED),
			(" Annulée ", CANCELLED),
		]:
			with self.subTest(raw=raw, expected=expected):
				assert normalise_status(raw) == expected
				cleaned = clean_appointment(appointment(status=raw, scheduled_on="2024-06-01T10:00"), TODAY)
				assert cleaned["status"] == expected

	def test_an_unknown_status_lists_the_expected_ones(self) -> None:
		assert normalise_status("reporté") is None
		error = refusal(clean_appointment, appointment(status="reporté"), TODAY)
		assert (error.field, error.message) == ("status", BAD_STATUS)
		assert error.args_for_message[:2] == ("status", "reporté")
		expected = error.args_for_message[2]
		assert all(word in expected for word in ("Scheduled", "Attended", "No-show", "Cancelled", "annulé"))

	def test_each_required_appointment_field(self) -> None:
		for field in ["external_id", "scheduled_on", "status"]:
			with self.subTest(field=field):
				error = refusal(clean_appointment, appointment(**{field: Ellipsis}), TODAY)
				assert (error.field, error.message) == (field, MISSING_FIELD)

	def test_an_appointment_needs_a_time(self) -> None:
		error = refusal(clean_appointment, appointment(scheduled_on="2024-06-10"), TODAY)
		assert (error.field, error.message) == ("scheduled_on", BAD_DATETIME)

	def test_an_appointment_of_a_later_day_cannot_be_attended_or_missed_yet(self) -> None:
		for status in ["honoré", "non venu"]:
			with self.subTest(status=status):
				error = refusal(
					clean_appointment, appointment(status=status, scheduled_on="2024-06-04T08:00"), TODAY
				)
				assert (error.field, error.message) == ("status", STATUS_BEFORE_DATE)
				# Later today is fine: the status may be set at the end of the day.
				assert clean_appointment(appointment(status=status, scheduled_on="2024-06-03T18:00"), TODAY)[
					"status"
				]

	def test_an_appointment_to_come_can_be_cancelled(self) -> None:
		assert clean_appointment(appointment(status="annulé"), TODAY)["status"] == CANCELLED

	def test_unknown_appointment_fields_are_refused_by_name(self) -> None:
		error = refusal(clean_appointment, appointment(room="B2"), TODAY)
		assert (error.field, error.message) == ("room", UNKNOWN_FIELDS)

	def test_an_appointment_update_after_today(self) -> None:
		error = refusal(clean_appointment, appointment(updated_at="2024-06-05T00:00"), TODAY)
		assert (error.field, error.message) == ("updated_at", FUTURE_DATE)

	# Lookups

	def test_a_lookup_by_phone(self) -> None:
		assert clean_lookup({"phone": "+221 77 123 45 67"}) == {
			"phone": "+221771234567",
			"date_of_birth": None,
			"first_name": None,
			"last_name": None,
			"match_key": None,
		}

	def test_a_lookup_by_birth_date_and_names_carries_the_match_key(self) -> None:
		cleaned = clean_lookup(
			{"date_of_birth": "1990-01-02", "first_name": "Ndeye Fatou", "last_name": "NDIAYE"}
		)
		assert cleaned["phone"] is None
		assert cleaned["match_key"] == person_key("Ndiaye", "Ndèye Fatou", "1990-01-02")

	def test_a_lookup_needs_a_phone_or_a_birth_date(self) -> None:
		for payload in [{}, {"phone": ""}, {"first_name": "Awa", "last_name": "Diop"}]:
			with self.subTest(payload=payload):
				error = refusal(clean_lookup, payload)
				assert (error.field, error.message, error.args_for_message) == (
					"phone, date_of_birth",
					AT_LEAST_ONE_OF,
					("phone", "date_of_birth"),
				)

	def test_a_lookup_with_bad_values_names_them(self) -> None:
		assert refusal(clean_lookup, {"phone": "n/a"}).field == "phone"
		assert refusal(clean_lookup, {"date_of_birth": "2 janvier 1990"}).field == "date_of_birth"
		assert refusal(clean_lookup, {"phone": "771234567", "name": "Awa"}).field == "name"

	def test_a_lookup_phone_in_another_region(self) -> None:
		assert clean_lookup({"phone": "06 12 34 56 78"}, default_region="FR")["phone"] == "+33612345678"

	# Stale updates

	def test_an_older_update_is_stale(self) -> None:
		stored = datetime(2024, 5, 11, 8, 0)
		assert is_stale(stored - timedelta(seconds=1), stored) is True

	def test_a_replay_with_the_same_timestamp_is_not_stale(self) -> None:
		stored = datetime(2024, 5, 11, 8, 0)
		assert is_stale(stored, stored) is False

	def test_a_newer_update_is_not_stale(self) -> None:
		stored = datetime(2024, 5, 11, 8, 0)
		assert is_stale(stored + timedelta(minutes=1), stored) is False

	def test_without_timestamps_nothing_is_stale(self) -> None:
		for incoming, stored in [(None, datetime(2024, 5, 11)), (datetime(2024, 5, 11), None), (None, None)]:
			with self.subTest(incoming=incoming, stored=stored):
				assert is_stale(incoming, stored) is False

	def test_an_update_sent_back_to_front_is_detected_after_cleaning(self) -> None:
		newer = clean_patient(patient(updated_at="2024-05-20T10:00:00Z"), TODAY, "SN")
		older = clean_patient(patient(updated_at="2024-05-20T10:30:00+01:00"), TODAY, "SN")
		assert is_stale(older["updated_at"], newer["updated_at"]) is True

	def test_patient_email_is_kept_and_checked(self) -> None:
		assert clean_patient(patient(email=" awa@example.sn "), TODAY, "SN")["email"] == "awa@example.sn"
		with self.assertRaises(PayloadError) as refused:
			clean_patient(patient(email="awa at example"), TODAY, "SN")
		assert refused.exception.field == "email"
		assert "awa at example" in str(refused.exception)

	# An update keeps what it leaves out

	def test_an_update_without_the_optional_fields_keeps_them(self) -> None:
		values = patient_values(clean_patient(patient(), TODAY, "SN"))
		assert values == {
			"first_name": "Ndèye Fatou",
			"last_name": "Ndiaye",
			"created_in_patient_system_on": datetime(2024, 5, 10, 9, 15),
		}

	def test_clearing_an_optional_field_is_explicit(self) -> None:
		for empty in [None, "", "  "]:
			with self.subTest(empty=empty):
				values = patient_values(
					clean_patient(
						patient(phone=empty, date_of_birth=empty, provenance=empty, email=empty), TODAY, "SN"
					)
				)
				assert {
					key: values[key] for key in ("phone", "date_of_birth", "provenance", "email")
				} == dict.fromkeys(("phone", "date_of_birth", "provenance", "email"))

	def test_the_fields_sent_are_stored(self) -> None:
		values = patient_values(
			clean_patient(
				patient(phone="77 123 45 67", provenance="Facebook", updated_at="2024-05-11T08:00:00"),
				TODAY,
				"SN",
			)
		)
		assert values["phone"] == "+221771234567"
		assert values["provenance"] == "Facebook"
		assert values["source_updated_at"] == datetime(2024, 5, 11, 8, 0)
		assert "date_of_birth" not in values and "email" not in values

	# Character sets, lengths and ranges

	def test_unprintable_characters_and_markup_are_refused_never_stored(self) -> None:
		for field, value, shown in [
			("external_id", "EY\x00-1", "U+0000"),
			("first_name", "Awa\tFatou", "U+0009"),
			("last_name", "Ndiaye\x07", "U+0007"),
			("provenance", "Face\u202ebook", "U+202E"),
			("provenance", "Ligne\u2028deux", "U+2028"),
			("provenance", "<b>Facebook</b>", "<"),
			("email", "awa\x00@example.sn", "U+0000"),
			("phone", "77 123 45 67\x00", "U+0000"),
		]:
			with self.subTest(field=field, value=value, shown=shown):
				error = refusal(clean_patient, patient(**{field: value}), TODAY, "SN")
				assert (error.field, error.message, error.args_for_message) == (
					field,
					BAD_CHARACTER,
					(field, shown),
				)

	def test_an_external_id_is_letters_digits_dots_underscores_and_hyphens(self) -> None:
		for value in ["New NEST Patient 1", "EY 1001", "-EY", ".hidden", "EY/1001", "Eyé-1", "EY%", "EY'1"]:
			with self.subTest(value=value):
				error = refusal(clean_patient, patient(external_id=value), TODAY, "SN")
				assert (error.field, error.message, error.args_for_message) == (
					"external_id",
					BAD_IDENTIFIER,
					("external_id", value),
				)

	def test_an_external_id_with_markup(self) -> None:
		error = refusal(clean_patient, patient(external_id="<x>"), TODAY, "SN")
		assert (error.field, error.message, error.args_for_message) == (
			"external_id",
			BAD_CHARACTER,
			("external_id", "<"),
		)

	def test_external_ids_the_patient_system_uses(self) -> None:
		for value in ["EY-000123", "a.b_c-1", "7", "X" * 140]:
			with self.subTest(value=value):
				assert clean_patient(patient(external_id=value), TODAY, "SN")["external_id"] == value

	def test_appointment_references_are_identifiers(self) -> None:
		for field, value in [
			("patient_external_id", "EY 1"),
			("prospect", "PRO-2026-00001<"),
			("external_id", "RDV#1"),
		]:
			with self.subTest(field=field, value=value):
				changes = {field: value}
				if field == "patient_external_id":
					changes["prospect"] = None
				error = refusal(clean_appointment, appointment(**changes), TODAY)
				assert error.field == field
				assert error.message in (BAD_IDENTIFIER, BAD_CHARACTER)

	def test_names_in_any_alphabet_with_their_punctuation(self) -> None:
		for value in ["N'Diaye", "Ndiaye-Sarr", "Ba.", "Aïssatou", "Ndèye  Fatou", "Ndiaye’"]:
			with self.subTest(value=value):
				assert clean_patient(patient(first_name=value), TODAY, "SN")["first_name"] == " ".join(
					value.split()
				)

	def test_names_refuse_digits_and_symbols(self) -> None:
		for value, shown in [("Awa2", "2"), ("Awa_", "_"), ("Awa (Fatou)", "("), ("<script>", "<")]:
			with self.subTest(value=value, shown=shown):
				error = refusal(clean_patient, patient(last_name=value), TODAY, "SN")
				assert (error.field, error.message, error.args_for_message) == (
					"last_name",
					BAD_CHARACTER,
					("last_name", shown),
				)

	def test_a_name_is_stored_in_composed_form(self) -> None:
		decomposed = "Nde\u0300ye"
		assert clean_patient(patient(first_name=decomposed), TODAY, "SN")["first_name"] == "Ndèye"

	def test_a_phone_is_digits_and_separators(self) -> None:
		for value in ["+221 77 123 45 67 ext. 12", "77 123 45 67 #", "７７ １２３ ４５ ６７"]:
			with self.subTest(value=value):
				assert refusal(clean_patient, patient(phone=value), TODAY, "SN").field == "phone"

	def test_a_phone_longer_than_a_phone(self) -> None:
		error = refusal(clean_patient, patient(phone="7" * 33), TODAY, "SN")
		assert (error.field, error.message) == ("phone", TOO_LONG)

	def test_an_email_frappe_would_refuse_is_refused_here(self) -> None:
		for value in [
			"awa@exämple.sn",
			"awa@example",
			"awa@@example.sn",
			"awa @example.sn",
			".awa@example.sn",
		]:
			with self.subTest(value=value):
				error = refusal(clean_patient, patient(email=value), TODAY, "SN")
				assert (error.field, error.message) == ("email", BAD_EMAIL)

	def test_dates_before_1900_are_refused(self) -> None:
		for field, value in [
			("date_of_birth", "1899-12-31"),
			("created_on", "1899-12-31T23:00:00"),
			("updated_at", "0001-01-01T00:00"),
		]:
			with self.subTest(field=field, value=value):
				error = refusal(clean_patient, patient(**{field: value}), TODAY, "SN")
				assert (error.field, error.message) == (field, DATE_TOO_EARLY)

	def test_an_offset_at_the_edge_of_time_is_unreadable_not_a_crash(self) -> None:
		error = refusal(clean_patient, patient(created_on="0001-01-01T00:00+01:00"), TODAY, "SN")
		assert error.field == "created_on"

	def test_an_appointment_more_than_two_years_ahead(self) -> None:
		assert clean_appointment(appointment(scheduled_on="2026-06-03T10:00"), TODAY)["scheduled_on"]
		error = refusal(clean_appointment, appointment(scheduled_on="2026-06-05T10:00"), TODAY)
		assert (error.field, error.message) == ("scheduled_on", DATE_TOO_LATE)

	def test_a_status_longer_than_any_status(self) -> None:
		error = refusal(clean_appointment, appointment(status="annulé" * 10), TODAY)
		assert (error.field, error.message) == ("status", TOO_LONG)

	def test_a_lookup_birth_date_in_the_future_or_before_1900(self) -> None:
		error = refusal(clean_lookup, {"date_of_birth": "2100-01-01"}, "SN", TODAY)
		assert (error.field, error.message) == ("date_of_birth", FUTURE_BIRTH_DATE)
		error = refusal(clean_lookup, {"date_of_birth": "1800-01-01"}, "SN", TODAY)
		assert (error.field, error.message) == ("date_of_birth", DATE_TOO_EARLY)

	def test_lookup_names_are_names(self) -> None:
		error = refusal(clean_lookup, {"date_of_birth": "1990-01-02", "first_name": "Awa\x00"}, "SN", TODAY)
		assert (error.field, error.message) == ("first_name", BAD_CHARACTER)

	def test_an_unknown_field_with_unprintable_characters_is_named_printably(self) -> None:
		error = refusal(clean_patient, patient(**{"cmd\x00": "x"}), TODAY, "SN")
		assert (error.field, error.message) == ("cmdU+0000", UNKNOWN_FIELDS)

	def test_the_framework_keys_are_unknown_fields_here(self) -> None:
		error = refusal(clean_patient, patient(cmd="frappe.client.get_count"), TODAY, "SN")
		assert (error.field, error.message) == ("cmd", UNKNOWN_FIELDS)


# Any payload: a clean record or a refusal naming a field, never another exception

_ALPHABET = "aZ09 -_.'’<>@+:/éÀ\x00\t\x07\u202e\u2028ß７"
_SAMPLES = [
	None,
	"",
	" ",
	0,
	1.5,
	True,
	[],
	{},
	"1990-01-02",
	"2024-06-03T10:00:00Z",
	"9999-12-31T23:59:59-23:59",
	"0001-01-01",
	"77 123 45 67",
	"+221771234567",
	"awa@example.sn",
	"planifié",
	"honoré",
	"EY-1001",
	"x" * 141,
]


def _random_value(rng) -> Any:
	if rng.random() < 0.5:
		return rng.choice(_SAMPLES)
	return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 24)))


class TestRandomPayloads(unittest.TestCase):
	def test_random_payloads_are_cleaned_or_refused_by_field(self) -> None:
		"""A valid payload with up to three fields changed, dropped or added, 4,000 times."""
		for clean, base, args in [
			(clean_patient, patient(phone="77 123 45 67", date_of_birth="1990-01-02"), (TODAY, "SN")),
			(clean_appointment, appointment(), (TODAY,)),
			(clean_lookup, {"phone": "77 123 45 67"}, ("SN", TODAY)),
		]:
			with self.subTest(clean=clean, base=base, args=args):
				import random

				rng = random.Random(20261126)
				fields = {
					"PATIENT": patient_system.PATIENT_FIELDS,
					"APPOINTMENT": patient_system.APPOINTMENT_FIELDS,
				}
				names = [*sorted(set().union(*fields.values(), patient_system.LOOKUP_FIELDS)), "cmd", "data"]
				accepted = 0
				for _ in range(4000):
					payload = dict(base)
					for name in rng.sample(names, rng.randint(0, 3)):
						if name in payload and rng.random() < 0.2:
							del payload[name]
						else:
							payload[name] = _random_value(rng)
					try:
						cleaned = clean(payload, *args)
					except PayloadError as error:
						assert error.field, (payload, error)
						assert all(
							part in names or part.startswith(("cmd", "data"))
							for part in error.field.split(", ")
						)
						assert error.field.split(", ")[0] in str(error), (payload, error)
						continue
					accepted += 1
					for value in cleaned.values():
						if isinstance(value, str):
							assert value == value.strip() and "<" not in value and "\x00" not in value, (
								payload,
								cleaned,
							)
				assert accepted > 100  # the generator reaches the accepted payloads too

	def test_an_empty_unknown_field_is_shown_quoted(self) -> None:
		error = refusal(clean_patient, patient(**{"": "x"}), TODAY, "SN")
		assert (error.field, error.message) == ("''", UNKNOWN_FIELDS)
