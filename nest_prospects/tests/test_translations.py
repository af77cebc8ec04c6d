"""Every string the app shows a person has its French in locale/fr.po, and every entry is sound.

The strings are collected by app_messages.py, from the app's files, as Frappe's desk meets them:

- the doctypes' names, field labels, descriptions and Select options;
- the reports' names, JSON columns and filters, and every `_("…")` literal of the Python code
  (report columns and chart labels included);
- every `__("…")` literal of the JavaScript;
- the workspace's labels, cards and shortcuts, the number cards and dashboard charts;
- the English templates the rules hand to the Frappe layer (`MESSAGES`) and the stored values
  that the reports, lists and jobs translate with `_(value)`.

How Frappe v15 looks a string up (frappe/translate.py, frappe/gettext/translate.py,
frappe/public/js/frappe/translate.js): an entry with a context (msgctxt) is keyed
"source:context" and only serves a call that passes that context; a context-free entry serves
every call. The desk passes the doctype as context for field labels (form, list settings,
filters), but not for the grid's heading of a table field, a tab's label, a description, a
Select value shown by the formatter, a report column, a chart label or a workspace label: those
need a context-free entry.
"""

from __future__ import annotations

import ast
import json
import re
import unittest
from collections import Counter
from pathlib import Path

from nest_prospects.tests.app_messages import (
	APP,
	MODULE,
	ROOT,
	Message,
	all_messages,
	js_calls,
	js_files,
	python_calls,
	python_files,
	relative,
)
from nest_prospects.tests.po_files import read_po

FR_PO = APP / "locale" / "fr.po"
POT = APP / "locale" / "main.pot"

# Strings with no French row because French writes them exactly the same: nothing to translate.
SAME_IN_FRENCH = {
	"Facebook": "a brand name",
	"WhatsApp": "a brand name",
	"SMS": "the same abbreviation in French",
	"Programme": "the same word in French (a request category)",
	"Total": "the same word in French",
	"Conversion": "the same word in French",
	"Classification": "the same word in French",
	"Interaction": "the same word in French",
	"Description": "the same word in French",
	"Message": "the same word in French (the inquiry page)",
	"Document": "the same word in French",
	"Documents": "the same word in French",
	"Patient": "the same word in French",
	"Prospect": "the same word in French",
	"Prospects": "the same word in French",
	"{0} (%)": "a placeholder and a sign, the same in French",
}

# English strings whose French depends on where they appear (the context row says it), with why.
CONTEXT_SPECIFIC: dict[str, str] = {}

PLACEHOLDER = re.compile(r"\{[0-9]*\}|\{[A-Za-z_][A-Za-z0-9_]*\}")


# fr.po -------------------------------------------------------------------------------------


def read_rows() -> list[list[str]]:
	"""The translated entries as rows (English, French[, context]), as the old fr.csv had them."""
	return [
		[entry.msgid, entry.msgstr, *([entry.context] if entry.context else [])]
		for entry in read_po(FR_PO)
		if entry.msgstr
	]


def french() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
	"""(context-free entries, entries with a context), as Frappe's get_translations_from_mo reads them."""
	free: dict[str, str] = {}
	with_context: dict[tuple[str, str], str] = {}
	for row in read_rows():
		if len(row) == 3 and row[2]:
			with_context[(row[0], row[2])] = row[1]
		else:
			free[row[0]] = row[1]
	return free, with_context


def has_french(message: Message, free: dict[str, str], with_context: dict[tuple[str, str], str]) -> bool:
	if message.text in free or message.text in SAME_IN_FRENCH:
		return True
	return message.context is not None and (message.text, message.context) in with_context


# The tests ----------------------------------------------------------------------------------


class TestTranslations(unittest.TestCase):
	def test_the_collectors_find_the_app_strings(self):
		"""A guard on the collectors themselves: a regex gone wrong would check nothing."""
		texts = {message.text for message in all_messages()}
		for expected in (
			"Classification History",  # a table field's label
			"Duplicate Prospect",  # a Select option
			"Reviewed Prospects",  # a report column, in Python
			"Mark Not Processed",  # a JavaScript literal
			"Inbound Call",  # a channel
			"NEST Hot Prospects",  # a number card
			"Asked for a quote or the prices.",  # a rule's template
			"Tick the interactions first.",  # in single or double quotes alike
		):
			assert expected in texts, expected
		assert len(all_messages()) > 500

	def test_every_string_shown_has_a_french_row(self):
		free, with_context = french()
		missing = sorted(
			{
				(message.text, message.context or "", message.where)
				for message in all_messages()
				if not has_french(message, free, with_context)
			}
		)
		by_text: dict[str, list[str]] = {}
		for text, context, where in missing:
			by_text.setdefault(f"{text!r}" + (f" (context {context})" if context else ""), []).append(where)
		assert not by_text, (
			f"{len(by_text)} strings have no French entry in {relative(FR_PO)}:\n"
			+ "\n".join(f"  {text}  <- {', '.join(wheres[:3])}" for text, wheres in sorted(by_text.items()))
		)

	def test_same_in_french_lists_only_strings_the_app_shows_the_same_in_french(self):
		texts = {message.text for message in all_messages()}
		assert not set(SAME_IN_FRENCH) - texts
		free, with_context = french()
		rows = {**free, **{source: text for (source, _context), text in with_context.items()}}
		different = {text: rows[text] for text in SAME_IN_FRENCH if text in rows and rows[text] != text}
		assert not different, f"these have a French row that differs: not the same in French: {different}"

	def test_translate_calls_are_literal_and_whole(self):
		"""`_(f"…")` or `__("a" + b)` cannot be looked up: the text must be a whole literal."""
		problems = []
		for path in python_files():
			problems += python_calls(path)[1]
		for path in js_files():
			problems += js_calls(path)[1]
		assert not problems, "\n".join(problems)

	def test_report_labels_go_through_translation(self):
		"""A report column or chart label written as a bare string reaches the French desk in English."""
		bare = []
		for path in sorted(MODULE.glob("report/*/*.py")):
			if path.name.startswith("test_"):
				continue
			for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
				if not isinstance(node, ast.Dict):
					continue
				for key, value in zip(node.keys, node.values, strict=True):
					if (
						isinstance(key, ast.Constant)
						and key.value in ("label", "name", "title")
						and isinstance(value, ast.Constant)
						and isinstance(value.value, str)
					):
						bare.append(f"{relative(path)}:{value.lineno}: {key.value} {value.value!r}")
		assert not bare, "\n".join(bare)

	def test_every_row_is_well_formed(self):
		for line, row in enumerate(read_rows(), start=1):
			with self.subTest(line=line):
				assert row, f"line {line}: an empty line"
				assert len(row) in (2, 3), (
					f"line {line}: {len(row)} columns, expected source,translation[,context]"
				)
				source, translation = row[0], row[1]
				assert source and translation, f"line {line}: an empty source or translation"
				assert source == source.strip() and translation == translation.strip(), (
					f"line {line}: stray spaces"
				)
				assert Counter(PLACEHOLDER.findall(source)) == Counter(PLACEHOLDER.findall(translation)), (
					f"line {line}: the placeholders of {source!r} are not all in {translation!r}"
				)

	def test_contexts_name_doctypes_of_the_app(self):
		doctypes = {
			json.loads(path.read_text(encoding="utf-8")).get("name")
			for path in MODULE.glob("doctype/*/*.json")
		}
		unknown = sorted({row[2] for row in read_rows() if len(row) == 3 and row[2]} - doctypes)
		assert not unknown, f"contexts that are no doctype of the app: {unknown}"

	def test_the_catalogues_are_well_formed(self):
		# every entry with its msgstr: gettext's tools refuse a file with one missing
		for path in (FR_PO, POT):
			with self.subTest(path=path.name):
				self.assertTrue(read_po(path))

	def test_no_row_is_given_twice(self):
		keys = Counter((row[0], row[2] if len(row) == 3 else "") for row in read_rows() if len(row) >= 2)
		twice = sorted(key for key, count in keys.items() if count > 1)
		assert not twice, f"rows given more than once: {twice}"

	def test_a_context_row_agrees_with_the_context_free_row_or_says_why(self):
		"""Two French words for one English string confuse the reader, unless the context needs it."""
		free, with_context = french()
		differing = sorted(
			(source, context, translation, free[source])
			for (source, context), translation in with_context.items()
			if source in free and free[source] != translation and source not in CONTEXT_SPECIFIC
		)
		assert not differing, "\n".join(f"{s!r} ({c}): {t!r} vs {f!r}" for s, c, t, f in differing)
