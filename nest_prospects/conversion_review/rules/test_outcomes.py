"""The conversion review, case by case, in the procedure's order of precedence."""

from __future__ import annotations

import unittest
from datetime import date, datetime, timedelta
from pathlib import Path

from nest_prospects.constants import PATIENT
from nest_prospects.conversion_review.rules import outcomes as conversion
from nest_prospects.conversion_review.rules.outcomes import (
	ALREADY_PATIENT,
	APPOINTMENT_CANCELLED,
	APPOINTMENT_UPCOMING,
	ATTENDED,
	CANCELLATION,
	CANCELLED,
	CONVERTED,
	DUPLICATE_PROSPECT,
	EMPTY,
	INFORMATION,
	INFORMATION_PROGRAMME,
	INFORMATION_QUOTE,
	NO_SHOW,
	NO_SHOW_STATUS,
	OTHER,
	OUTCOMES,
	PRICES,
	PROGRAMME,
	PROSPECT,
	QUOTE,
	RECALL,
	SCHEDULED,
	Appointment,
	KnownPatient,
	KnownProspect,
	ReviewedProspect,
	ReviewResult,
	review_due_on,
	review_outcome,
)
from nest_prospects.people.rules.matching import NAMES_AND_BIRTH_DATE, PHONE, person_key
from nest_prospects.tests.pure_modules import imported_modules

CREATED = datetime(2024, 5, 6, 11, 30)
NOW = datetime(2024, 6, 3, 9, 0)  # the review, four weeks later
PHONE_A = "+221771234567"
PHONE_B = "+221781112233"
KEY_A = person_key("Ndiaye", "Ndèye Fatou", date(1990, 1, 2))


def prospect(phone: str | None = PHONE_A, match_key: str | None = KEY_A) -> ReviewedProspect:
	return ReviewedProspect("PROS-0010", CREATED, phone, match_key)


def review(
	subject: ReviewedProspect | None = None,
	patients: list[KnownPatient] | None = None,
	prospects: list[KnownProspect] | None = None,
	appointments: list[Appointment] | None = None,
	categories: list[str] | None = None,
	interaction_count: int = 0,
	cancelled: bool = False,
) -> ReviewResult:
	return review_outcome(
		subject or prospect(),
		patients or [],
		prospects or [],
		appointments or [],
		categories or [],
		interaction_count,
		cancelled,
		NOW,
	)


def future(days: int = 3) -> datetime:
	return NOW + timedelta(days=days)


def past(days: int = 3) -> datetime:
	return NOW - timedelta(days=days)


# The constants


class TestReviewOutcome(unittest.TestCase):
	def test_outcomes_are_listed_in_precedence_order(self) -> None:
		assert OUTCOMES == (
			"Converted",
			"Already Patient",
			"Duplicate Prospect",
			"No-show",
			"Appointment Cancelled",
			"Appointment Upcoming",
			"Information / Quote",
			"Information / Programme",
			"Information",
			"Empty",
		)

	def test_stored_values_of_statuses_and_categories(self) -> None:
		assert conversion.APPOINTMENT_STATUSES == ("Scheduled", "Attended", "No-show", "Cancelled")
		assert set(conversion.REQUEST_CATEGORIES) == {
			"Quote",
			"Prices",
			"Programme",
			"Appointment",
			"Recall",
			"Cancellation",
			"Other",
		}
		assert conversion.QUOTE_LIKE == {QUOTE, PRICES}

	def test_an_appointment_with_an_unknown_status_is_refused(self) -> None:
		with self.assertRaisesRegex(ValueError, "planifié"):
			Appointment(NOW, "planifié")

	def test_the_module_imports_nothing_from_frappe(self) -> None:
		imported = imported_modules(Path(conversion.__file__))
		assert not any(name.split(".")[0] == "frappe" for name in imported)

	# When the review falls due

	def test_the_review_falls_due_four_weeks_after_the_creation_whatever_the_hour(self) -> None:
		assert review_due_on(datetime(2024, 5, 6, 23, 59)) == date(2024, 6, 3)
		assert review_due_on(date(2024, 5, 6)) == date(2024, 6, 3)

	def test_the_review_lag_can_be_changed_but_not_negative(self) -> None:
		assert review_due_on(datetime(2024, 12, 20, 8, 0), lag_days=14) == date(2025, 1, 3)
		assert review_due_on(date(2024, 5, 6), lag_days=0) == date(2024, 5, 6)
		with self.assertRaises(ValueError):
			review_due_on(date(2024, 5, 6), lag_days=-1)

	# 1. Converted

	def test_a_patient_registered_after_the_prospect_is_a_conversion(self) -> None:
		result = review(patients=[KnownPatient("PAT-1", CREATED + timedelta(days=5), PHONE_A, None)])
		assert result == ReviewResult(CONVERTED, PATIENT, "PAT-1", PHONE)
		assert "PAT-1" in result.detail and "phone" in result.detail

	def test_a_conversion_found_on_names_and_birth_date_whatever_the_accents(self) -> None:
		typed_in_eyone = person_key("NDIAYE", "ndeye-fatou", "1990-01-02")
		result = review(
			patients=[KnownPatient("PAT-1", CREATED + timedelta(days=2), PHONE_B, typed_in_eyone)]
		)
		assert (result.outcome, result.evidence_name, result.matched_on) == (
			CONVERTED,
			"PAT-1",
			NAMES_AND_BIRTH_DATE,
		)

	def test_a_patient_registered_the_same_day_hours_earlier_is_still_a_conversion(self) -> None:
		# The prospect sheet was typed at 11:30 after the morning visit registered at 08:00.
		result = review(patients=[KnownPatient("PAT-1", datetime(2024, 5, 6, 8, 0), PHONE_A)])
		assert result.outcome == CONVERTED

	def test_a_patient_registered_at_the_same_instant_is_a_conversion(self) -> None:
		assert review(patients=[KnownPatient("PAT-1", CREATED, PHONE_A)]).outcome == CONVERTED

	def test_two_patients_on_one_phone_before_and_after_give_a_conversion_by_the_one_after(self) -> None:
		mother = KnownPatient("PAT-OLD", datetime(2021, 3, 1, 10, 0), PHONE_A)
		daughter = KnownPatient("PAT-NEW", CREATED + timedelta(days=9), PHONE_A)
		result = review(patients=[mother, daughter])
		assert (result.outcome, result.evidence_name) == (CONVERTED, "PAT-NEW")

	def test_of_several_patients_after_the_prospect_the_first_registered_is_the_evidence(self) -> None:
		later = KnownPatient("PAT-B", CREATED + timedelta(days=12), PHONE_A)
		first = KnownPatient("PAT-C", CREATED + timedelta(days=3), None, KEY_A)
		result = review(patients=[later, first])
		assert (result.evidence_name, result.matched_on) == ("PAT-C", NAMES_AND_BIRTH_DATE)

	def test_a_patient_after_beats_an_earlier_prospect(self) -> None:
		result = review(
			patients=[KnownPatient("PAT-1", CREATED + timedelta(days=1), PHONE_A)],
			prospects=[KnownProspect("PROS-0001", CREATED - timedelta(days=30), PHONE_A)],
			appointments=[Appointment(future(), SCHEDULED)],
		)
		assert (result.outcome, result.evidence_doctype) == (CONVERTED, PATIENT)

	# 2. Already a patient

	def test_a_patient_registered_on_an_earlier_day_was_already_a_patient(self) -> None:
		result = review(patients=[KnownPatient("PAT-1", datetime(2024, 5, 5, 23, 59), PHONE_A)])
		assert result == ReviewResult(ALREADY_PATIENT, PATIENT, "PAT-1", PHONE)

	def test_of_several_earlier_patients_the_first_registration_is_the_evidence(self) -> None:
		result = review(
			patients=[
				KnownPatient("PAT-2", datetime(2023, 1, 1), PHONE_A),
				KnownPatient("PAT-1", datetime(2020, 1, 1), None, KEY_A),
			]
		)
		assert (result.outcome, result.evidence_name, result.matched_on) == (
			ALREADY_PATIENT,
			"PAT-1",
			NAMES_AND_BIRTH_DATE,
		)

	def test_an_earlier_patient_beats_an_earlier_prospect(self) -> None:
		result = review(
			patients=[KnownPatient("PAT-1", datetime(2020, 1, 1), PHONE_A)],
			prospects=[KnownProspect("PROS-0001", CREATED - timedelta(days=30), PHONE_A)],
		)
		assert result.outcome == ALREADY_PATIENT

	def test_patients_matching_on_nothing_are_ignored(self) -> None:
		stranger = KnownPatient(
			"PAT-9", datetime(2020, 1, 1), PHONE_B, person_key("Ndiaye", "Awa", "1990-01-02")
		)
		assert review(patients=[stranger]).outcome == EMPTY

	# Missing data

	def test_without_a_phone_the_names_and_birth_date_still_match(self) -> None:
		result = review(
			subject=prospect(phone=None),
			patients=[KnownPatient("PAT-1", datetime(2020, 1, 1), PHONE_A, KEY_A)],
		)
		assert (result.outcome, result.matched_on) == (ALREADY_PATIENT, NAMES_AND_BIRTH_DATE)

	def test_without_a_birth_date_only_the_phone_can_match(self) -> None:
		same_names_no_birth_date = person_key("Ndiaye", "Ndèye Fatou", None)
		assert same_names_no_birth_date is None
		subject = prospect(match_key=same_names_no_birth_date)
		by_key_only = KnownPatient("PAT-1", datetime(2020, 1, 1), PHONE_B, KEY_A)
		assert review(subject=subject, patients=[by_key_only]).outcome == EMPTY
		by_phone = KnownPatient("PAT-2", datetime(2020, 1, 1), PHONE_A, KEY_A)
		assert review(subject=subject, patients=[by_key_only, by_phone]).evidence_name == "PAT-2"

	def test_missing_keys_on_both_sides_are_not_a_match(self) -> None:
		result = review(
			subject=prospect(phone=None, match_key=None),
			patients=[KnownPatient("PAT-1", datetime(2020, 1, 1), None, None)],
			prospects=[KnownProspect("PROS-0001", datetime(2024, 1, 1), None, None)],
		)
		assert result.outcome == EMPTY

	def test_a_prospect_with_neither_key_is_decided_by_its_own_appointments(self) -> None:
		result = review(
			subject=prospect(phone=None, match_key=None),
			patients=[KnownPatient("PAT-1", datetime(2020, 1, 1), PHONE_A, KEY_A)],
			appointments=[Appointment(future(), SCHEDULED)],
		)
		assert result.outcome == APPOINTMENT_UPCOMING

	# 3. Duplicate prospect

	def test_an_earlier_prospect_of_the_same_person_makes_this_one_a_duplicate(self) -> None:
		result = review(
			prospects=[
				KnownProspect("PROS-0007", datetime(2024, 4, 1), None, KEY_A),
				KnownProspect("PROS-0003", datetime(2024, 2, 1), PHONE_A),
			]
		)
		assert result == ReviewResult(DUPLICATE_PROSPECT, PROSPECT, "PROS-0003", PHONE)
		assert "2 earlier" in result.detail

	def test_a_later_prospect_of_the_same_person_is_not_this_ones_problem(self) -> None:
		result = review(prospects=[KnownProspect("PROS-0020", CREATED + timedelta(days=2), PHONE_A)])
		assert result.outcome == EMPTY

	def test_the_prospect_itself_among_the_candidates_is_not_its_own_duplicate(self) -> None:
		result = review(prospects=[KnownProspect("PROS-0010", CREATED, PHONE_A, KEY_A)])
		assert result.outcome == EMPTY

	def test_two_prospects_created_at_the_same_instant_the_first_name_is_the_original(self) -> None:
		twin_before = KnownProspect("PROS-0009", CREATED, PHONE_A)
		twin_after = KnownProspect("PROS-0011", CREATED, PHONE_A)
		assert review(prospects=[twin_after]).outcome == EMPTY
		assert review(prospects=[twin_before]).evidence_name == "PROS-0009"

	def test_a_duplicate_beats_an_upcoming_appointment(self) -> None:
		result = review(
			prospects=[KnownProspect("PROS-0001", datetime(2024, 3, 1), PHONE_A)],
			appointments=[Appointment(future(), SCHEDULED)],
			categories=[QUOTE],
			interaction_count=2,
		)
		assert result.outcome == DUPLICATE_PROSPECT

	# 4a. Appointment upcoming

	def test_a_scheduled_appointment_to_come_is_upcoming(self) -> None:
		result = review(appointments=[Appointment(future(10), SCHEDULED), Appointment(future(2), SCHEDULED)])
		assert result.outcome == APPOINTMENT_UPCOMING
		assert result.evidence_doctype is None and result.matched_on is None
		assert future(2).strftime("%Y-%m-%d") in result.detail

	def test_an_appointment_at_the_very_instant_of_the_review_is_still_upcoming(self) -> None:
		assert review(appointments=[Appointment(NOW, SCHEDULED)]).outcome == APPOINTMENT_UPCOMING

	def test_a_missed_appointment_with_one_to_come_is_not_a_no_show(self) -> None:
		# "Pas venu en RDV" only when no other appointment is to come.
		result = review(
			appointments=[Appointment(past(10), NO_SHOW_STATUS), Appointment(future(), SCHEDULED)]
		)
		assert result.outcome == APPOINTMENT_UPCOMING

	def test_a_missed_and_a_cancelled_appointment_with_one_to_come_is_cancelled(self) -> None:
		result = review(
			appointments=[
				Appointment(past(10), NO_SHOW_STATUS),
				Appointment(past(5), CANCELLED),
				Appointment(future(), SCHEDULED),
			],
		)
		assert result.outcome == APPOINTMENT_CANCELLED

	# 4b. Appointment cancelled

	def test_a_cancelled_appointment(self) -> None:
		assert review(appointments=[Appointment(past(), CANCELLED)]).outcome == APPOINTMENT_CANCELLED

	def test_a_cancelled_appointment_that_was_to_come_is_cancelled_not_upcoming(self) -> None:
		assert review(appointments=[Appointment(future(), CANCELLED)]).outcome == APPOINTMENT_CANCELLED

	def test_a_cancellation_told_in_the_interactions(self) -> None:
		result = review(interaction_count=1, cancelled=True)
		assert result.outcome == APPOINTMENT_CANCELLED
		assert review(interaction_count=1, categories=[CANCELLATION]).outcome == APPOINTMENT_CANCELLED

	def test_a_cancellation_in_the_interactions_explains_a_past_appointment_left_scheduled(self) -> None:
		result = review(appointments=[Appointment(past(), SCHEDULED)], interaction_count=2, cancelled=True)
		assert result.outcome == APPOINTMENT_CANCELLED

	def test_a_no_show_comes_before_a_cancellation_as_in_the_procedure(self) -> None:
		result = review(appointments=[Appointment(past(9), NO_SHOW_STATUS), Appointment(past(2), CANCELLED)])
		assert result.outcome == NO_SHOW

	def test_a_cancellation_comes_before_an_appointment_to_come_as_in_the_procedure(self) -> None:
		result = review(appointments=[Appointment(past(9), CANCELLED), Appointment(future(3), SCHEDULED)])
		assert result.outcome == APPOINTMENT_CANCELLED
		assert "scheduled on" in result.detail

	# 4c. No-show

	def test_a_past_appointment_marked_no_show(self) -> None:
		result = review(appointments=[Appointment(past(), NO_SHOW_STATUS)])
		assert result.outcome == NO_SHOW
		assert "still marked" not in result.detail

	def test_a_past_appointment_still_scheduled_counts_as_not_attended(self) -> None:
		result = review(appointments=[Appointment(past(1), SCHEDULED)])
		assert result.outcome == NO_SHOW
		assert "still marked Scheduled" in result.detail

	def test_a_no_show_beats_the_information_requests(self) -> None:
		result = review(
			appointments=[Appointment(past(), NO_SHOW_STATUS)], categories=[QUOTE], interaction_count=3
		)
		assert result.outcome == NO_SHOW

	def test_an_attended_appointment_without_patient_record_is_not_a_no_show(self) -> None:
		result = review(appointments=[Appointment(past(20), NO_SHOW_STATUS), Appointment(past(5), ATTENDED)])
		assert result.outcome == INFORMATION
		assert "check the patient system" in result.detail

	def test_an_attended_appointment_keeps_the_information_sub_type(self) -> None:
		result = review(
			appointments=[Appointment(past(5), ATTENDED)], categories=[PROGRAMME], interaction_count=1
		)
		assert result.outcome == INFORMATION_PROGRAMME
		assert "no matching patient" in result.detail

	# 4d. Information

	def test_information_and_its_sub_type(self) -> None:
		for categories, expected in [
			([PROGRAMME], INFORMATION_PROGRAMME),
			([QUOTE], INFORMATION_QUOTE),
			([PRICES], INFORMATION_QUOTE),
			([PROGRAMME, QUOTE], INFORMATION_QUOTE),
			([RECALL, PROGRAMME, OTHER], INFORMATION_PROGRAMME),
			([OTHER], INFORMATION),
			([RECALL], INFORMATION),
			([], INFORMATION),
		]:
			with self.subTest(categories=categories, expected=expected):
				assert (
					review(categories=categories, interaction_count=max(1, len(categories))).outcome
					== expected
				)

	def test_generators_and_padded_categories_are_accepted(self) -> None:
		result = review_outcome(
			prospect(),
			iter([]),
			iter([]),
			(a for a in [Appointment(past(), ATTENDED)]),
			(c for c in [" Prices "]),
			1,
			False,
			NOW,
		)
		assert result.outcome == INFORMATION_QUOTE

	# 4e. Empty

	def test_nothing_recorded_is_empty(self) -> None:
		result = review()
		assert result == ReviewResult(EMPTY, None, None, None)

	def test_blank_categories_are_not_information(self) -> None:
		assert review(categories=["", "  "]).outcome == EMPTY

	def test_a_negative_interaction_count_is_refused(self) -> None:
		with self.assertRaises(ValueError):
			review(interaction_count=-1)


# The detail, for readers of any language ----------------------------------------------------


def _every_result() -> list[ReviewResult]:
	"""A result of each kind of detail, through review_outcome."""
	patient = KnownPatient("PAT-1", CREATED + timedelta(days=2), PHONE_A)
	earlier = KnownPatient("PAT-2", CREATED - timedelta(days=300), PHONE_A)
	older = KnownProspect("PROS-0003", CREATED - timedelta(days=20), PHONE_A)
	past = Appointment(CREATED + timedelta(days=3), SCHEDULED)
	return [
		review(patients=[patient]),
		review(patients=[earlier]),
		review(prospects=[older]),
		review(appointments=[past]),
		review(appointments=[Appointment(CREATED + timedelta(days=3), NO_SHOW_STATUS)]),
		review(appointments=[Appointment(CREATED + timedelta(days=3), CANCELLED), future_appointment()]),
		review(categories=[CANCELLATION]),
		review(appointments=[future_appointment()]),
		review(appointments=[Appointment(CREATED + timedelta(days=3), ATTENDED)], categories=[QUOTE]),
		review(categories=[PROGRAMME]),
		review(interaction_count=2),
		review(),
	]


def future_appointment() -> Appointment:
	return Appointment(NOW + timedelta(days=2), SCHEDULED)


class TestReviewDetail(unittest.TestCase):
	def test_every_detail_is_made_of_the_rules_templates_with_their_arguments(self):
		results = _every_result()
		used = set()
		for result in results:
			assert result.sentences, result
			for sentence in result.sentences:
				assert sentence.template in conversion.MESSAGES
				assert sentence.template.count("{") == len(sentence.args)
				used.add(sentence.template)
				for arg in sentence.args:
					if isinstance(arg, conversion.Term):
						assert arg in conversion.MESSAGES
			assert result.detail == " ".join(sentence.english() for sentence in result.sentences)
		assert used == set(conversion.MESSAGES) - set(conversion.KEY_NAMES.values())

	def test_an_english_detail_reads_back_into_its_sentences(self):
		for result in _every_result():
			assert conversion.parse_detail(result.detail) == result.sentences, result.detail
		[sentence] = conversion.parse_detail(
			"Patient PAT-1 was registered on 2024-05-08 11:30, matched on phone."
		)
		assert sentence.args == ("PAT-1", datetime(2024, 5, 8, 11, 30), "phone")
		assert isinstance(sentence.args[2], conversion.Term)

	def test_any_other_text_is_no_detail(self):
		for text in [
			"",
			None,
			"typed by hand",
			"Rien n'est enregistré pour ce prospect.",
			"Asked for a quote or the prices",
		]:
			with self.subTest(text=text):
				assert conversion.parse_detail(text) is None
