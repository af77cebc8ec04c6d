"""Tasks an agent plans by hand from the prospect's form (seed 003, "Suivi").

A planned task is a follow-up task like the automatic ones (a NEST Follow-up Task row with its
unique key, and its ToDo inserted as a document), with the action type the agent chose. Planned
with a date already past, it is recorded done at once (its ToDo Closed): from then on nobody
changes it (`refuse_changing_recorded_done`, a ToDo doc_event) and only a manager deletes it
(NEST Follow-up Task's delete permission and controller). The rules are in
`followup/rules/tasks.py` (`plan_task`); the overdue reminder covers the open ones as any task.
"""

from __future__ import annotations

from datetime import date, datetime, time

import frappe
from frappe import _
from frappe.utils import escape_html, getdate, today

from nest_prospects.constants import FOLLOW_UP_TASK, PROSPECT
from nest_prospects.followup.due_tasks import assignee_sql
from nest_prospects.followup.next_task import refresh_next_tasks
from nest_prospects.followup.rules.tasks import (
	NOT_AN_AGENT,
	PLANNED_TASK,
	RECORDED_DONE,
	TaskError,
	plan_task,
	task_key,
)
from nest_prospects.followup.todos import CLOSED, OPEN, insert_todo
from nest_prospects.languages.lookup import user_language

# The ToDo's fields nobody changes once its task is recorded done, in the order a refusal names them.
FROZEN_TODO_FIELDS = ("status", "date", "allocated_to", "description", "priority")
# Tasks the prospect's form lists under "Suivi", the latest due first.
LISTED_TASKS = 20
# The fields of the "Plan a Task" dialog, as a refusal names them.
FIELD_LABELS = {
	"action_type": "Action Type",
	"date": "Date",
	"assigned_to": "Assigned To",
	"description": "Description",
}


def plan_prospect_task(
	prospect,
	action_type: str | None,
	day: str | None,
	assigned_to: str | None,
	description: str | None,
) -> dict:
	"""Plan a task on `prospect` for `assigned_to` (the prospect's responsible user when empty).

	Checked (a French ValidationError naming the field; nothing written), then its row and its
	ToDo are written; a date already past records it done at once. Returns the task, its ToDo
	and whether it is done.
	"""
	prospect.load_from_db()  # the stored prospect, not the form's copy
	prospect.check_permission("write")
	try:
		planned = plan_task(
			action_type, _date(day), assigned_to or prospect.responsible_user, description, getdate(today())
		)
	except TaskError as error:
		_refuse(error.field, _(error.template), *error.arguments)
	if not is_agent(planned.assignee):
		_refuse("assigned_to", _(NOT_AN_AGENT), planned.assignee)
	lang = user_language(planned.assignee)
	todo_name = frappe.generate_hash(length=10)
	task = frappe.get_doc(
		{
			"doctype": FOLLOW_UP_TASK,
			"task_key": task_key(PLANNED_TASK, PROSPECT, prospect.name, frappe.generate_hash(length=10)),
			"reason": PLANNED_TASK,
			"action_type": planned.action_type,
			"reference_type": PROSPECT,
			"reference_name": prospect.name,
			"todo": todo_name,
			"assigned_to": planned.assignee,
			"due_on": datetime.combine(planned.due_on, time.min),
			"recorded_done": int(planned.done),
		}
	).insert(ignore_permissions=True, ignore_links=True)  # the app's row; its ToDo comes next
	lines = [
		f"<p><strong>{escape_html(_(planned.action_type, lang=lang))}</strong>: "
		+ escape_html(prospect.full_name or prospect.name)
		+ (f" ({escape_html(prospect.phone)})" if prospect.phone else "")
		+ "</p>"
	]
	if planned.description:
		lines.append(f"<p>{escape_html(planned.description)}</p>")
	insert_todo(
		{
			"doctype": "ToDo",
			"status": CLOSED if planned.done else OPEN,
			"priority": "Medium",
			"date": planned.due_on,
			"allocated_to": planned.assignee,
			"description": "\n".join(lines),
			"reference_type": PROSPECT,
			"reference_name": prospect.name,
			"assigned_by": frappe.session.user,
		},
		todo_name,
		notify=not planned.done,
	)
	if planned.done:
		prospect.record_task_done(planned.action_type, planned.due_on)  # the list's last action
	refresh_next_tasks([prospect.name])
	return {"task": task.name, "todo": todo_name, "done": planned.done}


def _date(value) -> date | None:
	"""The day the desk sends (ISO, "2026-12-08"), None when there is none or it is no date."""
	if isinstance(value, date):
		return value
	try:
		return date.fromisoformat(str(value or "")[:10])
	except ValueError:
		return None


def is_agent(user: str) -> bool:
	"""Whether `user` may take follow-up tasks: the jobs' rule (due_tasks.assignee_sql), no pool."""
	return frappe.db.sql(f"select {assignee_sql('%(user)s')}", {"user": user, "pool": None})[0][0] == user


def _refuse(field: str, template: str, *args) -> None:
	"""A 417 naming the field in the reader's language ("Champ Type d'action : …")."""
	label = _(FIELD_LABELS[field]) if field in FIELD_LABELS else field
	frappe.throw(template.format(label, *args), frappe.ValidationError, title=_("Task not planned"))


def refuse_changing_recorded_done(doc, method=None) -> None:
	"""ToDo validate (doc_events): the ToDo of a task recorded done when planned is never changed."""
	if (
		doc.is_new()
		or not doc.reference_type
		or not frappe.db.exists(FOLLOW_UP_TASK, {"todo": doc.name, "recorded_done": 1})
	):
		return
	changed = next((field for field in FROZEN_TODO_FIELDS if doc.has_value_changed(field)), None)
	if changed is None:
		return
	label = _(doc.meta.get_label(changed), context="ToDo")
	frappe.throw(_(RECORDED_DONE).format(label), frappe.ValidationError, title=_("Task not changed"))


def tasks_of(prospect: str) -> list[dict]:
	"""The prospect's follow-up tasks for its form, the latest due first, with their ToDo's state,
	translated for the reader."""
	rows = frappe.db.sql(
		f"""select t.name, t.reason, t.action_type, t.recorded_done, td.name as todo, td.date,
			td.status, td.allocated_to
		from `tab{FOLLOW_UP_TASK}` t join `tabToDo` td on td.name = t.todo
		where t.reference_type = %(doctype)s and t.reference_name = %(name)s
		order by td.date desc, t.creation desc limit {LISTED_TASKS}""",
		{"doctype": PROSPECT, "name": prospect},
		as_dict=True,
	)
	for row in rows:
		row.reason_label = _(row.reason)
		row.action_type_label = _(row.action_type) if row.action_type else ""
		row.state = row.status
		row.state_label = state_label(row.status)
	return rows


def state_label(status: str) -> str:
	"""A task's state as the seed names it ("À faire", "Effectué"), from its ToDo's status."""
	return {OPEN: _("Task to do"), CLOSED: _("Task done"), "Cancelled": _("Task cancelled")}.get(
		status, status
	)
