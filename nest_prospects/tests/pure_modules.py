"""Which of the app's modules run without Frappe, read from their source (nothing is imported).

- The pure modules: every `rules.py`, every module of a `rules/` package, and `constants.py`.
  They import nothing from Frappe (test_pure.py checks it), so the Frappe layer (controllers,
  jobs, reports, API) calls them and plain pytest tests them.
- The framework-free test modules: a `test_*.py` that imports nothing from Frappe, directly or
  through the app's modules it imports. Plain pytest runs them without Frappe (the root
  conftest.py asks `is_framework_free`) and `bench run-tests` runs them with the rest.

Plain Python: no Frappe, no pytest.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
APP = PACKAGE.name
# Importing any of these needs a bench: Frappe itself, or an app that imports it on import.
FRAMEWORK = {"frappe", "erpnext"}


def module_name(path: Path) -> str:
	parts = path.resolve().relative_to(PACKAGE.parent).with_suffix("").parts
	return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_path(name: str) -> Path | None:
	"""The file of an app module or package, or None when it is not one of the app's."""
	parts = name.split(".")
	if parts[0] != APP:
		return None
	base = PACKAGE.parent.joinpath(*parts)
	for path in (base.with_suffix(".py"), base / "__init__.py"):
		if path.is_file():
			return path
	return None


def pure_module_names() -> list[str]:
	names = []
	for path in sorted(PACKAGE.rglob("*.py")):
		if path.name.startswith("test_"):
			continue
		parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
		if path.name == "constants.py" or "rules" in parts:
			names.append(module_name(path))
	return names


def imported_modules(path: Path) -> set[str]:
	"""Every module the file imports, wherever the import stands (in a function too)."""
	tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
	package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
	names: set[str] = set()
	for node in ast.walk(tree):
		if isinstance(node, ast.Import):
			names |= {alias.name for alias in node.names}
		elif isinstance(node, ast.ImportFrom):
			if node.level:
				anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
				base = ".".join(anchor + ([node.module] if node.module else []))
			else:
				base = node.module or ""
			names.add(base)
			# `from package import module` imports the module too
			names |= {f"{base}.{alias.name}" for alias in node.names if module_path(f"{base}.{alias.name}")}
	return names


def with_parents(name: str) -> list[str]:
	"""Importing a.b.c runs a/__init__.py and a/b/__init__.py first."""
	parts = name.split(".")
	return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


@functools.cache
def _needs_frappe(name: str, _seen: frozenset[str] = frozenset()) -> bool:
	path = module_path(name)
	if path is None:
		return False
	for imported in imported_modules(path):
		if imported.split(".")[0] in FRAMEWORK:
			return True
		for step in with_parents(imported):
			if step != name and step not in _seen and _needs_frappe(step, _seen | {name}):
				return True
	return False


def is_framework_free(path: Path) -> bool:
	"""Whether the module and everything of the app it imports import nothing from Frappe."""
	return not any(_needs_frappe(step) for step in with_parents(module_name(path)))


def framework_free_test_modules() -> list[str]:
	return [
		module_name(path)
		for path in sorted(PACKAGE.rglob("test_*.py"))
		if "__pycache__" not in path.parts and is_framework_free(path)
	]
