"""Seed records of the daily follow-up (issue: daily follow-up). Idempotent."""


def install() -> None:
	pass
