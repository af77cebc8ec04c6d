"""Task identities, callback script choice and clinic closures (framework-free)."""

from __future__ import annotations

import unittest
from datetime import date

from nest_prospects.followup.rules.tasks import (
	CALL_TO_BOOK,
	QUALIFICATION_CALL,
	SEVEN_DAY_RECALL,
	choose_script,
	closed_days,
	is_requalification,
	task_key,
)

DEFAULT = {"title": "Default"}
HOT_SCRIPT = {"title": "Hot", "temperature": "Hot"}
RECALL = {"title": "Recall", "task_reason": SEVEN_DAY_RECALL}
QUOTE = {"title": "Quote", "request_type": "DEVIS"}
QUOTE_RECALL = {"title": "Quote recall", "request_type": "DEVIS", "task_reason": SEVEN_DAY_RECALL}
ALL = [DEFAULT, HOT_SCRIPT, RECALL, QUOTE, QUOTE_RECALL]


class TestTaskKeysAndScripts(unittest.TestCase):
	def test_task_key_without_occasion(self):
		assert task_key(CALL_TO_BOOK, "NEST Prospect", "PRO-1") == "Call to book|NEST Prospect|PRO-1"

	def test_task_key_tells_occasions_apart(self):
		first = task_key(SEVEN_DAY_RECALL, "NEST Patient", "PAT-1", "INT-1")
		second = task_key(SEVEN_DAY_RECALL, "NEST Patient", "PAT-1", "INT-2")
		assert first != second
		assert first.endswith("|INT-1")

	def test_task_key_refuses_an_unknown_reason(self):
		with self.assertRaises(ValueError):
			task_key("Coffee", "NEST Prospect", "PRO-1")

	def test_the_default_script_when_nothing_more_specific_matches(self):
		assert choose_script(ALL, QUALIFICATION_CALL, "Warm") == DEFAULT

	def test_temperature_script_for_a_hot_call(self):
		assert choose_script(ALL, CALL_TO_BOOK, "Hot") == HOT_SCRIPT

	def test_the_most_specific_script_wins(self):
		assert choose_script(ALL, SEVEN_DAY_RECALL, "Hot", ["DEVIS", "TARIFS"]) == QUOTE_RECALL

	def test_request_type_beats_reason_and_temperature_on_a_tie(self):
		assert (
			choose_script([DEFAULT, HOT_SCRIPT, RECALL, QUOTE], SEVEN_DAY_RECALL, "Hot", ["DEVIS"]) == QUOTE
		)

	def test_reason_beats_temperature_on_a_tie(self):
		assert choose_script([HOT_SCRIPT, RECALL], SEVEN_DAY_RECALL, "Hot") == RECALL

	def test_a_script_for_another_request_does_not_match(self):
		assert choose_script([QUOTE], SEVEN_DAY_RECALL, "Hot", ["TARIFS"]) is None

	def test_order_does_not_change_the_choice(self):
		assert choose_script(list(reversed(ALL)), SEVEN_DAY_RECALL, "Hot", ["DEVIS"]) == QUOTE_RECALL

	def test_no_script_at_all(self):
		assert choose_script([], CALL_TO_BOOK, "Hot") is None

	def test_closures_one_day_and_ranges(self):
		days = closed_days([(date(2026, 8, 3), None), (date(2026, 12, 24), date(2026, 12, 26))])
		assert days == {date(2026, 8, 3), date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26)}

	def test_a_closure_ending_before_it_starts_is_refused(self):
		with self.assertRaises(ValueError):
			closed_days([(date(2026, 8, 3), date(2026, 8, 1))])

	def test_only_a_move_to_hot_from_warm_or_cold_is_a_requalification(self):
		for previous, new, expected in [
			("Warm", "Hot", True),
			("Cold", "Hot", True),
			("Hot", "Hot", False),
			(None, "Hot", False),
			("Hot", "Warm", False),
		]:
			with self.subTest(previous=previous, new=new, expected=expected):
				assert is_requalification(previous, new) is expected
