"""The rules import nothing from Frappe, wherever their feature keeps them."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from pure_modules import pure_module_names

PURE = pure_module_names()


def test_every_feature_keeps_its_rules_where_this_test_finds_them() -> None:
	features = {name.split(".")[1] for name in PURE}
	assert {"ageing", "followup", "conversion_review", "patient_system", "people", "languages"} <= features


@pytest.mark.parametrize("name", PURE)
def test_a_pure_module_imports_nothing_from_frappe(name: str) -> None:
	module = importlib.import_module(name)
	tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
	imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
	imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
	assert not any(part.split(".")[0] == "frappe" for part in imported)
	app_imports = {n for n in imported if n.startswith("nest_prospects")}
	assert app_imports <= set(PURE), f"{name} imports a module that is not pure: {app_imports - set(PURE)}"
