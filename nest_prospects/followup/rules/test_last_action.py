import unittest
from datetime import datetime

from nest_prospects.followup.rules.last_action import is_last_action


class TestLastAction(unittest.TestCase):
	def test_the_first_thing_done_is_the_last_action(self):
		self.assertTrue(is_last_action(datetime(2026, 12, 1, 9), None))

	def test_an_interaction_must_come_after_the_last_action(self):
		last = datetime(2026, 12, 3, 10, 30)
		self.assertTrue(is_last_action(datetime(2026, 12, 3, 10, 31), last))
		self.assertFalse(is_last_action(datetime(2026, 12, 3, 10, 30), last))
		self.assertFalse(is_last_action(datetime(2026, 12, 2, 18), last))
		self.assertTrue(is_last_action(datetime(2026, 12, 4, 8), "2026-12-03 10:30:00"))

	def test_a_task_recorded_done_counts_from_its_day(self):
		last = datetime(2026, 12, 3, 10, 30)
		self.assertTrue(is_last_action(datetime(2026, 12, 3), last, whole_day=True))
		self.assertTrue(is_last_action(datetime(2026, 12, 5), last, whole_day=True))
		self.assertFalse(is_last_action(datetime(2026, 12, 2), last, whole_day=True))
