"""Where the app's pure modules are: every `rules.py`, every module of a `rules/` package, and
`constants.py`. They import nothing from Frappe (tests/test_pure.py checks it), so plain pytest
runs them and the Frappe layer (controllers, jobs, reports, API) calls them."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "nest_prospects"


def pure_module_names() -> list[str]:
	names = []
	for path in sorted(PACKAGE.rglob("*.py")):
		parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
		if parts[-1] == "__init__":
			parts = parts[:-1]
		if path.name == "constants.py" or "rules" in parts:
			names.append(".".join(parts))
	return names
