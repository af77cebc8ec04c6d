"""The daily reminder: one mail per assignee for the open follow-up tasks past their due date,
once per task."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

import frappe
from frappe import _
from frappe.utils import escape_html, format_date, get_datetime, get_url_to_form, now_datetime

from nest_prospects.constants import FOLLOW_UP_TASK
from nest_prospects.followup.rules.tasks import is_overdue
from nest_prospects.languages.lookup import site_language
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.sql import in_chunks, single_run


@single_run(lambda: {"reminders": 0, "tasks": 0})
def send_overdue_reminders(now: datetime | str | None = None) -> dict[str, int]:
	"""The daily pass: one reminder mail per assignee for the overdue open tasks, once per task."""
	now = get_datetime(now) if now else now_datetime()
	if not get_settings().send_overdue_reminders:
		return {"reminders": 0, "tasks": 0}
	rows = frappe.db.sql(
		"""
		select t.name, t.reason, t.reference_type, t.reference_name, td.name as todo, td.date,
			td.allocated_to, u.email, u.language, coalesce(u.full_name, u.name) as user_name,
			coalesce(p.full_name, pa.full_name, t.reference_name) as party_name
		from `tabNEST Follow-up Task` t
		join `tabToDo` td on td.name = t.todo
		join `tabUser` u on u.name = td.allocated_to and u.enabled = 1
		left join `tabNEST Prospect` p on t.reference_type = 'NEST Prospect' and p.name = t.reference_name
		left join `tabNEST Patient` pa on t.reference_type = 'NEST Patient' and pa.name = t.reference_name
		where td.status = 'Open' and t.reminder_sent_on is null and td.date < %(today)s
		order by td.allocated_to, td.date
		""",
		{"today": now.date()},
		as_dict=True,
	)
	# A task due today is late from tomorrow: the due date is a day, the rule works on instants.
	rows = [row for row in rows if is_overdue(_end_of(row.date), now)]
	by_user: dict[str, list] = defaultdict(list)
	for row in rows:
		if row.email:
			by_user[row.allocated_to].append(row)
	reminded: list[str] = []
	users_reminded = 0
	default_language = site_language() if by_user else None
	for user_rows in by_user.values():
		try:
			send_reminder(user_rows, user_rows[0].language or default_language)
		except frappe.OutgoingEmailError:
			# No outgoing mail account: nothing is marked sent, so the next run tries again.
			frappe.log_error("Follow-up reminders: no outgoing email account")
			break
		reminded += [row.name for row in user_rows]
		users_reminded += 1
	task = frappe.qb.DocType(FOLLOW_UP_TASK)
	for chunk in in_chunks(reminded):
		frappe.qb.update(task).set(task.reminder_sent_on, now).where(task.name.isin(chunk)).run()
	return {"reminders": users_reminded, "tasks": len(reminded)}


def _end_of(day: date) -> datetime:
	return datetime.combine(day, datetime.max.time())


def send_reminder(rows: list, lang: str | None = None) -> None:
	"""The reminder mail of one assignee's overdue tasks, in `lang`, her language."""
	items = []
	for row in rows:
		url = get_url_to_form(row.reference_type, row.reference_name)
		label = f"{escape_html(_(row.reason, lang=lang))}, {escape_html(row.party_name)}"
		items.append(f"<li>{format_date(row.date)}: <a href='{url}'>{label}</a></li>")
	items = "".join(items)
	frappe.sendmail(
		recipients=[rows[0].email],
		subject=_("Follow-up: {0} overdue tasks", lang=lang).format(len(rows)),
		message=_("Hello {0},", lang=lang).format(escape_html(rows[0].user_name))
		+ "<p>"
		+ _("These follow-up tasks are past their due date:", lang=lang)
		+ f"</p><ul>{items}</ul><p>"
		+ _("Make the call or send the mail, then close the task in your ToDo list.", lang=lang)
		+ "</p>",
		reference_doctype="ToDo",
		reference_name=rows[0].todo,
	)
