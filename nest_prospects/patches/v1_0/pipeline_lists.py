"""The pipeline (issue 13, seed 003): its stages, win and loss reasons and setting, once per site."""

from nest_prospects.pipeline import setup


def execute() -> None:
	setup.install()
