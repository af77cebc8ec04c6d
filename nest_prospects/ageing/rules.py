"""Classification 2 of the procedure: the ageing state from the days since the last interaction.

The procedure (001, "Classification 2") says "plus de 15 jours": on day 15 a hot prospect is
still normal, on day 16 it is dormant. A state therefore changes once the number of whole
days since the last interaction is strictly greater than its threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

HOT = "Hot"
WARM = "Warm"
COLD = "Cold"
TEMPERATURES = (HOT, WARM, COLD)

NORMAL = "Normal"
DORMANT = "Dormant"
LOST = "Lost"
AGEING_STATES = (NORMAL, DORMANT, LOST)


@dataclass(frozen=True)
class Thresholds:
	"""Days after which a prospect of a temperature becomes dormant, then lost."""

	dormant_after: int
	lost_after: int

	def __post_init__(self) -> None:
		if self.dormant_after < 1 or self.lost_after < 1:
			raise ValueError("thresholds must be positive numbers of days")
		if self.dormant_after >= self.lost_after:
			raise ValueError("a prospect must become dormant before it is lost")


# The procedure's table: chaud 15/30 days, tiède 30/60, froid 60/90.
DEFAULT_THRESHOLDS: dict[str, Thresholds] = {
	HOT: Thresholds(dormant_after=15, lost_after=30),
	WARM: Thresholds(dormant_after=30, lost_after=60),
	COLD: Thresholds(dormant_after=60, lost_after=90),
}


def _as_date(value: date | datetime) -> date:
	return value.date() if isinstance(value, datetime) else value


def days_since(last_interaction: date | datetime, today: date | datetime) -> int:
	"""Whole calendar days between the last interaction and today (0 on the same day)."""
	return (_as_date(today) - _as_date(last_interaction)).days


def ageing_state(
	temperature: str,
	last_interaction: date | datetime,
	today: date | datetime,
	thresholds: dict[str, Thresholds] | None = None,
) -> str:
	"""The ageing state of a prospect of `temperature` last heard from on `last_interaction`."""
	limits = (thresholds or DEFAULT_THRESHOLDS)[temperature]
	elapsed = days_since(last_interaction, today)
	if elapsed > limits.lost_after:
		return LOST
	if elapsed > limits.dormant_after:
		return DORMANT
	return NORMAL


@dataclass(frozen=True)
class StateWindow:
	"""The last-interaction instants that put a prospect of one temperature in one state.

	`since` is inclusive, `before` exclusive; None means unbounded. Both are midnights, so a
	query can compare a datetime column to them directly and use its index.
	"""

	temperature: str
	state: str
	since: datetime | None
	before: datetime | None


def state_windows(
	today: date | datetime, thresholds: dict[str, Thresholds] | None = None
) -> list[StateWindow]:
	"""For each temperature and state, the window of last-interaction instants it covers.

	This is `ageing_state` turned inside out for set-based jobs: a prospect whose last
	interaction falls in a window is in that window's state, whatever its time of day.
	"""
	thresholds = thresholds or DEFAULT_THRESHOLDS
	midnight = datetime.combine(_as_date(today), datetime.min.time())
	windows: list[StateWindow] = []
	for temperature in TEMPERATURES:
		limits = thresholds[temperature]
		# More than N whole days ago means on or before today - (N + 1), i.e. before today - N.
		dormant_from = midnight - timedelta(days=limits.dormant_after)
		lost_from = midnight - timedelta(days=limits.lost_after)
		windows += [
			StateWindow(temperature, NORMAL, since=dormant_from, before=None),
			StateWindow(temperature, DORMANT, since=lost_from, before=dormant_from),
			StateWindow(temperature, LOST, since=None, before=lost_from),
		]
	return windows
