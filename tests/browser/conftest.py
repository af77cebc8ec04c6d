"""The browser suite: Debian's Chromium driven by Playwright, against a site served by the bench.

`scripts/dev-bench test` serves the site and writes the plan (users, password, the pages each
may open) that these tests read: NEST_BROWSER_URL, NEST_BROWSER_PLAN, NEST_BROWSER_SCREENSHOTS.
Outside it, the suite is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

PLAN_FILE = os.environ.get("NEST_BROWSER_PLAN")
BASE_URL = os.environ.get("NEST_BROWSER_URL", "")
SCREENSHOTS = Path(os.environ.get("NEST_BROWSER_SCREENSHOTS", "/tmp/nest-browser-screenshots"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--disable-dev-shm-usage",
]


def load_plan() -> dict:
	if not PLAN_FILE:
		return {"users": {}}
	return json.loads(Path(PLAN_FILE).read_text())


@pytest.fixture(scope="session")
def plan() -> dict:
	return load_plan()


@pytest.fixture(scope="session")
def browser():
	if not PLAN_FILE:
		pytest.skip("the browser suite runs in a bench: scripts/dev-bench test")
	from playwright.sync_api import sync_playwright

	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
		yield browser
		browser.close()


@pytest.fixture(scope="session")
def logged_in(browser, plan):
	"""One logged-in browser context per user of the plan, reused by every test."""
	contexts = {}

	def context_for(key: str):
		if key not in contexts:
			user = plan["users"][key]
			context = browser.new_context(
				base_url=BASE_URL, locale="fr-FR", viewport={"width": 1366, "height": 900}
			)
			# Log in through the login page, as a person does (Node's resolver, behind
			# context.request, does not know *.localhost; Chromium does).
			page = context.new_page()
			page.goto("/login")
			page.fill("#login_email", user["email"])
			page.fill("#login_password", plan["password"])
			page.click(".btn-login")
			page.wait_for_url("**/app**", timeout=30_000)
			page.close()
			contexts[key] = context
		return contexts[key]

	yield context_for
	for context in contexts.values():
		context.close()


@pytest.fixture
def secretary_page(logged_in):
	"""A new tab of the logged-in French-speaking secretary."""
	page = logged_in("secretary").new_page()
	yield page
	page.close()


@pytest.fixture
def manager_page(logged_in):
	"""A new tab of the logged-in French-speaking manager."""
	page = logged_in("manager").new_page()
	yield page
	page.close()
