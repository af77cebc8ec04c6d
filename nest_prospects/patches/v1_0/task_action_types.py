"""The follow-up tasks created before the action types (seed 003) get their reason's."""

from nest_prospects.followup.setup import set_action_types


def execute() -> None:
	set_action_types()
