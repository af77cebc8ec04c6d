"""What the features' rules share: the templates a rules module lists for translation."""

from __future__ import annotations

import unittest

from nest_prospects.rules import templates


class TestTemplates(unittest.TestCase):
	def test_the_text_constants_from_first_to_last_in_the_order_written(self) -> None:
		namespace = {
			"BEFORE": "Not a template",
			"FIRST": "Field {0}: first",
			"LIMIT": 20,
			"SECOND": "Field {0}: second",
			"LAST": "Last",
			"AFTER": "Not a template either",
		}
		assert templates(namespace, "FIRST", "LAST") == ("Field {0}: first", "Field {0}: second", "Last")

	def test_a_name_the_module_does_not_define_is_refused(self) -> None:
		with self.assertRaises(ValueError):
			templates({"FIRST": "Field {0}: first"}, "FIRST", "MISSING")
