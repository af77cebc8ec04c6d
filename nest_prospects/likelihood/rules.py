"""The likelihood that a prospect becomes a patient: naive Bayes over a few categorical features.

Learned from the site's own conversion reviews: the class is "Converted" against every other
outcome. For each feature and each of its values the tables hold how many reviewed prospects had
it, converted and not (`FrequencyTables`). A prospect's odds of converting are the prior odds
times, for each of her known feature values, the ratio P(value | converted) / P(value | other),
each smoothed by Laplace (add `ALPHA` to every count):

	P(value | class) = (count(value, class) + 1) / (prospects of the class with the feature + K)

where K is the number of values the feature took in the reviews; for the request types, of which
a prospect may have several, each type present counts as "present / absent" (K = 2) and the
absent ones say nothing. A value no review had (a new source) and an unknown value (no date of
birth) say nothing either. In logarithms the odds are a sum, and each term is what that feature
weighs for this prospect (`Factor`): the form shows the three heaviest.

Below `floor` reviewed prospects (or without a converted one and another), no likelihood.
Pure Python: the job and the reports feed it what the database holds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

ALPHA = 1.0
DEFAULT_FLOOR = 50
# The features, in the order the form lists them on a tie.
SOURCE = "source"
TEMPERATURE = "temperature"
REQUEST_TYPE = "request_type"
FIRST_CHANNEL = "first_channel"
AGE_BAND = "age_band"
DOCUMENTS_SENT = "documents_sent"
APPOINTMENT_BOOKED = "appointment_booked"
FEATURES = (SOURCE, TEMPERATURE, REQUEST_TYPE, FIRST_CHANNEL, AGE_BAND, DOCUMENTS_SENT, APPOINTMENT_BOOKED)
# Features a prospect may have several values of (each present value is a yes/no).
MULTI_VALUED = frozenset({REQUEST_TYPE})
# What the form shows for each feature (translated by the desk).
FEATURE_LABELS = {
	SOURCE: "Source",
	TEMPERATURE: "Temperature",
	REQUEST_TYPE: "Request",
	FIRST_CHANNEL: "First Channel",
	AGE_BAND: "Age",
	DOCUMENTS_SENT: "Documents Sent",
	APPOINTMENT_BOOKED: "Appointment Booked",
}
YES, NO = "Yes", "No"
# Values the form shows translated (__(value)): the yes/no features'.
SHOWN_VALUES = (YES, NO)
# Age at the first contact: [lower, upper) in years, and the band's value.
AGE_BANDS = ((None, 25, "< 25"), (25, 30, "25-29"), (30, 35, "30-34"), (35, 40, "35-39"), (40, None, "40 +"))
# The calibration report's bands of predicted likelihood, in percent: [lower, upper).
CALIBRATION_BANDS = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 100))
TOP_FACTORS = 3


def age_band(date_of_birth: date | None, on: date | None) -> str | None:
	"""The band of the age in whole years on `on` (the first contact); None when unknown."""
	if not date_of_birth or not on:
		return None
	years = on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
	if years < 0:
		return None
	for lower, upper, band in AGE_BANDS:
		if (lower is None or years >= lower) and (upper is None or years < upper):
			return band
	return None


def yes_no(flag) -> str:
	return YES if flag else NO


Features = Mapping[str, object]  # feature -> a value (str or None), or for MULTI_VALUED an iterable


def feature_values(features: Features) -> list[tuple[str, str]]:
	"""The (feature, value) pairs a prospect has, unknown values left out, in FEATURES order."""
	pairs = []
	for feature in FEATURES:
		value = features.get(feature)
		if feature in MULTI_VALUED:
			pairs += [(feature, str(v)) for v in sorted(set(value or ())) if v]
		elif value not in (None, ""):
			pairs.append((feature, str(value)))
	return pairs


@dataclass
class FrequencyTables:
	"""Reviewed prospects per class, and per feature value per class (converted, other).

	`with_feature[feature]` counts the prospects of each class that have a value of a
	single-valued feature (the smoothing's denominator); for a multi-valued one it is unused
	(every prospect of the class is the denominator).
	"""

	converted: int = 0
	other: int = 0
	counts: dict[str, dict[str, list[int]]] = field(default_factory=dict)
	with_feature: dict[str, list[int]] = field(default_factory=dict)

	@property
	def reviewed(self) -> int:
		return self.converted + self.other

	def add(self, features: Features, converted: bool, times: int = 1) -> None:
		"""Count one reviewed prospect (or `times` alike ones, for a GROUP BY row)."""
		self.add_class(converted, times)
		for feature, value in feature_values(features):
			self.add_value(feature, value, converted, times)

	def add_class(self, converted: bool, times: int = 1) -> None:
		if converted:
			self.converted += times
		else:
			self.other += times

	def add_value(self, feature: str, value: str, converted: bool, times: int = 1) -> None:
		cell = self.counts.setdefault(feature, {}).setdefault(value, [0, 0])
		cell[0 if converted else 1] += times
		if feature not in MULTI_VALUED:
			total = self.with_feature.setdefault(feature, [0, 0])
			total[0 if converted else 1] += times

	def as_dict(self) -> dict:
		"""A JSON-able form, sorted so that the same tables always give the same text."""
		return {
			"converted": self.converted,
			"other": self.other,
			"counts": {
				feature: {value: list(cell) for value, cell in sorted(values.items())}
				for feature, values in sorted(self.counts.items())
			},
		}

	@classmethod
	def from_dict(cls, data: Mapping) -> FrequencyTables:
		tables = cls(converted=int(data.get("converted") or 0), other=int(data.get("other") or 0))
		for feature, values in (data.get("counts") or {}).items():
			for value, (converted, other) in values.items():
				if converted:
					tables.add_value(feature, value, True, int(converted))
				if other:
					tables.add_value(feature, value, False, int(other))
		return tables


@dataclass(frozen=True)
class Factor:
	"""What one feature value weighs for a prospect: log(P(value | converted) / P(value | other))."""

	feature: str
	value: str
	weight: float

	@property
	def raises(self) -> bool:
		return self.weight > 0


@dataclass(frozen=True)
class Prediction:
	probability: float  # 0..1
	factors: tuple[Factor, ...]  # every known and seen value, heaviest first

	@property
	def percent(self) -> float:
		"""The likelihood as stored: a percentage with one decimal."""
		return round(self.probability * 100, 1)

	def top(self, count: int = TOP_FACTORS) -> tuple[Factor, ...]:
		return self.factors[:count]


def usable(tables: FrequencyTables, floor: int) -> bool:
	"""Enough reviews to say something: at least `floor`, some converted and some not."""
	return tables.reviewed >= max(floor, 1) and tables.converted > 0 and tables.other > 0


def predict(tables: FrequencyTables, features: Features, leave_out: bool | None = None) -> Prediction | None:
	"""The likelihood that a prospect with `features` converts, or None when the tables are empty.

	`leave_out`: the prospect's own review is in the tables, with this class (True: converted);
	it is taken out before predicting (leave-one-out), so that a reviewed prospect is judged by
	the others' reviews only, as the calibration report needs.
	"""
	own = {True: (1, 0), False: (0, 1), None: (0, 0)}[leave_out]
	converted, other = tables.converted - own[0], tables.other - own[1]
	if converted < 0 or other < 0 or converted + other == 0:
		return None
	log_odds = math.log((converted + ALPHA) / (other + ALPHA))
	factors = []
	for feature, value in feature_values(features):
		weight = _weight(tables, feature, value, converted, other, own)
		if weight is not None:
			factors.append(Factor(feature, value, weight))
			log_odds += weight
	order = {feature: i for i, feature in enumerate(FEATURES)}
	factors.sort(key=lambda f: (-abs(f.weight), order[f.feature], f.value))
	return Prediction(_sigmoid(log_odds), tuple(factors))


def _weight(
	tables: FrequencyTables,
	feature: str,
	value: str,
	converted: int,
	other: int,
	own: tuple[int, int],
) -> float | None:
	values = tables.counts.get(feature) or {}
	cell = values.get(value)
	if cell is None:
		return None  # a value no review had says nothing
	count_c, count_o = cell[0] - own[0], cell[1] - own[1]
	if count_c + count_o <= 0:
		return None  # only the prospect's own review had it
	if feature in MULTI_VALUED:
		total_c, total_o, kinds = converted, other, 2
	else:
		with_c, with_o = tables.with_feature.get(feature, (0, 0))
		total_c, total_o = with_c - own[0], with_o - own[1]
		kinds = sum(1 for v, (c, o) in values.items() if (c + o - (sum(own) if v == value else 0)) > 0)
	p_converted = (count_c + ALPHA) / (total_c + ALPHA * kinds)
	p_other = (count_o + ALPHA) / (total_o + ALPHA * kinds)
	return math.log(p_converted / p_other)


def _sigmoid(x: float) -> float:
	if x >= 0:
		return 1 / (1 + math.exp(-x))
	z = math.exp(x)
	return z / (1 + z)


def stored_factors(prediction: Prediction | None) -> list[list] | None:
	"""The three heaviest factors as the prospect stores them: [feature, value, weight] ([] when
	none of her values says anything; None without a prediction)."""
	if prediction is None:
		return None
	return [[f.feature, f.value, round(f.weight, 2)] for f in prediction.top()]


# Calibration ---------------------------------------------------------------------------------------


def calibration_band(percent: float) -> tuple[int, int]:
	"""The band [lower, upper) of a likelihood in percent (100 % in the last band)."""
	for lower, upper in CALIBRATION_BANDS:
		if percent < upper:
			return (lower, upper)
	return CALIBRATION_BANDS[-1]


def band_label(band: tuple[int, int]) -> str:
	return f"{band[0]}–{band[1]} %"


@dataclass
class CalibrationCell:
	"""The reviewed prospects of one month and band: how many, their predicted mean, how many converted."""

	reviewed: int = 0
	predicted_sum: float = 0.0
	converted: int = 0

	def add(self, percent: float, converted: bool) -> None:
		self.reviewed += 1
		self.predicted_sum += percent
		self.converted += int(bool(converted))

	def merge(self, other: CalibrationCell) -> None:
		self.reviewed += other.reviewed
		self.predicted_sum += other.predicted_sum
		self.converted += other.converted

	@property
	def predicted(self) -> float | None:
		"""The mean predicted likelihood, in percent."""
		return round(self.predicted_sum / self.reviewed, 1) if self.reviewed else None

	@property
	def observed(self) -> float | None:
		"""The share converted, in percent."""
		return round(100 * self.converted / self.reviewed, 1) if self.reviewed else None

	@property
	def gap(self) -> float | None:
		"""Observed minus predicted, in points: positive when the model was too cautious."""
		if not self.reviewed:
			return None
		return round(self.observed - self.predicted, 1)


def calibrate(rows: Iterable[tuple[str, float, bool]]) -> dict[tuple[str, tuple[int, int]], CalibrationCell]:
	"""(month, predicted percent, converted) rows -> a cell per month and band."""
	cells: dict[tuple[str, tuple[int, int]], CalibrationCell] = {}
	for month, percent, converted in rows:
		cells.setdefault((month, calibration_band(percent)), CalibrationCell()).add(percent, converted)
	return cells
