import unittest
from datetime import date, datetime, timedelta

from nest_prospects.ageing.rules import (
	COLD,
	DEFAULT_THRESHOLDS,
	DORMANT,
	HOT,
	LOST,
	NORMAL,
	WARM,
	Thresholds,
	ageing_state,
	days_since,
	state_windows,
)

TODAY = date(2026, 11, 25)


def ago(days: int) -> date:
	return TODAY - timedelta(days=days)


class TestAgeingState(unittest.TestCase):
	def test_every_threshold_boundary(self):
		for temperature, days, expected in [
			# Chaud: "plus de 15 jours" en veille, "plus d'un mois" perdu.
			(HOT, 0, NORMAL),
			(HOT, 15, NORMAL),
			(HOT, 16, DORMANT),
			(HOT, 30, DORMANT),
			(HOT, 31, LOST),
			# Tiède: plus d'un mois / plus de 2 mois.
			(WARM, 30, NORMAL),
			(WARM, 31, DORMANT),
			(WARM, 60, DORMANT),
			(WARM, 61, LOST),
			# Froid: plus de 2 mois / plus de 3 mois.
			(COLD, 60, NORMAL),
			(COLD, 61, DORMANT),
			(COLD, 90, DORMANT),
			(COLD, 91, LOST),
			(COLD, 400, LOST),
		]:
			with self.subTest(temperature=temperature, days=days, expected=expected):
				assert ageing_state(temperature, ago(days), TODAY) == expected

	def test_time_of_day_does_not_matter(self):
		last = datetime(2026, 11, 9, 23, 59)  # 16 days before TODAY, late in the evening
		assert ageing_state(HOT, last, datetime(2026, 11, 25, 0, 1)) == DORMANT
		assert ageing_state(HOT, datetime(2026, 11, 10, 0, 0), datetime(2026, 11, 25, 23, 59)) == NORMAL

	def test_interaction_in_the_future_is_normal(self):
		assert days_since(TODAY + timedelta(days=2), TODAY) == -2
		assert ageing_state(COLD, TODAY + timedelta(days=2), TODAY) == NORMAL

	def test_settings_thresholds_are_used(self):
		short = {**DEFAULT_THRESHOLDS, HOT: Thresholds(dormant_after=2, lost_after=5)}
		assert ageing_state(HOT, ago(3), TODAY, short) == DORMANT
		assert ageing_state(HOT, ago(6), TODAY, short) == LOST
		assert ageing_state(WARM, ago(6), TODAY, short) == NORMAL

	def test_inconsistent_thresholds_are_refused(self):
		for dormant, lost in [(30, 15), (15, 15), (0, 10), (-1, 10)]:
			with self.subTest(dormant=dormant, lost=lost):
				with self.assertRaises(ValueError):
					Thresholds(dormant_after=dormant, lost_after=lost)

	def test_windows_agree_with_the_rule_on_every_day(self):
		"""The set-based job's windows give the same state as ageing_state, day after day."""
		windows = state_windows(TODAY)
		assert len(windows) == 9
		for temperature in (HOT, WARM, COLD):
			for days in range(0, 120):
				last = datetime.combine(ago(days), datetime.min.time()) + timedelta(hours=17, minutes=30)
				matching = [
					w.state
					for w in windows
					if w.temperature == temperature
					and (w.since is None or last >= w.since)
					and (w.before is None or last < w.before)
				]
				assert matching == [ageing_state(temperature, last, TODAY)], (temperature, days)
