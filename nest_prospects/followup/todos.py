"""The follow-up tasks on the ToDo lists: written, assigned, notified, closed.

Each task is a Frappe ToDo (the user's list, the form's sidebar, the notifications) with a
NEST Follow-up Task row holding its unique key: a key already there is never created again,
whatever happened to its ToDo since (closed, or cancelled by the conversion review).

Each ToDo is inserted as a document, as `frappe.desk.form.assign_to.add` does: ToDo's own
controller writes the "Assigned" comment on the prospect and the record's `_assign`, and the
app's and other apps' ToDo hooks run. What the job has checked set-based is not read again for
each ToDo (`prepare_todo`: its links, the whole record the comment is put on): 4 queries a task.
The task rows, which hold the unique keys, are written first in one bulk insert per list of
900: a concurrent run hits the unique key and rolls back before any ToDo exists. Everything is
in the job's single transaction: a failure leaves nothing half done.

Notifications: a task a person plans gets Frappe's assignment notification
(`notify_assignment`, in the assignee's language, mailed if her Notification Settings say so);
the tasks a job writes get one bell per assignee and run (`notify_assignees`), not one
notification and one mail per task every hour.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from functools import partial

import frappe
from frappe import _
from frappe.desk.doctype.todo.todo import ToDo
from frappe.desk.form.assign_to import notify_assignment
from frappe.model.document import Document
from frappe.utils import escape_html, now_datetime

from nest_prospects.ageing.rules import HOT
from nest_prospects.constants import FOLLOW_UP_TASK, PROSPECT
from nest_prospects.followup.next_task import refresh_next_tasks
from nest_prospects.followup.rules.tasks import (
	CALL_REASONS,
	DOCUMENTATION_MAIL,
	DueTask,
	action_type_of,
	choose_script,
)
from nest_prospects.languages.lookup import user_languages
from nest_prospects.people.contact import through_contacts
from nest_prospects.sql import in_chunks, insert_rows

OPEN = "Open"
CLOSED = "Closed"
# The follow-up task row's columns, in the order of the rows create_tasks writes.
TASK_COLUMNS = (
	"name",
	"creation",
	"modified",
	"modified_by",
	"owner",
	"task_key",
	"reason",
	"action_type",
	"reference_type",
	"reference_name",
	"todo",
	"assigned_to",
	"due_on",
	"interaction",
)


def create_tasks(due: list[DueTask], now: datetime) -> dict[str, int]:
	"""Write the follow-up tasks of `due` not created yet: their rows, then each one's ToDo; one
	bell per assignee. Returns how many of each reason were created.
	"""
	created: dict[str, int] = defaultdict(int)
	new = assigned(new_tasks(due))
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
	# Each ToDo is written in its assignee's language, not in the job's.
	languages = user_languages(task.assignee for task in new)
	# A prospect reached through her contact person: the task names and calls the contact person.
	new = through_contacts(new, languages)
	for batch in in_chunks(new):
		todos, task_rows = [], []
		for task in batch:
			todo_name = frappe.generate_hash(length=10)
			# A script is for a call; the documentation mail gets the way to send it instead.
			script = (
				None
				if task.reason == DOCUMENTATION_MAIL
				else choose_script(scripts, task.reason, task.temperature, task.request_types)
			)
			todos.append(
				(
					todo_name,
					{
						"doctype": "ToDo",
						"status": OPEN,
						"priority": "High"
						if task.temperature == HOT and task.reason in CALL_REASONS
						else "Medium",
						"date": task.due_on.date(),
						"allocated_to": task.assignee,
						"description": task_description(task, script, languages.get(task.assignee)),
						"reference_type": task.reference_type,
						"reference_name": task.reference_name,
						"assigned_by": user,
					},
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
					action_type_of(task.reason),
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
		insert_rows(FOLLOW_UP_TASK, TASK_COLUMNS, task_rows)
		for todo_name, values in todos:
			insert_todo(values, todo_name, notify=False)
		refresh_next_tasks(task.reference_name for task in batch if task.reference_type == PROSPECT)
	notify_assignees(new, languages)
	return dict(created)


def new_tasks(due: list[DueTask]) -> list[DueTask]:
	"""The tasks of `due` whose key is not taken yet (each key once)."""
	by_key: dict[str, DueTask] = {}
	for task in due:
		by_key.setdefault(task.key, task)
	existing = set()
	for keys in in_chunks(by_key):
		existing.update(frappe.get_all(FOLLOW_UP_TASK, filters={"task_key": ("in", keys)}, pluck="task_key"))
	return [task for key, task in by_key.items() if key not in existing]


def assigned(tasks: list[DueTask]) -> list[DueTask]:
	"""The tasks with an assignee; the others are logged (Error Log), to be set right by a manager."""
	unassigned = [task for task in tasks if not task.assignee]
	if unassigned:
		frappe.log_error(
			title=_("Follow-up tasks without an assignee"),
			message=_(
				"{0} tasks could not be assigned: set a pool user in NEST Prospect Settings. First: {1}"
			).format(len(unassigned), unassigned[0].key),
		)
	return [task for task in tasks if task.assignee]


def insert_todo(values: dict, name: str | None = None, notify: bool = True) -> Document:
	"""Insert one ToDo as `frappe.desk.form.assign_to.add` does, and notify its assignee.

	ToDo's controller adds the "Assigned" comment to the record and sets its `_assign`; the
	doc_events of every app run; `notify_assignment` sends Frappe's assignment notification in
	the assignee's language (a bell, and a mail if her Notification Settings ask for one).
	What the caller has checked already is not read again for each ToDo (`prepare_todo`).
	"""
	todo = frappe.get_doc(values)
	todo.flags.next_task_by_caller = True  # the caller refreshes the prospects' next task once
	prepare_todo(todo)
	# ignore_links: every link of the ToDo was checked before it, set-based (see prepare_todo).
	todo.insert(ignore_permissions=True, ignore_links=True, set_name=name)
	if not notify:
		return todo
	notify_assignment(
		todo.assigned_by,
		todo.allocated_to,
		todo.reference_type,
		todo.reference_name,
		action="ASSIGN",
		description=todo.description,
	)
	return todo


def prepare_todo(todo: Document) -> None:
	"""Spare the reads that inserting the app's ToDo would repeat for every task.

	- Its links are not looked up one by one (`ignore_links`): `allocated_to` is an enabled user
	  with the NEST Agent or NEST Manager role (`due_tasks.assignee_sql` for the jobs,
	  `planned.is_agent` for a planned task), `reference_type`/`reference_name` the record that
	  the rule's query or the form has just read, `assigned_by` the session user. What the link
	  check would have fetched, `assigned_by_full_name`, comes from the cached User.
	- ToDo's `add_assign_comment` loads the whole record (its row and one query per child table:
	  five for a prospect) only to call its `add_comment`, which uses the record's doctype and
	  name: the same "Assigned" comment is inserted (a Comment document, its hooks run) without
	  reading the record. Left as it is when another app's ToDo class
	  (`override_doctype_class`) has a method of its own.
	"""
	if todo.assigned_by and not todo.assigned_by_full_name:
		todo.assigned_by_full_name = frappe.get_cached_value("User", todo.assigned_by, "full_name")
	if type(todo).add_assign_comment is ToDo.add_assign_comment:
		# A partial of a module function, not a closure: hooks that enqueue the ToDo pickle it.
		todo.add_assign_comment = partial(add_assign_comment, todo.reference_type, todo.reference_name)


def add_assign_comment(
	reference_type: str | None, reference_name: str | None, text: str, comment_type: str
) -> None:
	"""ToDo.add_assign_comment without loading the record: its `add_comment` on a document that
	holds only its doctype and name, which is all that `add_comment` reads."""
	if not (reference_type and reference_name):
		return
	frappe.get_doc({"doctype": reference_type, "name": reference_name}).add_comment(comment_type, text)


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


def notify_assignees(tasks: list[DueTask], languages: dict[str, str] | None = None) -> None:
	"""One bell notification per assignee for these tasks, however many, in her language: how
	many, and the first one.

	An "Alert", which Frappe does not mail: the hourly job would otherwise mail the secretaries
	every hour; the mail is kept for overdue tasks (`send_overdue_reminders`).
	"""
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

	by_user: dict[str, list] = {}
	for task in tasks:
		by_user.setdefault(task.assignee, [0, task])[0] += 1
	if languages is None:
		languages = user_languages(by_user)
	for user, (count, first) in by_user.items():
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


def close_tasks(
	reference_type: str, reference_name: str, reasons: tuple[str, ...], created_before: datetime | None = None
) -> int:
	"""Close the open ToDos of these reasons for one record (its call was made, its mail sent).

	One UPDATE of their status, as the conversion review's cancelling does, then the record's
	`_assign` and next task; the ToDos' own on_update (the "Assignment Completed" comment) is not
	run: the interaction that closed them is on the timeline already."""
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
	refresh_assignment(reference_type, reference_name)
	if reference_type == PROSPECT:
		refresh_next_tasks([reference_name])
	return len(names)


def refresh_assignment(reference_type: str, reference_name: str) -> None:
	"""The record's `_assign` (the list's "Assigned To") after its ToDos were closed or cancelled
	in one UPDATE: written by ToDo's own controller (ToDo.update_in_reference), from its open ToDos."""
	frappe.new_doc("ToDo", reference_type=reference_type, reference_name=reference_name).update_in_reference()
