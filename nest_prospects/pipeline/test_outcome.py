"""Won / lost in a site: refusals, round trips, the status rule shared with the reconciliation,
permissions, and the weighted pipeline report on a hand-counted fixture."""

from __future__ import annotations

import frappe
from frappe.desk.query_report import run as run_report
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, now_datetime

from nest_prospects.constants import PROSPECT, SETTINGS
from nest_prospects.nest_prospects.report.nest_weighted_pipeline.nest_weighted_pipeline import execute
from nest_prospects.pipeline import setup
from nest_prospects.tests.factories import AGENT, MANAGER, OUTSIDER, make_patient, make_prospect

REPORT = "NEST Weighted Pipeline"


def stored(name: str) -> frappe._dict:
	row = frappe.db.get_value(
		PROSPECT, name, ["status", "outcome", "patient", "loss_justification", "outcome_by"], as_dict=True
	)
	return frappe._dict({key: value or None for key, value in row.items()})


def factors(name: str, field: str) -> list[str]:
	return frappe.get_all(
		"NEST Prospect Outcome Factor",
		filters={"parent": name, "parenttype": PROSPECT, "parentfield": field},
		pluck="reason",
		order_by="idx",
	)


class PipelineTestCase(FrappeTestCase):
	"""The seeded stages and reasons, the pipeline turned on (the test users come from before_tests)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		setup.install()
		frappe.db.set_single_value(SETTINGS, "enable_pipeline", 1)


class TestOutcome(PipelineTestCase):
	def setUp(self):
		frappe.set_user(AGENT)

	def tearDown(self):
		frappe.set_user("Administrator")

	def assertRefused(self, call, *words):
		with self.assertRaises(frappe.ValidationError) as caught:
			call()
		for word in words:
			self.assertIn(word, str(caught.exception))
		return caught.exception

	def test_seeded_lists(self):
		self.assertEqual(frappe.db.get_value("NEST Pipeline Stage", "Qualifié", "probability"), 20)
		self.assertEqual(frappe.db.get_value("NEST Pipeline Stage", "Gagné", "probability"), 99)
		self.assertEqual(frappe.db.get_value("NEST Outcome Reason", "Distance", "outcome"), "Lost")
		self.assertEqual(frappe.db.get_value("NEST Outcome Reason", "Recommandation", "outcome"), "Won")
		# idempotent, and a manager's change is kept
		frappe.db.set_value("NEST Pipeline Stage", "Qualifié", "probability", 25)
		count = frappe.db.count("NEST Pipeline Stage")
		setup.install()
		self.assertEqual(frappe.db.count("NEST Pipeline Stage"), count)
		self.assertEqual(frappe.db.get_value("NEST Pipeline Stage", "Qualifié", "probability"), 25)
		frappe.db.set_value("NEST Pipeline Stage", "Qualifié", "probability", 20)

	def test_lost_refused_without_factor_or_justification(self):
		prospect = make_prospect(last_name="Perdue")
		self.assertRefused(lambda: prospect.mark_lost(factors=[], justification="Trop cher"), "Loss Factors")
		self.assertRefused(
			lambda: prospect.mark_lost(factors=["Prix"], justification="  "), "Loss Justification"
		)
		# a win reason is no loss factor
		self.assertRefused(
			lambda: prospect.mark_lost(factors=["Recommandation"], justification="x"), "Recommandation"
		)
		self.assertEqual(stored(prospect.name).status, "Active")
		self.assertFalse(stored(prospect.name).outcome)
		self.assertEqual(factors(prospect.name, "loss_factors"), [])

	def test_lost_round_trip(self):
		prospect = make_prospect(last_name="Perdue", pipeline_stage="Qualifié")
		self.assertEqual(prospect.stage_probability, 20)
		result = prospect.mark_lost(factors=["Distance", "Prix"], justification="Habite à Thiès, trop loin.")
		self.assertEqual((result["status"], result["outcome"]), ("Abandoned", "Lost"))
		row = stored(prospect.name)
		self.assertEqual((row.status, row.outcome, row.outcome_by), ("Abandoned", "Lost", AGENT))
		self.assertEqual(row.loss_justification, "Habite à Thiès, trop loin.")
		self.assertEqual(factors(prospect.name, "loss_factors"), ["Distance", "Prix"])
		# the history: a Version of the prospect records the outcome and the factors
		versions = frappe.get_all(
			"Version", filters={"ref_doctype": PROSPECT, "docname": prospect.name}, pluck="data"
		)
		self.assertTrue(any('"Lost"' in data and "Distance" in data for data in versions), versions)
		# back in the follow-up (a secretary sets Active again): neither won nor lost any more
		doc = frappe.get_doc(PROSPECT, prospect.name)
		doc.status = "Active"
		doc.save()
		row = stored(prospect.name)
		self.assertEqual((row.status, row.outcome, row.loss_justification), ("Active", None, None))
		self.assertEqual(factors(prospect.name, "loss_factors"), [])

	def test_won_needs_a_matching_patient(self):
		prospect = make_prospect(last_name="Gagnée", date_of_birth="1990-05-05")
		self.assertRefused(lambda: prospect.mark_won(factors=["Accueil"]), "Patient")
		self.assertRefused(lambda: prospect.mark_won(factors=[], patient="X"), "Win Factors")
		frappe.set_user("Administrator")
		stranger = make_patient(last_name="Autre", date_of_birth="1970-01-01")
		frappe.set_user(AGENT)
		self.assertRefused(
			lambda: prospect.mark_won(factors=["Accueil"], patient=stranger.name), stranger.name
		)
		self.assertRefused(lambda: prospect.mark_won(factors=["Accueil"], patient="NO-SUCH"), "NO-SUCH")
		row = stored(prospect.name)
		self.assertEqual((row.status, row.outcome, row.patient), ("Active", None, None))

	def test_won_takes_the_reconciliation_status(self):
		# her patient record has another phone (same names and birth date), registered after her
		# first contact: the reconciliation's rule says Converted
		frappe.set_user("Administrator")
		patient = make_patient(first_name="Khady", last_name="Gagnante", date_of_birth="1993-02-02")
		frappe.set_user(AGENT)
		prospect = make_prospect(
			first_name="Khady",
			last_name="Gagnante",
			date_of_birth="1993-02-02",
			first_contact_on=add_days(now_datetime(), -10),
		)
		self.assertEqual(stored(prospect.name).status, "Active")
		result = prospect.mark_won(factors=["Recommandation", "Accueil"], patient=patient.name)
		self.assertEqual(result, {"status": "Converted", "outcome": "Won", "patient": patient.name})
		self.assertEqual(factors(prospect.name, "win_factors"), ["Recommandation", "Accueil"])
		# her stage is the list's won stage (the highest probability: Gagné, 99 %)
		self.assertEqual(
			frappe.db.get_value(PROSPECT, prospect.name, ["pipeline_stage", "stage_probability"]),
			("Gagné", 99),
		)
		# a won prospect is not lost afterwards (a manager changes a reconciled status first)
		self.assertRefused(lambda: prospect.mark_lost(factors=["Prix"], justification="x"), "Status")

	def test_won_after_a_pushed_patient_keeps_the_status(self):
		prospect = make_prospect(last_name="Reconciliée", first_contact_on=add_days(now_datetime(), -3))
		frappe.set_user("Administrator")
		patient = make_patient(phone=prospect.phone)
		frappe.set_user(AGENT)
		self.assertEqual(stored(prospect.name).status, "Converted")
		result = prospect.mark_won(factors=["Suivi du programme"])
		self.assertEqual(result, {"status": "Converted", "outcome": "Won", "patient": patient.name})

	def test_the_form_cannot_write_the_outcome(self):
		prospect = make_prospect(last_name="Formulaire")
		doc = frappe.get_doc(PROSPECT, prospect.name)
		doc.outcome = "Won"
		doc.append("win_factors", {"reason": "Accueil"})
		doc.pipeline_stage = "Évalué"
		doc.save()
		row = stored(prospect.name)
		self.assertFalse(row.outcome)
		self.assertEqual(factors(prospect.name, "win_factors"), [])
		self.assertEqual(frappe.db.get_value(PROSPECT, prospect.name, "stage_probability"), 50)

	def test_permissions(self):
		prospect = make_prospect(last_name="Permissions")
		frappe.set_user(OUTSIDER)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(PROSPECT, prospect.name).mark_lost(factors=["Prix"], justification="x")
		frappe.set_user(AGENT)
		# the agents work the pipeline, the managers edit its lists
		self.assertTrue(frappe.has_permission("NEST Pipeline Stage", "read"))
		self.assertFalse(frappe.has_permission("NEST Pipeline Stage", "write"))
		self.assertFalse(frappe.has_permission("NEST Outcome Reason", "create"))
		with self.assertRaises(frappe.PermissionError):
			run_report(REPORT, filters={"view": "Pipeline"})
		frappe.set_user(MANAGER)
		self.assertTrue(frappe.has_permission("NEST Pipeline Stage", "write"))
		self.assertTrue(frappe.has_permission("NEST Outcome Reason", "create"))
		self.assertIn("result", run_report(REPORT, filters={"view": "Factors"}))

	def test_pipeline_off_refuses(self):
		prospect = make_prospect(last_name="Éteint")
		frappe.db.set_single_value(SETTINGS, "enable_pipeline", 0)
		try:
			self.assertRefused(lambda: prospect.mark_lost(factors=["Prix"], justification="x"))
		finally:
			frappe.db.set_single_value(SETTINGS, "enable_pipeline", 1)
		self.assertEqual(stored(prospect.name).status, "Active")


class TestWeightedPipeline(PipelineTestCase):
	"""January 2011: Suspect ×2, Évalué ×1, one Suspect won and one Qualifié lost (out of the
	pipeline); February 2011: Qualifié ×1. Factors marked in March 2011: won Recommandation +
	Accueil; lost Prix; lost Prix + Distance."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		jan, feb = "2011-01-10 10:00:00", "2011-02-03 10:00:00"

		def prospect(stage, first):
			return make_prospect(last_name="Pipeline", pipeline_stage=stage, first_contact_on=first)

		prospect("Suspect", jan)
		prospect("Suspect", jan)
		prospect("Évalué", jan)
		prospect("Qualifié", feb)
		patient = make_patient(first_name="Won", last_name="Pipeline", date_of_birth="1990-01-01")
		won = make_prospect(
			first_name="Won",
			last_name="Pipeline",
			date_of_birth="1990-01-01",
			pipeline_stage="Suspect",
			first_contact_on=jan,
		)
		won.mark_won(factors=["Recommandation", "Accueil"], patient=patient.name)
		lost = prospect("Qualifié", jan)
		lost.mark_lost(factors=["Prix"], justification="Trop cher")
		lost2 = prospect(None, feb)
		lost2.mark_lost(factors=["Prix", "Distance"], justification="Loin et cher")
		for name in (won.name, lost.name, lost2.name):
			frappe.db.set_value(PROSPECT, name, "outcome_on", "2011-03-15 10:00:00")

	def test_pipeline_by_month(self):
		columns, rows, _m, chart, summary = execute(
			{
				"view": "Pipeline",
				"month_of": "First Contact",
				"from_date": "2011-01-01",
				"to_date": "2011-02-28",
			}
		)
		self.assertEqual(columns[0]["label"], "Month of First Contact")
		self.assertEqual(
			[(r["month"], r["stage"], r["prospects"], r["probability_sum"], r["weighted"]) for r in rows],
			[
				("2011-01", "Suspect", 2, 10.0, 0.1),
				("2011-01", "Évalué", 1, 50.0, 0.5),
				("2011-01", "Total", 3, 60.0, 0.6),
				("2011-02", "Qualifié", 1, 20.0, 0.2),
				("2011-02", "Total", 1, 20.0, 0.2),
			],
		)
		self.assertEqual(chart["data"]["labels"], ["2011-01", "2011-02"])
		self.assertEqual(
			{d["name"]: d["values"] for d in chart["data"]["datasets"]},
			{"Suspect": [0.1, 0], "Qualifié": [0, 0.2], "Évalué": [0.5, 0]},
		)
		self.assertEqual([s["value"] for s in summary], [4, 0.8])

	def test_pipeline_by_expected_month(self):
		"""The default: each prospect in her expected conversion month; the fixture's prospects have
		none, and are counted as such, until two are given one (any day: the month is kept)."""
		names = frappe.get_all(
			PROSPECT,
			filters={"last_name": "Pipeline", "status": "Active", "pipeline_stage": ("is", "set")},
			order_by="first_contact_on, name",
			pluck="name",
		)
		period = {"view": "Pipeline", "from_date": "2031-01-01", "to_date": "2031-12-31"}
		columns, rows, _m, _chart, summary = execute(period)
		self.assertEqual(columns[0]["label"], "Expected Conversion Month")
		self.assertEqual(rows, [])
		without = summary[-1]["value"]
		self.assertGreaterEqual(without, 4)
		for name, day in zip(names[:2], ("2031-05-17", "2031-06-30"), strict=True):
			doc = frappe.get_doc(PROSPECT, name)
			doc.expected_on = day
			doc.save()
		self.assertEqual(frappe.db.get_value(PROSPECT, names[0], "expected_on"), getdate("2031-05-01"))
		_columns, rows, _m, _chart, summary = execute(period)
		self.assertEqual(
			[(r["month"], r["stage"], r["prospects"]) for r in rows],
			[
				("2031-05", "Suspect", 1),
				("2031-05", "Total", 1),
				("2031-06", "Suspect", 1),
				("2031-06", "Total", 1),
			],
		)
		self.assertEqual(summary[-1]["value"], without - 2)

	def test_factors_counted(self):
		_columns, rows, _m, _chart, summary = execute(
			{"view": "Factors", "from_date": "2011-03-01", "to_date": "2011-03-31"}
		)
		self.assertEqual(
			[(r["factor"], r["prospects"], r["share"]) for r in rows],
			[("Accueil", 1, 100.0), ("Recommandation", 1, 100.0), ("Prix", 2, 100.0), ("Distance", 1, 50.0)],
		)
		self.assertEqual([s["value"] for s in summary], [1, 2])
