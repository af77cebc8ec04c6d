"""Read a gettext PO file without babel (the framework-free suite has no Frappe and no babel).

Enough of the format for the app's files: `msgctxt`, `msgid`, `msgstr`, strings continued over
several lines, the usual escapes; obsolete (`#~`) and fuzzy entries are left out, as Frappe's
compiled MO file leaves them out; the header (empty msgid) too.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Entry:
	msgid: str
	msgstr: str
	context: str | None
	line: int


def _string(text: str) -> str:
	return ast.literal_eval(text)  # a PO string is a double-quoted C string: same escapes as Python's


def read_po(path: Path) -> list[Entry]:
	entries: list[Entry] = []
	current: dict = {}
	key = None
	fuzzy = False

	def flush():
		nonlocal current, key, fuzzy
		if "msgid" in current and "msgstr" not in current:
			# gettext's tools (babel, msgfmt, `bench compile-po-to-mo`) refuse the whole file
			raise ValueError(f"{path.name}:{current['line']}: msgid {current['msgid']!r} has no msgstr")
		if "msgid" in current and current["msgid"] and not fuzzy:
			entries.append(
				Entry(current["msgid"], current.get("msgstr", ""), current.get("msgctxt"), current["line"])
			)
		current, key, fuzzy = {}, None, False

	for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
		line = raw.strip()
		if not line:
			flush()
			continue
		if line.startswith("#"):
			if line.startswith("#,") and "fuzzy" in line:
				fuzzy = True
			continue
		if line.startswith('"'):
			current[key] += _string(line)
			continue
		word, _, rest = line.partition(" ")
		if word == "msgctxt" or (word == "msgid" and "msgid" in current):
			if "msgid" in current:
				flush()
		if word in ("msgctxt", "msgid", "msgstr"):
			key = word
			current[key] = _string(rest)
			current.setdefault("line", number)
	flush()
	return entries
