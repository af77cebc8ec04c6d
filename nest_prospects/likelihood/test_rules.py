"""The likelihood model's arithmetic, on tables counted by hand and on generated data whose answer
is known. Framework-free: plain pytest and `bench run-tests` both run it."""

from __future__ import annotations

import math
import random
import unittest
from datetime import date

from nest_prospects.likelihood.rules import (
	AGE_BAND,
	APPOINTMENT_BOOKED,
	DOCUMENTS_SENT,
	FIRST_CHANNEL,
	NO,
	REQUEST_TYPE,
	SOURCE,
	TEMPERATURE,
	YES,
	CalibrationCell,
	FrequencyTables,
	age_band,
	calibrate,
	calibration_band,
	predict,
	stored_factors,
	usable,
)


def tiny_tables() -> FrequencyTables:
	"""Five reviews: two converted, three not."""
	tables = FrequencyTables()
	tables.add({SOURCE: "A", TEMPERATURE: "Hot"}, True)
	tables.add({SOURCE: "A", TEMPERATURE: "Warm"}, True)
	tables.add({SOURCE: "B", TEMPERATURE: "Hot"}, False)
	tables.add({SOURCE: "A", TEMPERATURE: "Hot"}, False)
	tables.add({SOURCE: "B"}, False)  # temperature unknown: not counted for it
	return tables


class TestArithmeticByHand(unittest.TestCase):
	def test_tiny_table(self):
		"""Prior (2+1)/(3+1); source K=2: P(A|C) = (2+1)/(2+2), P(A|O) = (1+1)/(3+2); temperature
		K=2 over the 2 + 2 prospects that have one: P(Hot|C) = (1+1)/(2+2), P(Hot|O) = (2+1)/(2+2).
		Odds 3/4 x 15/8 x 2/3 = 15/16, so 15/31."""
		prediction = predict(tiny_tables(), {SOURCE: "A", TEMPERATURE: "Hot"})
		self.assertAlmostEqual(prediction.probability, 15 / 31, places=12)
		self.assertEqual(prediction.percent, 48.4)
		weights = {(f.feature, f.value): f.weight for f in prediction.factors}
		self.assertAlmostEqual(weights[(SOURCE, "A")], math.log(15 / 8), places=12)
		self.assertAlmostEqual(weights[(TEMPERATURE, "Hot")], math.log(2 / 3), places=12)
		# heaviest first, whatever its sign
		self.assertEqual([f.feature for f in prediction.factors], [SOURCE, TEMPERATURE])
		self.assertTrue(prediction.factors[0].raises)
		self.assertFalse(prediction.factors[1].raises)

	def test_no_feature_gives_the_prior(self):
		prediction = predict(tiny_tables(), {})
		self.assertAlmostEqual(prediction.probability, 3 / 7, places=12)  # odds 3/4
		self.assertEqual(prediction.factors, ())

	def test_an_unseen_or_unknown_value_says_nothing(self):
		tables = tiny_tables()
		alone = predict(tables, {TEMPERATURE: "Hot"}).probability
		self.assertEqual(predict(tables, {TEMPERATURE: "Hot", SOURCE: "Nouvelle source"}).probability, alone)
		self.assertEqual(predict(tables, {TEMPERATURE: "Hot", SOURCE: None}).probability, alone)
		self.assertEqual(predict(tables, {TEMPERATURE: "Hot", SOURCE: ""}).probability, alone)

	def test_smoothing_keeps_a_value_never_seen_in_one_class_finite(self):
		"""Source C: 3 converted, never other. Without smoothing P(C|other) = 0 and the odds infinite."""
		tables = FrequencyTables()
		for _ in range(3):
			tables.add({SOURCE: "C"}, True)
		for _ in range(4):
			tables.add({SOURCE: "D"}, False)
		prediction = predict(tables, {SOURCE: "C"})
		# prior 4/5; P(C|conv) = (3+1)/(3+2) = 4/5; P(C|other) = (0+1)/(4+2) = 1/6: odds 4/5 x 24/5
		odds = 4 / 5 * (4 / 5) / (1 / 6)
		self.assertAlmostEqual(prediction.probability, odds / (1 + odds), places=12)
		self.assertLess(prediction.probability, 1)

	def test_request_types_each_present_one_is_a_yes_no(self):
		"""A prospect may ask several things: each type present weighs (count+1)/(class size+2)."""
		tables = FrequencyTables()
		tables.add({REQUEST_TYPE: ["DEVIS", "TARIFS"]}, True)
		tables.add({REQUEST_TYPE: ["DEVIS"]}, True)
		tables.add({REQUEST_TYPE: ["TARIFS"]}, False)
		tables.add({REQUEST_TYPE: []}, False)
		prediction = predict(tables, {REQUEST_TYPE: ["DEVIS", "TARIFS", "DEVIS"]})
		devis = math.log(((2 + 1) / (2 + 2)) / ((0 + 1) / (2 + 2)))
		tarifs = math.log(((1 + 1) / (2 + 2)) / ((1 + 1) / (2 + 2)))
		odds = (3 / 3) * math.exp(devis + tarifs)
		self.assertAlmostEqual(prediction.probability, odds / (1 + odds), places=12)
		self.assertEqual(
			next((f.value, round(f.weight, 4)) for f in prediction.factors), ("DEVIS", round(devis, 4))
		)

	def test_empty_tables_give_nothing(self):
		self.assertIsNone(predict(FrequencyTables(), {SOURCE: "A"}))


class TestFloor(unittest.TestCase):
	def test_below_the_floor_or_with_one_class_only_no_likelihood(self):
		tables = tiny_tables()
		self.assertTrue(usable(tables, 5))
		self.assertFalse(usable(tables, 6))
		only_converted = FrequencyTables()
		for _ in range(100):
			only_converted.add({SOURCE: "A"}, True)
		self.assertFalse(usable(only_converted, 10))
		self.assertFalse(usable(FrequencyTables(), 0))


class TestLeaveOneOut(unittest.TestCase):
	def test_leaving_a_review_out_is_predicting_from_the_others(self):
		rng = random.Random(7)
		rows = [
			(
				{
					SOURCE: rng.choice("ABC"),
					TEMPERATURE: rng.choice(["Hot", "Warm", None]),
					REQUEST_TYPE: rng.sample(["DEVIS", "TARIFS", "RDV"], rng.randint(0, 2)),
				},
				rng.random() < 0.3,
			)
			for _ in range(40)
		]
		rows.append(({SOURCE: "Unique", TEMPERATURE: "Cold", REQUEST_TYPE: ["RARE"]}, True))
		tables = FrequencyTables()
		for features, converted in rows:
			tables.add(features, converted)
		for i in (0, 5, 17, len(rows) - 1):
			features, converted = rows[i]
			others = FrequencyTables()
			for j, (f, c) in enumerate(rows):
				if j != i:
					others.add(f, c)
			expected = predict(others, features)
			got = predict(tables, features, leave_out=converted)
			self.assertAlmostEqual(got.probability, expected.probability, places=12)
			self.assertEqual([f.feature for f in got.factors], [f.feature for f in expected.factors])


class TestGeneratedData(unittest.TestCase):
	def test_a_feature_that_decides_conversion_dominates(self):
		"""Documents sent decides; source and temperature are noise."""
		rng = random.Random(1)
		tables = FrequencyTables()
		for _ in range(400):
			sent = rng.random() < 0.4
			tables.add(
				{
					DOCUMENTS_SENT: YES if sent else NO,
					SOURCE: rng.choice(["Facebook", "Site web", "Téléphone"]),
					TEMPERATURE: rng.choice(["Hot", "Warm", "Cold"]),
				},
				sent,
			)
		yes = predict(tables, {DOCUMENTS_SENT: YES, SOURCE: "Facebook", TEMPERATURE: "Cold"})
		no = predict(tables, {DOCUMENTS_SENT: NO, SOURCE: "Facebook", TEMPERATURE: "Hot"})
		self.assertGreater(yes.probability, 0.95)
		self.assertLess(no.probability, 0.05)
		self.assertEqual(yes.top(1)[0].feature, DOCUMENTS_SENT)
		self.assertEqual(no.top(1)[0].feature, DOCUMENTS_SENT)
		self.assertFalse(no.top(1)[0].raises)

	def test_independent_features_give_the_bayes_posterior(self):
		"""Prior 0.3; channel Visit in 80 % of converted, 20 % of the others; age band independent
		of both (uniform) and of the class. P(converted | Visit) = 0.24 / (0.24 + 0.14)."""
		rng = random.Random(3)
		tables = FrequencyTables()
		bands = ["< 25", "25-29", "30-34", "35-39", "40 +"]
		for _ in range(40_000):
			converted = rng.random() < 0.3
			visit = rng.random() < (0.8 if converted else 0.2)
			tables.add(
				{FIRST_CHANNEL: "Visit" if visit else "Inbound Call", AGE_BAND: rng.choice(bands)}, converted
			)
		got = predict(tables, {FIRST_CHANNEL: "Visit", AGE_BAND: "30-34"}).probability
		self.assertAlmostEqual(got, 0.24 / 0.38, delta=0.02)
		got = predict(tables, {FIRST_CHANNEL: "Inbound Call", AGE_BAND: "< 25"}).probability
		self.assertAlmostEqual(got, 0.06 / (0.06 + 0.56), delta=0.02)
		# the independent feature weighs almost nothing
		weights = {f.feature: f.weight for f in predict(tables, {AGE_BAND: "40 +"}).factors}
		self.assertLess(abs(weights[AGE_BAND]), 0.1)

	def test_ordering_follows_the_known_rates(self):
		rng = random.Random(5)
		rates = {"Recommandation": 0.6, "Site web": 0.3, "Facebook": 0.1}
		tables = FrequencyTables()
		for _ in range(3000):
			source = rng.choice(list(rates))
			tables.add(
				{SOURCE: source, APPOINTMENT_BOOKED: rng.choice([YES, NO])}, rng.random() < rates[source]
			)
		ranked = sorted(rates, key=lambda s: -predict(tables, {SOURCE: s}).probability)
		self.assertEqual(ranked, ["Recommandation", "Site web", "Facebook"])
		for source, rate in rates.items():
			self.assertAlmostEqual(predict(tables, {SOURCE: source}).probability, rate, delta=0.05)


class TestStoredForms(unittest.TestCase):
	def test_tables_round_trip_through_json(self):
		tables = tiny_tables()
		tables.add({REQUEST_TYPE: ["DEVIS"]}, True)
		again = FrequencyTables.from_dict(tables.as_dict())
		self.assertEqual(again.as_dict(), tables.as_dict())
		features = {SOURCE: "A", TEMPERATURE: "Hot", REQUEST_TYPE: ["DEVIS"]}
		self.assertEqual(predict(again, features), predict(tables, features))

	def test_three_factors_stored_heaviest_first(self):
		tables = FrequencyTables()
		for i in range(60):
			tables.add(
				{
					SOURCE: "A" if i % 2 else "B",
					TEMPERATURE: "Hot" if i % 3 else "Cold",
					DOCUMENTS_SENT: YES if i % 5 else NO,
					APPOINTMENT_BOOKED: NO,
				},
				i % 2 == 1 and i % 3 != 0,
			)
		prediction = predict(
			tables, {SOURCE: "A", TEMPERATURE: "Hot", DOCUMENTS_SENT: YES, APPOINTMENT_BOOKED: NO}
		)
		stored = stored_factors(prediction)
		self.assertEqual(len(stored), 3)
		self.assertEqual([row[0] for row in stored][:2], [SOURCE, TEMPERATURE])
		self.assertEqual(sorted(stored, key=lambda r: -abs(r[2])), stored)
		self.assertIsNone(stored_factors(None))


class TestAgeBand(unittest.TestCase):
	def test_bands_on_the_first_contact(self):
		first = date(2026, 6, 15)
		self.assertEqual(age_band(date(2001, 6, 16), first), "< 25")  # 24 the day before her birthday
		self.assertEqual(age_band(date(2001, 6, 15), first), "25-29")
		self.assertEqual(age_band(date(1991, 1, 1), first), "35-39")
		self.assertEqual(age_band(date(1980, 1, 1), first), "40 +")
		self.assertIsNone(age_band(None, first))
		self.assertIsNone(age_band(date(2030, 1, 1), first))


class TestCalibration(unittest.TestCase):
	def test_cells_counted_by_hand(self):
		rows = [
			("2026-09", 10.0, False),
			("2026-09", 15.0, True),
			("2026-09", 19.9, False),
			("2026-09", 20.0, False),
			("2026-09", 100.0, True),
			("2026-10", 85.0, True),
			("2026-10", 95.0, False),
		]
		cells = calibrate(rows)
		low = cells[("2026-09", (0, 20))]
		self.assertEqual((low.reviewed, low.converted), (3, 1))
		self.assertEqual(low.predicted, 15.0)
		self.assertEqual(low.observed, 33.3)
		self.assertEqual(low.gap, 18.3)
		self.assertEqual(cells[("2026-09", (20, 40))].reviewed, 1)
		self.assertEqual(cells[("2026-09", (80, 100))].reviewed, 1)
		high = cells[("2026-10", (80, 100))]
		self.assertEqual((high.reviewed, high.converted, high.predicted, high.observed), (2, 1, 90.0, 50.0))
		self.assertEqual(calibration_band(0), (0, 20))
		self.assertEqual(calibration_band(59.99), (40, 60))
		total = CalibrationCell()
		total.merge(low)
		total.merge(high)
		self.assertEqual((total.reviewed, total.converted), (5, 2))
		self.assertIsNone(CalibrationCell().observed)
