"""The secretaries and managers already on the site land on the NEST Prospects workspace."""

from nest_prospects.setup.landing import set_for_existing_users


def execute() -> None:
	set_for_existing_users()
