"""The daily reminder: one mail per assignee for the open follow-up tasks past their due date,
once per task: the automatic ones and those an agent planned (followup.planned) alike."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

import frappe
from frappe import _
from frappe.utils import escape_html, format_date, get_datetime, get_url, get_url_to_form, now_datetime

from nest_prospects.constants import FOLLOW_UP_TASK
from nest_prospects.followup.rules.tasks import PLANNED_TASK, overdue_if_due_before
from nest_prospects.languages.lookup import site_language
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.reminder_mails import recipients, remind_each
from nest_prospects.sql import single_run

# At most this many tasks listed in one mail; the others are counted, with a link to her list.
LISTED_TASKS = 50
# Overdue open tasks not reminded yet, with their assignee (enabled, with an email address):
# `from {TABLES} where {OVERDUE}`, `today` from rules.tasks.overdue_if_due_before.
TABLES = f"""`tab{FOLLOW_UP_TASK}` t
	join `tabToDo` td on td.name = t.todo
	join `tabUser` u on u.name = td.allocated_to and u.enabled = 1 and ifnull(u.email, '') != ''"""
OVERDUE = "td.status = 'Open' and t.reminder_sent_on is null and td.date < %(today)s"


@single_run(lambda: {"reminders": 0, "tasks": 0})
def send_overdue_reminders(now: datetime | str | None = None) -> dict[str, int]:
	"""The daily pass: one reminder mail per assignee for the overdue open tasks, once per task.

	Per assignee (a clinic has a few dozen, whatever the number of tasks): the first
	LISTED_TASKS of her overdue tasks are read and listed, the rest counted, and all of them
	marked by one UPDATE, so that memory does not grow with the number of overdue tasks.
	"""
	now = get_datetime(now) if now else now_datetime()
	if not get_settings().send_overdue_reminders:
		return {"reminders": 0, "tasks": 0}
	today = overdue_if_due_before(now)
	assignees = recipients("td.allocated_to", TABLES, OVERDUE, {"today": today}, count_as="tasks")
	default_language = site_language() if assignees else None

	def send(assignee: dict) -> None:
		listed = frappe.db.sql(
			f"""select t.reason, t.action_type, t.reference_type, t.reference_name, td.name as todo, td.date,
				coalesce(p.full_name, pa.full_name, t.reference_name) as party_name
			from {TABLES}
			left join `tabNEST Prospect` p on t.reference_type = 'NEST Prospect' and p.name = t.reference_name
			left join `tabNEST Patient` pa on t.reference_type = 'NEST Patient' and pa.name = t.reference_name
			where {OVERDUE} and td.allocated_to = %(user)s
			order by td.date, t.name
			limit {LISTED_TASKS}""",
			{"today": today, "user": assignee.allocated_to},
			as_dict=True,
		)
		send_reminder(assignee, listed, assignee.language or default_language)

	def mark(assignee: dict) -> None:
		frappe.db.sql(
			f"update {TABLES} set t.reminder_sent_on = %(now)s where {OVERDUE} and td.allocated_to = %(user)s",
			{"today": today, "user": assignee.allocated_to, "now": now},
		)

	# Without an outgoing mail account nothing is marked sent, so the next run tries again.
	reminded = remind_each(assignees, send, mark, "Follow-up reminders: no outgoing email account")
	return {"reminders": len(reminded), "tasks": sum(assignee.tasks for assignee in reminded)}


def send_reminder(assignee: dict, listed: list, lang: str | None = None) -> None:
	"""The reminder mail of one assignee's overdue tasks, in `lang`, her language: the first
	LISTED_TASKS listed, the others counted with a link to her open ToDos."""
	items = []
	for row in listed:
		url = get_url_to_form(row.reference_type, row.reference_name)
		# A planned task is named by the action type the agent chose ("Rendez-vous").
		what = row.action_type if row.reason == PLANNED_TASK and row.action_type else row.reason
		label = f"{escape_html(_(what, lang=lang))}, {escape_html(row.party_name)}"
		items.append(f"<li>{format_date(row.date)}: <a href='{url}'>{label}</a></li>")
	more = ""
	if assignee.tasks > len(listed):
		url = get_url(f"/app/todo?status=Open&allocated_to={quote(assignee.allocated_to)}")
		more = "<p>" + _("And {0} more: <a href='{1}'>your open tasks</a>.", lang=lang).format(
			assignee.tasks - len(listed), url
		)
		more += "</p>"
	frappe.sendmail(
		recipients=[assignee.email],
		subject=_("Follow-up: {0} overdue tasks", lang=lang).format(assignee.tasks),
		message=_("Hello {0},", lang=lang).format(escape_html(assignee.user_name))
		+ "<p>"
		+ _("These follow-up tasks are past their due date:", lang=lang)
		+ f"</p><ul>{''.join(items)}</ul>{more}<p>"
		+ _("Make the call or send the mail, then close the task in your ToDo list.", lang=lang)
		+ "</p>",
		reference_doctype="ToDo",
		reference_name=listed[0].todo if listed else None,
	)
