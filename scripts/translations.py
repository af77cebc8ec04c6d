#!/usr/bin/env python3
"""The app's French: nest_prospects/locale/main.pot and fr.po, the gettext files Frappe v15 reads.

Run with a Python that has babel (the bench's: `<bench>/env/bin/python`):

  scripts/translations.py sync                 after `bench generate-pot-file --app nest_prospects`:
                                               new strings enter fr.po with an empty msgstr, the
                                               translations kept; strings the app no longer shows go
  scripts/translations.py csv-to-po FILE.csv…  rows "English,French[,context]" (the old
                                               translations/fr.csv format) into fr.po (and main.pot),
                                               replacing the French of a string already there

Frappe's extractor finds the `_()` / `__()` literals, the doctypes, reports and workspace; the
strings the app translates through a variable (stored values, the rules' MESSAGES) are found by
nest_prospects/tests/test_translations.py's collectors, and `sync` keeps them in both files. `bench build --app
nest_prospects` compiles fr.po into the MO file the desk reads.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "nest_prospects" / "locale"
POT = LOCALE / "main.pot"
PO = LOCALE / "fr.po"
INDIRECT = "shown through a variable: a stored value or a rule's template"


def read(path: Path, locale: str | None = None) -> Catalog:
	if not path.exists():
		return Catalog(locale=locale, project="NEST Prospects", fuzzy=False)
	with path.open("rb") as f:
		return read_po(f, locale=locale)


def write(path: Path, catalog: Catalog) -> None:
	with path.open("wb") as f:
		write_po(f, catalog, width=0, sort_output=False, omit_header=False, ignore_obsolete=True)


def shown_by_the_app() -> set[tuple[str, str | None]]:
	"""(text, context) of every string the app shows, as the translation test collects them."""
	sys.path.insert(0, str(ROOT))  # the checkout's app, whether or not it is installed
	from nest_prospects.tests import app_messages as test_translations

	return {(m.text, m.context) for m in test_translations.all_messages()} | {
		(m.text, None) for m in test_translations.all_messages()
	}


def sync() -> None:
	"""fr.po and main.pot follow the app: the extractor's strings plus the indirect ones."""
	pot, po = read(POT), read(PO, "fr")
	shown = shown_by_the_app()
	shown_texts = {text for text, _ in shown}
	for message in list(po):
		if not message.id or (message.id, message.context) in {(m.id, m.context) for m in pot}:
			continue
		if message.id in shown_texts:  # not found by the extractor, but the app shows it
			pot.add(message.id, context=message.context, auto_comments=[INDIRECT])
	new = Catalog(locale="fr", project=pot.project, fuzzy=False)
	new.header_comment = po.header_comment if PO.exists() else new.header_comment
	for message in pot:
		if not message.id:
			continue
		old = po.get(message.id, message.context)
		new.add(
			message.id,
			string=old.string if old is not None else "",
			locations=message.locations,
			auto_comments=message.auto_comments,
			context=message.context,
		)
	write(POT, pot)
	write(PO, new)
	missing = sum(1 for m in new if m.id and not m.string)
	print(
		f"{POT.relative_to(ROOT)}: {len([m for m in pot if m.id])} strings; {PO.relative_to(ROOT)}: {missing} without French"
	)


def csv_to_po(paths: list[str]) -> None:
	pot, po = read(POT), read(PO, "fr")
	added = replaced = 0
	for path in paths:
		with open(path, encoding="utf-8", newline="") as f:
			for row in csv.reader(f):
				if len(row) < 2 or not row[0]:
					continue
				text, french = row[0], row[1]
				context = row[2] if len(row) >= 3 and row[2] else None
				if pot.get(text, context) is None:
					pot.add(text, context=context, auto_comments=[INDIRECT])
				old = po.get(text, context)
				if old is None:
					po.add(text, string=french, context=context, auto_comments=[INDIRECT])
					added += 1
				elif old.string != french:
					old.string = french
					replaced += 1
	write(POT, pot)
	write(PO, po)
	print(f"{PO.relative_to(ROOT)}: {added} strings added, {replaced} translations replaced")


def main(argv: list[str]) -> int:
	LOCALE.mkdir(parents=True, exist_ok=True)
	if argv[:1] == ["sync"]:
		sync()
	elif argv[:1] == ["csv-to-po"] and argv[1:]:
		csv_to_po(argv[1:])
	else:
		print(__doc__)
		return 2
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
