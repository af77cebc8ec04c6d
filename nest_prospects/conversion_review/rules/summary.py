"""The arithmetic of the conversion report and of the managers' monthly summary.

Reviews are grouped by month of the prospect's creation, source, temperature or request type;
each group gets its count per outcome and each outcome's rate in the group. By request type a
prospect asked about several things counts under each of them, so the groups can add up to
more than the total, which counts each prospect once.

Also here: which interactions say something, for the review's "Vide" (empty) outcome.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from nest_prospects.conversion_review.rules.outcomes import CONVERTED, OUTCOMES

MONTH = "Month"
SOURCE = "Source"
TEMPERATURE = "Temperature"
REQUEST_TYPE = "Request Type"
GROUPINGS = (MONTH, SOURCE, TEMPERATURE, REQUEST_TYPE)
NONE = ""  # the group of reviews without a value; the report labels it


def is_informative(request_types: Iterable[str | None], comments: str | None) -> bool:
	"""An interaction counts for the review when it records a request or a comment.

	Every prospect gets a first interaction when it is created, so counting them all would
	leave no prospect "Vide" (the procedure: "aucune information dans la fiche prospect").
	"""
	return any(code and code.strip() for code in request_types) or bool((comments or "").strip())


def request_codes(stored: str | None) -> list[str]:
	"""The codes of a review's "Requests" field ("DEVIS, TARIFS"), in order, without blanks."""
	return [code.strip() for code in (stored or "").split(",") if code.strip()]


def outcome_key(outcome: str) -> str:
	"""'Information / Quote' -> 'information_quote': a column name for an outcome."""
	return re.sub(r"[^a-z0-9]+", "_", outcome.lower()).strip("_")


def rate(count: int, total: int) -> float:
	"""Percentage with one decimal; 0 for an empty group."""
	return round(100.0 * count / total, 1) if total else 0.0


@dataclass(frozen=True)
class ReviewLine:
	"""What the summary needs of one review, or of `count` reviews sharing these values.

	The report counts in SQL (GROUP BY the grouping's column and the outcome) and passes one
	line per group with its count, instead of one line per review.
	"""

	outcome: str
	created_on: date | datetime | None = None
	source: str | None = None
	temperature: str | None = None
	request_types: str | None = None
	count: int = 1

	def groups(self, grouping: str) -> list[str]:
		if grouping == MONTH:
			return [self.created_on.strftime("%Y-%m")] if self.created_on else [NONE]
		if grouping == SOURCE:
			return [self.source or NONE]
		if grouping == TEMPERATURE:
			return [self.temperature or NONE]
		if grouping == REQUEST_TYPE:
			return request_codes(self.request_types) or [NONE]
		raise ValueError(f"unknown grouping {grouping!r}")


@dataclass(frozen=True)
class GroupRow:
	group: str
	counts: Mapping[str, int]

	@property
	def total(self) -> int:
		return sum(self.counts.values())

	def count(self, outcome: str) -> int:
		return self.counts.get(outcome, 0)

	def rate(self, outcome: str) -> float:
		return rate(self.count(outcome), self.total)

	@property
	def conversion_rate(self) -> float:
		return self.rate(CONVERTED)

	def as_row(self) -> dict:
		"""The report's row: group, total, and <outcome> / <outcome>_rate for every outcome."""
		row: dict = {"group": self.group, "total": self.total}
		for outcome in OUTCOMES:
			row[outcome_key(outcome)] = self.count(outcome)
			row[outcome_key(outcome) + "_rate"] = self.rate(outcome)
		return row


def summarise(lines: Iterable[ReviewLine], grouping: str) -> tuple[list[GroupRow], GroupRow]:
	"""The groups, sorted by name (the empty group last), and the total of all the reviews."""
	if grouping not in GROUPINGS:
		raise ValueError(f"unknown grouping {grouping!r}")
	by_group: dict[str, Counter] = defaultdict(Counter)
	total: Counter = Counter()
	for line in lines:
		if line.outcome not in OUTCOMES:
			raise ValueError(f"unknown outcome {line.outcome!r}")
		total[line.outcome] += line.count
		for group in line.groups(grouping):
			by_group[group][line.outcome] += line.count
	ordered = sorted(by_group.items(), key=lambda item: (item[0] == NONE, item[0]))
	return [GroupRow(group, dict(counts)) for group, counts in ordered], GroupRow("", dict(total))
