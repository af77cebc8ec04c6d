"""The follow-up tasks on the ToDo lists: written, assigned, notified, closed.

Each task is a Frappe ToDo (the user's list, the form's sidebar, the notifications) with a
NEST Follow-up Task row holding its unique key: a key already there is never created again,
whatever happened to its ToDo since (closed, or cancelled by the conversion review). Rows are
written with bulk inserts in the job's single transaction: a failure leaves nothing half done.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

import frappe
from frappe import _
from frappe.utils import escape_html, now_datetime

from nest_prospects.ageing.rules import HOT
from nest_prospects.constants import FOLLOW_UP_TASK, PROSPECT
from nest_prospects.followup.next_task import refresh_next_tasks
from nest_prospects.followup.rules.tasks import (
	CALL_REASONS,
	DOCUMENTATION_MAIL,
	DueTask,
	choose_script,
)
from nest_prospects.languages.lookup import user_languages
from nest_prospects.people.contact import through_contacts
from nest_prospects.sql import in_chunks, insert_rows

OPEN = "Open"
CLOSED = "Closed"
# The ToDo's columns the job writes, in the order of its rows.
TODO_COLUMNS = (
	"name",
	"creation",
	"modified",
	"modified_by",
	"owner",
	"status",
	"priority",
	"date",
	"allocated_to",
	"description",
	"reference_type",
	"reference_name",
	"assigned_by",
	"assigned_by_full_name",
)


def create_tasks(due: list[DueTask], now: datetime, notices: Notices | None = None) -> dict[str, int]:
	"""Insert the ToDos and follow-up task rows of the tasks not created yet, in bulk.

	The assignees are notified at once, or, given `notices`, when the caller sends them (a job
	writing its tasks page by page notifies once per run)."""
	created: dict[str, int] = defaultdict(int)
	by_key: dict[str, DueTask] = {}
	for task in due:
		by_key.setdefault(task.key, task)
	if not by_key:
		return dict(created)
	existing = set()
	for keys in in_chunks(by_key):
		existing.update(frappe.get_all(FOLLOW_UP_TASK, filters={"task_key": ("in", keys)}, pluck="task_key"))
	new = [task for key, task in by_key.items() if key not in existing]
	unassigned = [task for task in new if not task.assignee]
	if unassigned:
		frappe.log_error(
			title=_("Follow-up tasks without an assignee"),
			message=_(
				"{0} tasks could not be assigned: set a pool user in NEST Prospect Settings. First: {1}"
			).format(len(unassigned), unassigned[0].key),
		)
	new = [task for task in new if task.assignee]
	if not new:
		return dict(created)

	scripts = frappe.get_all(
		"NEST Callback Script",
		filters={"disabled": 0},
		fields=["title", "task_reason", "temperature", "request_type", "script"],
	)
	user = frappe.session.user
	# Rows are dated when written; `now` (possibly fixed by a test or a catch-up) only decides what is due.
	written_on = now_datetime()
	assigned_by_name = frappe.utils.get_fullname(user)
	# Each ToDo is written in its assignee's language, not in the job's.
	languages = user_languages(task.assignee for task in new)
	# A prospect reached through her contact person: the task names and calls the contact person.
	new = through_contacts(new, languages)
	# Written a batch at a time, so that memory does not grow with the number of new tasks.
	for batch in in_chunks(new):
		todo_rows, task_rows = [], []
		for task in batch:
			todo_name = frappe.generate_hash(length=10)
			# A script is for a call; the documentation mail gets the way to send it instead.
			script = (
				None
				if task.reason == DOCUMENTATION_MAIL
				else choose_script(scripts, task.reason, task.temperature, task.request_types)
			)
			todo_rows.append(
				(
					todo_name,
					written_on,
					written_on,
					user,
					user,
					OPEN,
					"High" if task.temperature == HOT and task.reason in CALL_REASONS else "Medium",
					task.due_on.date(),
					task.assignee,
					task_description(task, script, languages.get(task.assignee)),
					task.reference_type,
					task.reference_name,
					user,
					assigned_by_name,
				)
			)
			task_rows.append(
				(
					frappe.generate_hash(length=10),
					written_on,
					written_on,
					user,
					user,
					task.key,
					task.reason,
					task.reference_type,
					task.reference_name,
					todo_name,
					task.assignee,
					task.due_on,
					task.interaction,
				)
			)
			created[task.reason] += 1
		# The keys first: a concurrent run hits the unique key and rolls back before any ToDo exists.
		insert_rows(
			FOLLOW_UP_TASK,
			[
				"name",
				"creation",
				"modified",
				"modified_by",
				"owner",
				"task_key",
				"reason",
				"reference_type",
				"reference_name",
				"todo",
				"assigned_to",
				"due_on",
				"interaction",
			],
			task_rows,
		)
		insert_rows("ToDo", TODO_COLUMNS, todo_rows)
		run_after_insert([dict(zip(TODO_COLUMNS, row, strict=True)) for row in todo_rows])
		refresh_assignments({(task.reference_type, task.reference_name) for task in batch})
		refresh_next_tasks(task.reference_name for task in batch if task.reference_type == PROSPECT)
	if notices is None:
		notify_assignees(new, languages)
	else:
		notices.add(new)
	return dict(created)


def run_after_insert(todos: list[dict]) -> None:
	"""Frappe's after-insert path for ToDos written in bulk: what any app, a Notification, a
	Webhook or a Server Script hooks on a new ToDo runs as for a ToDo inserted one by one.

	Document.run_method("after_insert") on each new ToDo, as Document.insert ends: its lookups
	are cached, so it costs no query per ToDo. ToDo's own on_update (the "Assigned" comment on the
	prospect, `_assign`) is left out: see refresh_assignments, and the README's "Daily follow-up".
	"""
	for values in todos:
		frappe.get_doc({"doctype": "ToDo", **values}).run_method("after_insert")


def task_description(task: DueTask, script: dict | None, lang: str | None = None) -> str:
	"""The ToDo's text: why, for whom, by when, and the callback script to read while calling.

	`lang` is the assignee's language (the job itself runs in the site's default).
	"""
	lines = [
		f"<p><strong>{escape_html(_(task.reason, lang=lang))}</strong>: "
		+ escape_html(task.party_name or task.reference_name)
		+ (f" ({escape_html(task.phone)})" if task.phone else "")
		+ "</p>",
		"<p>"
		+ escape_html(
			_("Due on {0}", lang=lang).format(frappe.utils.format_datetime(task.due_on, "dd/MM/yyyy HH:mm"))
		)
		+ "</p>",
	]
	if task.request_types and any(task.request_types):
		lines.append(
			"<p>"
			+ escape_html(_("Requests: {0}", lang=lang).format(", ".join(filter(None, task.request_types))))
			+ "</p>"
		)
	if task.reason == DOCUMENTATION_MAIL:
		lines.append(
			"<p>"
			+ escape_html(
				_("Open the prospect and use Send Documentation: the mail goes with the kit.", lang=lang)
			)
			+ "</p>"
		)
	if script:
		lines.append(
			f"<hr><p><strong>{escape_html(_('Callback script', lang=lang))}: "
			f"{escape_html(script['title'])}</strong></p>"
		)
		lines.append(script["script"] or "")
	return "\n".join(lines)


def refresh_assignments(references: set[tuple[str, str]]) -> None:
	"""Set `_assign` (the list's "Assigned To") from the open ToDos, as ToDo.on_update does, in bulk."""
	by_doctype: dict[str, list[str]] = defaultdict(list)
	for reference_type, reference_name in references:
		by_doctype[reference_type].append(reference_name)
	for doctype, names in by_doctype.items():
		assignments = defaultdict(list)
		for chunk in in_chunks(names):
			for row in frappe.get_all(
				"ToDo",
				filters={
					"reference_type": doctype,
					"reference_name": ("in", chunk),
					"status": ("not in", ("Cancelled", "Closed")),
					"allocated_to": ("is", "set"),
				},
				fields=["reference_name", "allocated_to"],
				order_by="creation desc",
			):
				if row.allocated_to not in assignments[row.reference_name]:
					assignments[row.reference_name].append(row.allocated_to)
		for value, group in _group_by_value(names, assignments).items():
			for chunk in in_chunks(group):
				frappe.db.sql(
					f"update `tab{doctype}` set `_assign` = %(value)s where name in %(names)s",
					{"value": value, "names": chunk},
				)


def _group_by_value(names: list[str], assignments: dict[str, list[str]]) -> dict[str, list[str]]:
	"""Names grouped by their `_assign` value, so that one UPDATE serves each distinct value."""
	groups: dict[str, list[str]] = defaultdict(list)
	for name in names:
		users = assignments.get(name)
		groups[json.dumps(users) if users else ""].append(name)
	return groups


class Notices:
	"""The bell notifications of one run, sent once at its end: for each assignee, how many tasks
	and the first one. A run that writes its tasks page by page notifies each assignee once, and
	holds two values per assignee, not the tasks."""

	def __init__(self) -> None:
		self.by_user: dict[str, list] = {}

	def add(self, tasks: Iterable[DueTask]) -> None:
		for task in tasks:
			self.by_user.setdefault(task.assignee, [0, task])[0] += 1

	def send(self, languages: dict[str, str] | None = None) -> None:
		"""One bell notification per assignee, however many tasks the run gave them, in her language.

		An "Alert", which Frappe does not mail: the hourly job would otherwise mail the secretaries
		every hour; the mail is kept for overdue tasks (`send_overdue_reminders`).
		"""
		from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

		if languages is None:
			languages = user_languages(self.by_user)
		for user, (count, first) in self.by_user.items():
			lang = languages.get(user)
			make_notification_logs(
				{
					"type": "Alert",
					"document_type": first.reference_type,
					"document_name": first.reference_name,
					"subject": _("{0} new follow-up tasks, first: {1} ({2})", lang=lang).format(
						count, _(first.reason, lang=lang), first.party_name or first.reference_name
					),
					"from_user": "Administrator",
				},
				[user],
			)


def notify_assignees(tasks: list[DueTask], languages: dict[str, str] | None = None) -> None:
	"""One bell notification per assignee for these tasks (Notices)."""
	notices = Notices()
	notices.add(tasks)
	notices.send(languages)


def close_tasks(
	reference_type: str, reference_name: str, reasons: tuple[str, ...], created_before: datetime | None = None
) -> int:
	"""Close the open ToDos of these reasons for one record (its call was made, its mail sent)."""
	todo = frappe.qb.DocType("ToDo")
	task = frappe.qb.DocType(FOLLOW_UP_TASK)
	query = (
		frappe.qb.from_(todo)
		.join(task)
		.on(task.todo == todo.name)
		.select(todo.name)
		.where(
			(task.reference_type == reference_type)
			& (task.reference_name == reference_name)
			& (task.reason.isin(reasons))
			& (todo.status == OPEN)
		)
	)
	if created_before is not None:
		query = query.where(todo.creation <= created_before)
	names = query.run(pluck=True)
	if not names:
		return 0
	frappe.qb.update(todo).set(todo.status, CLOSED).set(todo.modified, now_datetime()).set(
		todo.modified_by, frappe.session.user
	).where(todo.name.isin(names)).run()
	refresh_assignments({(reference_type, reference_name)})
	if reference_type == PROSPECT:
		refresh_next_tasks([reference_name])
	return len(names)
