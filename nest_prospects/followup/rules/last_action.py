"""Seed 003's "Dernière action": the last thing done with a prospect, an interaction or a task
recorded done. Pure: imports nothing from Frappe."""

from __future__ import annotations

from datetime import datetime


def is_last_action(done_at: datetime, last_action_on: datetime | str | None, whole_day: bool = False) -> bool:
	"""Whether what was done at `done_at` becomes the last action instead of the one of
	`last_action_on`.

	An interaction has its moment: it must come strictly after. A task recorded done has only its
	day (`whole_day`): it comes after anything done earlier or on the same day, since it is
	recorded after them.
	"""
	if not last_action_on:
		return True
	if isinstance(last_action_on, str):
		last_action_on = datetime.fromisoformat(last_action_on)
	if whole_day:
		return done_at.date() >= last_action_on.date()
	return done_at > last_action_on
