"""The prospect's next task, stored on the prospect so that its list can show and filter it.

`next_task_reason` and `next_task_due_on` (permission level 2: read by every reader, written by
the app only) are the open follow-up task due first, or empty. They are written wherever the
app opens or closes tasks (create_tasks, close_tasks, the reconciliation's cancelling) and when
a user closes, cancels, re-dates or deletes a ToDo (hooks.py doc_events): one UPDATE per list
of prospects, never a save per prospect, and the prospect's `modified` is left as it was.
"""

from __future__ import annotations

from collections.abc import Iterable

import frappe

from nest_prospects.constants import FOLLOW_UP_TASK, PROSPECT
from nest_prospects.sql import in_chunks

_NEXT = f"""(select t.{{column}} from `tab{FOLLOW_UP_TASK}` t
	join `tabToDo` td on td.name = t.todo
	where t.reference_type = '{PROSPECT}' and t.reference_name = p.name and td.status = 'Open'
	order by t.due_on, t.name limit 1)"""


def refresh_next_tasks(prospects: Iterable[str] | None = None) -> None:
	"""Set the next task of these prospects (every prospect when None) from their open tasks."""
	sql = (
		f"update `tab{PROSPECT}` p set p.next_task_reason = {_NEXT.format(column='reason')},"
		f" p.next_task_due_on = {_NEXT.format(column='due_on')}"
	)
	if prospects is None:
		frappe.db.sql(sql)
		return
	for chunk in in_chunks(sorted(set(filter(None, prospects)))):
		frappe.db.sql(f"{sql} where p.name in %(names)s", {"names": chunk})


def on_todo_change(doc, method=None) -> None:
	"""doc_events for ToDo: a prospect's task closed, cancelled, re-dated or deleted by a user (the
	app's writers refresh it once for all their ToDos: `flags.next_task_by_caller`)."""
	if doc.reference_type != PROSPECT or not doc.reference_name or doc.flags.next_task_by_caller:
		return
	if method == "on_update" and not (
		doc.has_value_changed("status") or doc.has_value_changed("date") or doc.is_new()
	):
		return
	refresh_next_tasks([doc.reference_name])
