"""The prospect list's "Dernière action" (issue 13, seed 003): the last interaction's channel,
stored on the prospects recorded before the field."""

from nest_prospects.followup.last_action import refresh_last_actions


def execute() -> None:
	refresh_last_actions()
