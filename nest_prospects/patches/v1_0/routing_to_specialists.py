"""Routing to specialists (issue 13, seed 004): the referral mail and the settings' defaults, once
per site."""

from nest_prospects.routing import setup
from nest_prospects.setup.install import set_settings_defaults


def execute() -> None:
	set_settings_defaults()
	setup.install()
