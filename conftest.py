"""Plain pytest runs the framework-free suite; the Frappe-level tests need a site.

The integration tests live beside the doctypes and reports (`nest_prospects/**/test_*.py`) and
run with `CI=1 bench --site SITE run-tests --app nest_prospects`. Outside a bench, pytest
reports each of those modules as skipped, with the reason, instead of failing to import Frappe.
"""

from pathlib import Path

import pytest

APP_PACKAGE = Path(__file__).parent / "nest_prospects"
SITE_ONLY_REASON = "needs a Frappe site: run it with `CI=1 bench --site SITE run-tests --app nest_prospects`"


class SiteOnlyModule(pytest.File):
	def collect(self):
		yield SiteOnlyTest.from_parent(self, name="needs_a_frappe_site")


class SiteOnlyTest(pytest.Item):
	def runtest(self):
		pytest.skip(SITE_ONLY_REASON)

	def reportinfo(self):
		return self.path, None, f"{self.path.name}: {SITE_ONLY_REASON}"


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path: Path, parent):
	if APP_PACKAGE in module_path.parents:
		return SiteOnlyModule.from_parent(parent, path=module_path)
	return None
