"""The conversion report's groups, counts and rates, and what makes a prospect "empty"."""

from __future__ import annotations

import unittest
from datetime import date, datetime

from nest_prospects.conversion_review.rules.outcomes import (
	CONVERTED,
	EMPTY,
	INFORMATION_QUOTE,
	NO_SHOW,
	OUTCOMES,
)
from nest_prospects.conversion_review.rules.summary import (
	MONTH,
	NONE,
	REQUEST_TYPE,
	SOURCE,
	TEMPERATURE,
	ReviewLine,
	is_informative,
	outcome_key,
	rate,
	request_codes,
	summarise,
)

LINES = [
	ReviewLine(CONVERTED, datetime(2026, 9, 3, 10), "Facebook", "Hot", "DEVIS, TARIFS"),
	ReviewLine(CONVERTED, datetime(2026, 10, 1, 9), "Facebook", "Warm", "TARIFS"),
	ReviewLine(NO_SHOW, datetime(2026, 9, 30, 23, 59), "Téléphone", "Hot", None),
	ReviewLine(EMPTY, None, None, None, ""),
]


class TestConversionSummary(unittest.TestCase):
	def test_an_interaction_counts_when_it_records_a_request_or_a_comment(self):
		for request_types, comments, expected in [
			([], None, False),
			([None, " "], "  ", False),
			(["TARIFS"], None, True),
			([], "Demande les horaires", True),
		]:
			with self.subTest(request_types=request_types, comments=comments, expected=expected):
				assert is_informative(request_types, comments) is expected

	def test_request_codes_read_the_stored_list(self):
		assert request_codes(" DEVIS ,TARIFS,, ") == ["DEVIS", "TARIFS"]
		assert request_codes(None) == []

	def test_outcome_keys_are_distinct_column_names(self):
		keys = [outcome_key(outcome) for outcome in OUTCOMES]
		assert len(set(keys)) == len(OUTCOMES)
		assert outcome_key("Information / Quote") == "information_quote"
		assert outcome_key("No-show") == "no_show"

	def test_rate_of_an_empty_group_is_zero(self):
		assert rate(0, 0) == 0.0
		assert rate(1, 3) == 33.3

	def test_by_month_each_review_counts_once_and_the_empty_group_comes_last(self):
		groups, total = summarise(LINES, MONTH)
		assert [g.group for g in groups] == ["2026-09", "2026-10", NONE]
		assert [g.total for g in groups] == [2, 1, 1]
		assert total.total == 4
		assert sum(g.total for g in groups) == total.total
		assert groups[0].rate(CONVERTED) == 50.0
		assert total.conversion_rate == 50.0

	def test_by_source_and_temperature(self):
		by_source, _ = summarise(LINES, SOURCE)
		assert {g.group: g.total for g in by_source} == {"Facebook": 2, "Téléphone": 1, NONE: 1}
		by_temperature, _ = summarise(LINES, TEMPERATURE)
		assert {g.group: g.count(NO_SHOW) for g in by_temperature} == {"Hot": 1, "Warm": 0, NONE: 0}

	def test_by_request_type_a_prospect_counts_under_each_request(self):
		groups, total = summarise(LINES, REQUEST_TYPE)
		assert {g.group: g.total for g in groups} == {"DEVIS": 1, "TARIFS": 2, NONE: 2}
		assert sum(g.total for g in groups) == 5 > total.total == 4

	def test_a_row_has_a_count_and_a_rate_per_outcome(self):
		_, total = summarise(LINES, MONTH)
		row = total.as_row()
		assert row["total"] == 4
		assert row["converted"] == 2 and row["converted_rate"] == 50.0
		assert row[outcome_key(INFORMATION_QUOTE)] == 0
		assert len(row) == 2 + 2 * len(OUTCOMES)

	def test_unknown_grouping_or_outcome_is_refused(self):
		with self.assertRaises(ValueError):
			summarise(LINES, "Colour")
		with self.assertRaises(ValueError):
			summarise([ReviewLine("Maybe")], MONTH)

	def test_a_date_groups_like_a_datetime(self):
		groups, _ = summarise([ReviewLine(EMPTY, date(2026, 1, 31))], MONTH)
		assert groups[0].group == "2026-01"

	def test_counted_lines_summarise_like_the_reviews_they_count(self):
		"""The report counts in SQL: one line per group of equal values, with its count."""
		for grouping in [MONTH, SOURCE, TEMPERATURE, REQUEST_TYPE]:
			with self.subTest(grouping=grouping):
				reviews = LINES * 3 + [LINES[0]]
				counted: dict = {}
				for line in reviews:
					counted[line] = counted.get(line, 0) + 1
				lines = [
					ReviewLine(
						line.outcome,
						line.created_on,
						line.source,
						line.temperature,
						line.request_types,
						count,
					)
					for line, count in counted.items()
				]
				assert summarise(lines, grouping) == summarise(reviews, grouping)
