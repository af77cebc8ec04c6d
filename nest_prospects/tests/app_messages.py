"""The strings the app shows a person, read from its files as Frappe's desk meets them.

Used by test_translations.py (each must have its French in locale/fr.po) and by
scripts/translations.py (the strings Frappe's extractor cannot see: stored values shown through
`_(value)`, the rules' MESSAGES). Plain Python: no Frappe, no pytest.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from nest_prospects.tests.pure_modules import pure_module_names

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "nest_prospects"
MODULE = APP / "nest_prospects"

# Values stored in English and shown translated through `_(value)` / `__(value)`, from the rules.
STORED_VALUES = {
	"nest_prospects.ageing.rules": ("TEMPERATURES", "AGEING_STATES"),
	"nest_prospects.conversion_review.rules.outcomes": (
		"OUTCOMES",
		"APPOINTMENT_STATUSES",
		"REQUEST_CATEGORIES",
	),
	"nest_prospects.followup.rules.tasks": ("TASK_REASONS", "ANSWER_STATUSES", "ACTION_TYPES"),
	# the inquiry page's labels, named in its refusals
	"nest_prospects.web_inquiries.rules": ("LABELS",),
	"nest_prospects.likelihood.rules": ("SHOWN_VALUES",),
	"nest_prospects.pipeline.rules": ("OUTCOMES",),
	"nest_prospects.routing.rules": ("STATUSES",),
}

# Field types whose label the desk translates without the doctype as context (form/grid.js, tab.js).
LABEL_WITHOUT_CONTEXT = {"Table", "Tab Break"}


@dataclass(frozen=True)
class Message:
	"""A string shown to a person, where it comes from, and the context the desk asks it with."""

	text: str
	where: str
	context: str | None = None


def relative(path: Path) -> str:
	return str(path.relative_to(ROOT))


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
			problems.append(f"{where}: an f-string in _() is never found in fr.po; use {{0}} and .format()")
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
			problems.append(f"{where}: __() of a built string ({args[0][:40]}) is never found in fr.po")
			continue
		context = None
		if len(args) >= 3 and args[2] and args[2][0] in "\"'":
			context, _ = _js_string(args[2], 0)
		messages.append(Message(text, where, context))
	return messages, problems


def js_messages() -> list[Message]:
	return [message for path in js_files() for message in js_calls(path)[0]]


def html_files() -> list[Path]:
	"""The app's Jinja templates: its website pages (www/) and templates."""
	return sorted(path for path in APP.rglob("*.html") if "node_modules" not in path.parts)


JINJA_CALL = re.compile(r"""(?<![\w.])_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)""")


def html_messages() -> list[Message]:
	"""The literals of `_("…")` in the Jinja templates (rendered in the visitor's language)."""
	messages = []
	for path in html_files():
		code = path.read_text(encoding="utf-8")
		for match in JINJA_CALL.finditer(code):
			where = f"{relative(path)}:{code.count(chr(10), 0, match.start()) + 1}"
			messages.append(Message(match.group(1) if match.group(1) is not None else match.group(2), where))
	return messages


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
		+ html_messages()
		+ desk_messages()
		+ rules_messages()
	)
