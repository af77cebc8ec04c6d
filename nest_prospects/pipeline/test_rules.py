"""The pipeline's pure rules (no Frappe): python -m pytest nest_prospects/pipeline/test_rules.py."""

import unittest

from nest_prospects.pipeline.rules import (
	ABANDONED,
	ACTIVE,
	CONVERTED,
	DUPLICATE,
	LOST,
	NO_FACTOR,
	NO_JUSTIFICATION,
	NO_PATIENT,
	NOT_FROM_STATUS,
	OTHER_PATIENT,
	UNKNOWN_FACTOR,
	WON,
	OutcomeError,
	OutcomeRequest,
	Stage,
	StageCount,
	check_outcome,
	month_start,
	pipeline_rows,
	weighted,
	won_stage,
)

LOSS = ("Prix", "Distance", "Injoignable")
WIN = ("Recommandation", "Accueil")


class CheckOutcomeTest(unittest.TestCase):
	def refused(self, request, status=ACTIVE, reasons=LOSS, patient=None):
		with self.assertRaises(OutcomeError) as caught:
			check_outcome(request, status, reasons, patient)
		return caught.exception

	def test_loss_needs_a_factor(self):
		error = self.refused(OutcomeRequest(LOST, (), "trop cher"))
		self.assertEqual((error.field, error.template), ("loss_factors", NO_FACTOR))
		# blank entries are no factor
		error = self.refused(OutcomeRequest(LOST, (" ", ""), "trop cher"))
		self.assertEqual(error.field, "loss_factors")

	def test_loss_needs_a_justification(self):
		error = self.refused(OutcomeRequest(LOST, ("Prix",), "   "))
		self.assertEqual((error.field, error.template), ("loss_justification", NO_JUSTIFICATION))

	def test_unknown_or_inactive_factor_refused(self):
		error = self.refused(OutcomeRequest(LOST, ("Prix", "Recommandation"), "x"))
		self.assertEqual(
			(error.field, error.template, error.arguments[0]),
			("loss_factors", UNKNOWN_FACTOR, "Recommandation"),
		)

	def test_accepted_loss_strips_and_dedupes(self):
		checked = check_outcome(
			OutcomeRequest(LOST, ("Prix", " Prix ", "Distance"), "  trop loin "), ACTIVE, LOSS, None
		)
		self.assertEqual(
			(checked.factors, checked.justification, checked.patient),
			(("Prix", "Distance"), "trop loin", None),
		)

	def test_lost_only_from_active_or_abandoned(self):
		for status in (CONVERTED, DUPLICATE):
			error = self.refused(OutcomeRequest(LOST, ("Prix",), "x"), status=status)
			self.assertEqual((error.field, error.template), ("status", NOT_FROM_STATUS))
		self.assertEqual(
			check_outcome(OutcomeRequest(LOST, ("Prix",), "x"), ABANDONED, LOSS, None).outcome, LOST
		)

	def test_won_needs_a_patient(self):
		error = self.refused(OutcomeRequest(WON, ("Accueil",)), reasons=WIN)
		self.assertEqual((error.field, error.template), ("patient", NO_PATIENT))
		# the linked patient is enough, a justification is optional
		checked = check_outcome(OutcomeRequest(WON, ("Accueil",)), CONVERTED, WIN, "PAT-1")
		self.assertEqual((checked.patient, checked.justification), ("PAT-1", None))

	def test_won_cannot_change_the_linked_patient(self):
		error = self.refused(
			OutcomeRequest(WON, ("Accueil",), patient="PAT-2"), status=CONVERTED, reasons=WIN, patient="PAT-1"
		)
		self.assertEqual((error.field, error.template), ("patient", OTHER_PATIENT))

	def test_won_not_for_a_duplicate(self):
		error = self.refused(
			OutcomeRequest(WON, ("Accueil",), patient="PAT-1"), status=DUPLICATE, reasons=WIN
		)
		self.assertEqual(error.field, "status")

	def test_message_names_the_field(self):
		error = self.refused(OutcomeRequest(LOST, (), "x"))
		self.assertIn("loss_factors", str(error))

	def test_unknown_outcome_is_a_bug(self):
		with self.assertRaises(ValueError):
			check_outcome(OutcomeRequest("Maybe", ("Prix",), "x"), ACTIVE, LOSS, None)


class WeightedPipelineTest(unittest.TestCase):
	def test_weighted_is_expected_prospects(self):
		self.assertEqual(weighted(5 + 20 + 20), 0.45)
		self.assertEqual(weighted(0), 0)

	def test_rows_per_month_in_stage_order_with_totals(self):
		counts = [
			StageCount("2026-02", "Qualifié", 20, 1, 20),
			StageCount("2026-01", "Évalué", 50, 2, 100),
			StageCount("2026-01", "Suspect", 5, 3, 15),
		]
		rows = pipeline_rows(counts, ["Suspect", "Qualifié", "Évalué"])
		self.assertEqual(
			[(r["month"], r["stage"], r["prospects"], r["weighted"]) for r in rows],
			[
				("2026-01", "Suspect", 3, 0.15),
				("2026-01", "Évalué", 2, 1.0),
				("2026-01", None, 5, 1.15),
				("2026-02", "Qualifié", 1, 0.2),
				("2026-02", None, 1, 0.2),
			],
		)
		self.assertEqual([r.get("is_total", 0) for r in rows], [0, 0, 1, 0, 1])

	def test_stage_no_longer_in_the_list_comes_last(self):
		rows = pipeline_rows(
			[StageCount("2026-01", "Ancienne", 10, 1, 10), StageCount("2026-01", "Suspect", 5, 1, 5)],
			["Suspect"],
		)
		self.assertEqual([r["stage"] for r in rows], ["Suspect", "Ancienne", None])


class WonStageTest(unittest.TestCase):
	SEEDED = (
		Stage("Suspect", 5, 1),
		Stage("Qualifié", 20, 2),
		Stage("Évalué", 50, 3),
		Stage("En négociation", 75, 4),
		Stage("Gagné", 99, 5),
	)

	def test_the_highest_probability_whatever_its_name_or_place(self):
		self.assertEqual(won_stage(self.SEEDED), "Gagné")
		renamed = (Stage("Inscrite", 100, 0), *self.SEEDED[:4])
		self.assertEqual(won_stage(renamed), "Inscrite")

	def test_an_inactive_stage_is_never_chosen(self):
		self.assertEqual(won_stage((*self.SEEDED[:4], Stage("Gagné", 99, 5, active=False))), "En négociation")
		self.assertIsNone(won_stage([Stage("Gagné", 99, 5, active=False)]))
		self.assertIsNone(won_stage([]))

	def test_a_tie_goes_to_the_later_stage_in_the_list(self):
		self.assertEqual(won_stage([Stage("Signé", 99, 6), Stage("Gagné", 99, 5)]), "Signé")


class MonthStartTest(unittest.TestCase):
	def test_any_day_becomes_the_first_of_its_month(self):
		from datetime import date, datetime

		self.assertEqual(month_start("2027-03-17"), date(2027, 3, 1))
		self.assertEqual(month_start(date(2027, 3, 31)), date(2027, 3, 1))
		self.assertEqual(month_start(datetime(2027, 3, 31, 23, 59)), date(2027, 3, 1))
		self.assertIsNone(month_start(None))
		self.assertIsNone(month_start(""))


if __name__ == "__main__":
	unittest.main()
