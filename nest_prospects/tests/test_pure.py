"""The rules import nothing from Frappe, wherever their feature keeps them; the framework-free
tests are told apart from the integration tests by what they import."""

from __future__ import annotations

import importlib
import unittest
from pathlib import Path

from nest_prospects.tests.pure_modules import (
	PACKAGE,
	framework_free_test_modules,
	imported_modules,
	is_framework_free,
	pure_module_names,
)

PURE = pure_module_names()


class TestPureModules(unittest.TestCase):
	def test_every_feature_keeps_its_rules_where_this_test_finds_them(self) -> None:
		features = {name.split(".")[1] for name in PURE}
		assert {
			"ageing",
			"followup",
			"conversion_review",
			"patient_system",
			"people",
			"languages",
			"web_inquiries",
			"likelihood",
			"personal_data",
			"pipeline",
			"routing",
		} <= features

	def test_the_top_level_tests_folder_holds_only_the_suites_dev_bench_drives(self) -> None:
		"""A framework-free test belongs beside its code, where `bench run-tests` runs it too."""
		top = PACKAGE.parent / "tests"
		if not top.is_dir():
			self.skipTest("the app is installed without its repository's tests folder")
		strays = sorted(path.name for path in top.glob("test_*.py"))
		assert strays == [], f"move these beside the code they test: {strays}"

	def test_a_pure_module_imports_nothing_from_frappe(self) -> None:
		for name in PURE:
			with self.subTest(name=name):
				module = importlib.import_module(name)
				imported = imported_modules(Path(module.__file__))
				assert not any(part.split(".")[0] == "frappe" for part in imported)
				app_imports = {n for n in imported if n.startswith("nest_prospects")}
				assert app_imports <= set(PURE), (
					f"{name} imports a module that is not pure: {app_imports - set(PURE)}"
				)


class TestFrameworkFreeTests(unittest.TestCase):
	"""The root conftest.py runs a test module under plain pytest when `is_framework_free` says so."""

	def test_the_rules_tests_are_framework_free_and_the_integration_tests_are_not(self) -> None:
		free = set(framework_free_test_modules())
		for name in (
			"nest_prospects.ageing.test_rules",
			"nest_prospects.followup.rules.test_working_time",
			"nest_prospects.patient_system.test_rules",
			"nest_prospects.tests.test_pure",
			"nest_prospects.tests.test_translations",
		):
			with self.subTest(name=name):
				assert name in free
		for name in (
			"nest_prospects.ageing.test_jobs",  # imports frappe itself
			"nest_prospects.tests.test_demo",
			"nest_prospects.nest_prospects.doctype.nest_prospect.test_nest_prospect",
		):
			with self.subTest(name=name):
				assert name not in free

	def test_an_import_of_frappe_anywhere_down_the_chain_counts(self) -> None:
		# followup.rules.reports is pure; followup.due_tasks imports frappe.
		assert is_framework_free(PACKAGE / "followup" / "rules" / "reports.py")
		assert not is_framework_free(PACKAGE / "followup" / "due_tasks.py")
