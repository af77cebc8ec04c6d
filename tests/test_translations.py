"""Every string the app shows a person has a French row in translations/fr.csv, and every row is sound.

The strings are read from the app's files, as Frappe's desk meets them:

- the doctypes' names, field labels, descriptions and Select options;
- the reports' names, JSON columns and filters, and every `_("…")` literal of the Python code
  (report columns and chart labels included);
- every `__("…")` literal of the JavaScript;
- the workspace's labels, cards and shortcuts, the number cards and dashboard charts;
- the English templates the rules hand to the Frappe layer (`MESSAGES`) and the stored values
  that the reports, lists and jobs translate with `_(value)`.

How Frappe v15 looks a string up (frappe/translate.py, frappe/public/js/frappe/translate.js): a
row with a context (third column) is keyed "source:context" and only serves a call that passes
that context; a context-free row serves every call. The desk passes the doctype as context for
field labels (form, list settings, filters), but not for the grid's heading of a table field,
a tab's label, a description, a Select value shown by the formatter, a report column, a chart
label or a workspace label: those need a context-free row.
"""

from __future__ import annotations

import ast
import csv
import importlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from pure_modules import pure_module_names

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "nest_prospects"
MODULE = APP / "nest_prospects"
FR_CSV = APP / "translations" / "fr.csv"

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
	"Document": "the same word in French",
	"Documents": "the same word in French",
	"Patient": "the same word in French",
	"Prospect": "the same word in French",
	"Prospects": "the same word in French",
	"{0} (%)": "a placeholder and a sign, the same in French",
}

# English strings whose French depends on where they appear (the context row says it), with why.
CONTEXT_SPECIFIC: dict[str, str] = {}

# Values stored in English and shown translated through `_(value)` / `__(value)`, from the rules.
STORED_VALUES = {
	"nest_prospects.ageing.rules": ("TEMPERATURES", "AGEING_STATES"),
	"nest_prospects.conversion_review.rules.outcomes": (
		"OUTCOMES",
		"APPOINTMENT_STATUSES",
		"REQUEST_CATEGORIES",
	),
	"nest_prospects.followup.rules.tasks": ("TASK_REASONS", "ANSWER_STATUSES"),
}

# Field types whose label the desk translates without the doctype as context (form/grid.js, tab.js).
LABEL_WITHOUT_CONTEXT = {"Table", "Tab Break"}
PLACEHOLDER = re.compile(r"\{[0-9]*\}|\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass(frozen=True)
class Message:
	"""A string shown to a person, where it comes from, and the context the desk asks it with."""

	text: str
	where: str
	context: str | None = None


def relative(path: Path) -> str:
	return str(path.relative_to(ROOT))


# fr.csv -----------------------------------------------------------------------------------


def read_rows() -> list[list[str]]:
	with FR_CSV.open(encoding="utf-8", newline="") as csv_file:
		return list(csv.reader(csv_file))


def french() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
	"""(context-free rows, rows with a context), as Frappe's get_translation_dict_from_file reads them."""
	free: dict[str, str] = {}
	with_context: dict[tuple[str, str], str] = {}
	for row in read_rows():
		if len(row) == 3 and row[2]:
			with_context[(row[0], row[2])] = row[1]
		elif len(row) in (2, 3):
			free[row[0]] = row[1]
	return free, with_context


def has_french(message: Message, free: dict[str, str], with_context: dict[tuple[str, str], str]) -> bool:
	if message.text in free or message.text in SAME_IN_FRENCH:
		return True
	return message.context is not None and (message.text, message.context) in with_context


# The strings of the app -------------------------------------------------------------------


def doctype_messages() -> list[Message]:
	messages = []
	for path in sorted(MODULE.glob("doctype/*/*.json")):
		meta = json.loads(path.read_text(encoding="utf-8"))
		if meta.get("doctype") != "DocType":
			continue
		doctype = meta["name"]
		where = relative(path)
		messages.append(Message(doctype, f"{where}: the doctype's name"))
		if meta.get("description"):
			messages.append(Message(meta["description"], f"{where}: the doctype's description"))
		for df in meta.get("fields", []):
			field = f"{where}: {df['fieldname']}"
			if df.get("label"):
				# The list's sort button and the heading of its title column name their field
				# without context too (ui/sort_selector.js, list/list_view.js).
				without_context = df["fieldtype"] in LABEL_WITHOUT_CONTEXT or df["fieldname"] in (
					meta.get("sort_field"),
					meta.get("title_field"),
				)
				context = None if without_context else doctype
				messages.append(Message(df["label"], f"{field} label", context))
			if df.get("description"):
				messages.append(Message(df["description"], f"{field} description"))
			if df["fieldtype"] == "Select":
				for option in (df.get("options") or "").split("\n"):
					if option.strip():
						messages.append(Message(option.strip(), f"{field} option"))
	return messages


def report_json_messages() -> list[Message]:
	messages = []
	for path in sorted(MODULE.glob("report/*/*.json")):
		report = json.loads(path.read_text(encoding="utf-8"))
		where = relative(path)
		messages.append(Message(report["report_name"], f"{where}: the report's name"))
		for key in ("columns", "filters"):
			for row in report.get(key) or []:
				if row.get("label"):
					messages.append(Message(row["label"], f"{where}: {key} {row.get('fieldname')}"))
	return messages


def python_files() -> list[Path]:
	"""The app's Python, its tests and benchmarks left out: they show nothing to the clinic."""
	return sorted(
		path
		for path in APP.rglob("*.py")
		if not path.name.startswith("test_")
		and not {"tests", "benchmarks", "__pycache__"} & set(path.relative_to(APP).parts)
	)


def _is_translate_call(node: ast.Call) -> bool:
	func = node.func
	if isinstance(func, ast.Name):
		return func.id in ("_", "_lt")
	return isinstance(func, ast.Attribute) and func.attr in ("_", "_lt") and isinstance(func.value, ast.Name)


def python_calls(path: Path) -> tuple[list[Message], list[str]]:
	"""The literals of `_("…")` calls in a Python file, and the calls that cannot be translated."""
	messages, problems = [], []
	tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
	for node in ast.walk(tree):
		if not isinstance(node, ast.Call) or not _is_translate_call(node) or not node.args:
			continue
		where = f"{relative(path)}:{node.lineno}"
		first = node.args[0]
		if isinstance(first, ast.JoinedStr):
			problems.append(f"{where}: an f-string in _() is never found in fr.csv; use {{0}} and .format()")
			continue
		if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
			continue  # a variable: its values are checked where they are defined
		context = None
		if len(node.args) >= 3 and isinstance(node.args[2], ast.Constant):
			context = node.args[2].value
		for keyword in node.keywords:
			if keyword.arg == "context" and isinstance(keyword.value, ast.Constant):
				context = keyword.value.value
		messages.append(Message(first.value, where, context))
	return messages, problems


def python_messages() -> list[Message]:
	return [message for path in python_files() for message in python_calls(path)[0]]


def js_files() -> list[Path]:
	return sorted(
		path for path in APP.rglob("*.js") if not {"dist", "node_modules"} & set(path.relative_to(APP).parts)
	)


_JS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def _js_string(code: str, start: int) -> tuple[str | None, int]:
	"""The JavaScript string literal at `start` (any quote) and the index after it; None if not one."""
	quote = code[start]
	if quote not in "\"'`":
		return None, start
	chars, i = [], start + 1
	while i < len(code):
		char = code[i]
		if char == "\\":
			following = code[i + 1]
			chars.append(_JS_ESCAPES.get(following, following))
			i += 2
			continue
		if char == quote:
			text = "".join(chars)
			if quote == "`" and "${" in text:
				return None, i + 1
			return text, i + 1
		chars.append(char)
		i += 1
	raise ValueError(f"unterminated string at {start}")


def _js_arguments(code: str, start: int) -> list[str]:
	"""The source of the top-level arguments of a call whose "(" is just before `start`."""
	args, depth, i, begin = [], 0, start, start
	while i < len(code):
		char = code[i]
		if char in "\"'`":
			_, i = _js_string(code, i)
			continue
		if char in "([{":
			depth += 1
		elif char in ")]}":
			if depth == 0:
				args.append(code[begin:i].strip())
				return args
			depth -= 1
		elif char == "," and depth == 0:
			args.append(code[begin:i].strip())
			begin = i + 1
		i += 1
	raise ValueError(f"unterminated call at {start}")


JS_CALL = re.compile(r"(?<![\w$.])__\(\s*")


def js_calls(path: Path) -> tuple[list[Message], list[str]]:
	"""The literals of `__("…")` calls in a JavaScript file (context: their third argument)."""
	code = path.read_text(encoding="utf-8")
	messages, problems = [], []
	for match in JS_CALL.finditer(code):
		where = f"{relative(path)}:{code.count(chr(10), 0, match.start()) + 1}"
		args = _js_arguments(code, match.end())
		if not args or not args[0] or args[0][0] not in "\"'`":
			continue  # a variable
		text, end = _js_string(args[0], 0)
		if text is None or args[0][end:].strip():
			problems.append(f"{where}: __() of a built string ({args[0][:40]}) is never found in fr.csv")
			continue
		context = None
		if len(args) >= 3 and args[2] and args[2][0] in "\"'":
			context, _ = _js_string(args[2], 0)
		messages.append(Message(text, where, context))
	return messages, problems


def js_messages() -> list[Message]:
	return [message for path in js_files() for message in js_calls(path)[0]]


def desk_messages() -> list[Message]:
	"""The workspace, number cards and dashboard charts: translated without context."""
	messages = []
	for path in sorted(MODULE.glob("workspace/*/*.json")):
		workspace = json.loads(path.read_text(encoding="utf-8"))
		where = relative(path)
		for key in ("label", "title"):
			if workspace.get(key):
				messages.append(Message(workspace[key], f"{where}: {key}"))
		for key in ("links", "shortcuts", "number_cards", "charts", "quick_lists", "custom_blocks"):
			for row in workspace.get(key) or []:
				if row.get("label"):
					messages.append(Message(row["label"], f"{where}: {key}"))
		for block in json.loads(workspace.get("content") or "[]"):
			data = block.get("data") or {}
			if block.get("type") == "card" and data.get("card_name"):
				messages.append(Message(data["card_name"], f"{where}: card {block.get('id')}"))
			if block.get("type") == "header" and data.get("text"):
				text = re.sub(r"<[^>]+>", "", data["text"]).strip()
				if text:
					messages.append(Message(text, f"{where}: header {block.get('id')}"))
	for folder, keys in (("number_card", ("label",)), ("dashboard_chart", ("chart_name", "label"))):
		for path in sorted(MODULE.glob(f"{folder}/*/*.json")):
			record = json.loads(path.read_text(encoding="utf-8"))
			for key in keys:
				if record.get(key):
					messages.append(Message(record[key], f"{relative(path)}: {key}"))
	return messages


def rules_messages() -> list[Message]:
	"""The rules' English templates (`MESSAGES`) and the stored values shown translated."""
	messages = []
	for name in pure_module_names():
		module = importlib.import_module(name)
		for text in getattr(module, "MESSAGES", ()):
			messages.append(Message(text, f"{name}.MESSAGES"))
	for module_name, names in STORED_VALUES.items():
		module = importlib.import_module(module_name)
		for name in names:
			for text in getattr(module, name):
				messages.append(Message(text, f"{module_name}.{name}"))
	return messages


def all_messages() -> list[Message]:
	return (
		doctype_messages()
		+ report_json_messages()
		+ python_messages()
		+ js_messages()
		+ desk_messages()
		+ rules_messages()
	)


# The tests ----------------------------------------------------------------------------------


def test_the_collectors_find_the_app_strings():
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


def test_every_string_shown_has_a_french_row():
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
	assert not by_text, f"{len(by_text)} strings have no French row in {relative(FR_CSV)}:\n" + "\n".join(
		f"  {text}  <- {', '.join(wheres[:3])}" for text, wheres in sorted(by_text.items())
	)


def test_same_in_french_lists_only_strings_the_app_shows_the_same_in_french():
	texts = {message.text for message in all_messages()}
	assert not set(SAME_IN_FRENCH) - texts
	free, with_context = french()
	rows = {**free, **{source: text for (source, _context), text in with_context.items()}}
	different = {text: rows[text] for text in SAME_IN_FRENCH if text in rows and rows[text] != text}
	assert not different, f"these have a French row that differs: not the same in French: {different}"


def test_translate_calls_are_literal_and_whole():
	"""`_(f"…")` or `__("a" + b)` cannot be looked up: the text must be a whole literal."""
	problems = []
	for path in python_files():
		problems += python_calls(path)[1]
	for path in js_files():
		problems += js_calls(path)[1]
	assert not problems, "\n".join(problems)


def test_report_labels_go_through_translation():
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


@pytest.mark.parametrize(
	"line,row", [pytest.param(line, row, id=f"line-{line}") for line, row in enumerate(read_rows(), start=1)]
)
def test_every_row_is_well_formed(line, row):
	assert row, f"line {line}: an empty line"
	assert len(row) in (2, 3), f"line {line}: {len(row)} columns, expected source,translation[,context]"
	source, translation = row[0], row[1]
	assert source and translation, f"line {line}: an empty source or translation"
	assert source == source.strip() and translation == translation.strip(), f"line {line}: stray spaces"
	assert Counter(PLACEHOLDER.findall(source)) == Counter(PLACEHOLDER.findall(translation)), (
		f"line {line}: the placeholders of {source!r} are not all in {translation!r}"
	)


def test_contexts_name_doctypes_of_the_app():
	doctypes = {
		json.loads(path.read_text(encoding="utf-8")).get("name") for path in MODULE.glob("doctype/*/*.json")
	}
	unknown = sorted({row[2] for row in read_rows() if len(row) == 3 and row[2]} - doctypes)
	assert not unknown, f"contexts that are no doctype of the app: {unknown}"


def test_no_row_is_given_twice():
	keys = Counter((row[0], row[2] if len(row) == 3 else "") for row in read_rows() if len(row) >= 2)
	twice = sorted(key for key, count in keys.items() if count > 1)
	assert not twice, f"rows given more than once: {twice}"


def test_a_context_row_agrees_with_the_context_free_row_or_says_why():
	"""Two French words for one English string confuse the reader, unless the context needs it."""
	free, with_context = french()
	differing = sorted(
		(source, context, translation, free[source])
		for (source, context), translation in with_context.items()
		if source in free and free[source] != translation and source not in CONTEXT_SPECIFIC
	)
	assert not differing, "\n".join(f"{s!r} ({c}): {t!r} vs {f!r}" for s, c, t, f in differing)
