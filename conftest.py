"""Plain pytest runs the framework-free tests; the Frappe-level tests need a site.

Every test module lives beside the code it tests (`nest_prospects/**/test_*.py`) and is a
`unittest.TestCase`, so `CI=1 bench --site SITE run-tests --app nest_prospects` runs them all.
Plain pytest, with no Frappe installed, runs the modules that import nothing from Frappe,
directly or through the app's modules they import (read from their source by
`nest_prospects/tests/pure_modules.py`), and reports each of the others as skipped, with the reason,
instead of failing to import Frappe.
"""

from pathlib import Path

import pytest

from nest_prospects.tests.pure_modules import PACKAGE, is_framework_free

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
	if PACKAGE in module_path.resolve().parents and not is_framework_free(module_path):
		return SiteOnlyModule.from_parent(parent, path=module_path)
	return None
