"""The HTTP suites: the site served by gunicorn (several workers), called as each identity.

`scripts/bench_suites.py` (CI) and a developer (see README, Tests) start the server and write
the plan with `python scripts/site_tasks.py SITE http-plan`: the identities (their
`Authorization: token key:secret` header values, Guest with none), the records and the
personal data that must not leak. These tests read it from:

- NEST_HTTP_URL   the server, e.g. http://127.0.0.1:8012
- NEST_HTTP_SITE  the site, sent as the Host header of every request
- NEST_HTTP_PLAN  the plan's JSON file

Without NEST_HTTP_PLAN every module is skipped. The figures each suite gathers (the
permission matrix, the payloads sent and refused, the races and their answers) are printed at
the end of the run (pytest_terminal_summary).
"""

from __future__ import annotations

from collections import Counter

import pytest
from nest_http import FIGURES, PLAN_FILE, SKIP_REASON, Client, load_plan


@pytest.fixture(scope="session")
def plan() -> dict:
	if not PLAN_FILE:
		pytest.skip(SKIP_REASON)
	return load_plan()


@pytest.fixture(scope="session")
def clients(plan) -> dict[str, Client]:
	return {key: Client(key, identity["authorization"]) for key, identity in plan["identities"].items()}


@pytest.fixture(scope="session")
def admin(clients) -> Client:
	return clients["admin"]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
	if not FIGURES:
		return
	terminalreporter.section("NEST HTTP suites: figures")
	for section, lines in FIGURES.items():
		terminalreporter.write_line(f"{section}:")
		for name, value in lines.items():
			if isinstance(value, Counter):
				value = ", ".join(f"{key}: {count}" for key, count in sorted(value.items(), key=str))
			terminalreporter.write_line(f"  {name}: {value}")
