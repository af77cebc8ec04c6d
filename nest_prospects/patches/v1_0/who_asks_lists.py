"""Who asks, for whom (issue 13, seed 002): the languages' list, once per site."""

from nest_prospects.people import setup


def execute() -> None:
	setup.install()
