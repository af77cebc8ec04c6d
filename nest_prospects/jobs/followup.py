"""The daily follow-up: the tasks the procedure's time rules owe, on the right person's ToDo list.

`create_due_tasks` (hourly) finds, in one query per rule, what is due: the call 48 working hours
(hours of working days: two working days) after a first contact, the call 48 working hours after
a requalification to hot, the documentation mail after a qualification call, the 7-day recall.
The rules themselves are in `nest_prospects.rules.followup`. Each task is a Frappe ToDo (the
user's list, the form's sidebar, the notifications) with a NEST Follow-up Task row holding its
unique key: a key already there is never created again, whatever happened to its ToDo since
(closed, or cancelled by the conversion review), so a job run twice, or rerun after a failure,
creates nothing new. Rows are written with bulk inserts in the job's single transaction: a
failure leaves nothing half done.

`run_daily` sends one reminder mail per assignee for the open tasks past their due date,
once per task.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import frappe
from frappe import _
from frappe.utils import escape_html, format_date, get_datetime, get_url_to_form, now_datetime

from nest_prospects.jobs.sql import in_chunks, insert_rows, single_run
from nest_prospects.languages import site_language, user_languages
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.people import PATIENT, PROSPECT
from nest_prospects.rules.ageing import HOT
from nest_prospects.rules.followup import (
	CALL_TO_BOOK,
	DOCUMENTATION_MAIL,
	QUALIFICATION_CALL,
	REQUALIFIED_CALL,
	SEVEN_DAY_RECALL,
	choose_script,
	first_call,
	first_call_due_on,
	is_overdue,
	needs_documentation_mail,
	recall_due_on,
	requalified_call,
	task_key,
)

TASK = "NEST Follow-up Task"
CALL_REASONS = (CALL_TO_BOOK, QUALIFICATION_CALL, REQUALIFIED_CALL)
FIRST_CALL_REASONS = (CALL_TO_BOOK, QUALIFICATION_CALL)
# Contacts in which the secretary spoke with the person: they do the call a task asks for.
SPOKEN_CHANNELS = ("Inbound Call", "Outbound Call", "Visit")
RECALL_CATEGORY = "Recall"
OPEN = "Open"
CLOSED = "Closed"
# A first-contact search window wider than any 48 hours of working days (holidays and closures included).
FIRST_CALL_LOOKBACK_DAYS = 31


@dataclass
class DueTask:
	reason: str
	reference_type: str
	reference_name: str
	party_name: str | None
	phone: str | None
	assignee: str | None
	due_on: datetime
	occasion: str | None = None
	interaction: str | None = None
	temperature: str | None = None
	request_types: list[str] = field(default_factory=list)

	@property
	def key(self) -> str:
		return task_key(self.reason, self.reference_type, self.reference_name, self.occasion)


def _prospect_task(reason: str, row: dict, due_on: datetime, **extra) -> DueTask:
	"""A task about the prospect of a query row (name, full_name, phone, assignee, temperature)."""
	return DueTask(
		reason=reason,
		reference_type=PROSPECT,
		reference_name=row.name,
		party_name=row.full_name,
		phone=row.phone,
		assignee=row.assignee,
		due_on=due_on,
		temperature=row.temperature,
		**extra,
	)


def _query_params(now: datetime, settings, min_catch_up_days: int = 0) -> dict:
	"""The parameters every rule's query shares: the pool user, now, the catch-up limit."""
	return {
		"pool": settings.pool_user or None,
		"now": now,
		"catch_up_since": now - timedelta(days=max(settings.task_catch_up_days or 0, min_catch_up_days)),
	}


def _now(now: datetime | str | None) -> datetime:
	return get_datetime(now) if now else now_datetime()


def _assignee_sql(user_column: str) -> str:
	"""SQL for `user_column` if it is an enabled NEST user, else the pool user (%(pool)s)."""
	return f"""coalesce(
		(select u.name from `tabUser` u
			where u.name = {user_column} and u.enabled = 1
			and exists (select 1 from `tabHas Role` hr where hr.parent = u.name
				and hr.parenttype = 'User' and hr.role in ('NEST Agent', 'NEST Manager'))),
		%(pool)s)"""


@single_run(dict)
def create_due_tasks(now: datetime | str | None = None) -> dict[str, int]:
	"""Create every follow-up task due at `now`; return how many of each reason were created."""
	now = _now(now)
	settings = get_settings()
	calendar = settings.working_calendar(now)
	params = _query_params(now, settings)
	due: list[DueTask] = []
	due += _first_calls(now, calendar, settings, params)
	due += _requalified_calls(now, calendar, settings, params)
	due += _documentation_mails(now, params)
	due += _seven_day_recalls(now, settings, params)
	return create_tasks(due, now)


def _first_calls(now, calendar, settings, params) -> list[DueTask]:
	"""Hot and warm prospects with no news 48 working hours after their first contact."""
	hours = settings.first_call_after_hours
	rows = frappe.db.sql(
		f"""
		select p.name, p.full_name, p.phone, p.temperature, p.first_contact_on,
			{_assignee_sql("p.responsible_user")} as assignee,
			(select max(i.interaction_on) from `tabNEST Interaction` i
				where i.party_type = 'NEST Prospect' and i.party = p.name
				and not (i.documents_sent = 1 and i.channel = 'Email')) as last_news_on
		from `tabNEST Prospect` p
		where p.status = 'Active' and p.temperature in ('Hot', 'Warm')
			and p.first_contact_on <= %(latest_first_contact)s
			and p.first_contact_on >= %(earliest_first_contact)s
			and not exists (select 1 from `tabNEST Follow-up Task` t
				where t.reference_type = 'NEST Prospect' and t.reference_name = p.name
				and t.reason in %(reasons)s)
		""",
		{
			**params,
			# 48 hours of working days are at least 48 calendar hours: younger contacts cannot be due.
			"latest_first_contact": now - timedelta(hours=hours),
			"earliest_first_contact": params["catch_up_since"] - timedelta(days=FIRST_CALL_LOOKBACK_DAYS),
			"reasons": FIRST_CALL_REASONS,
		},
		as_dict=True,
	)
	due = []
	for row in rows:
		first_contact_on = get_datetime(row.first_contact_on)
		last_news_on = get_datetime(row.last_news_on) if row.last_news_on else None
		reason = first_call(row.temperature, first_contact_on, last_news_on, now, calendar, hours)
		if reason is None:
			continue
		due_on = first_call_due_on(first_contact_on, calendar, hours)
		if due_on < params["catch_up_since"]:
			continue
		due.append(_prospect_task(reason, row, due_on))
	return due


def _requalified_calls(now, calendar, settings, params, prospect: str | None = None) -> list[DueTask]:
	"""Prospects requalified from warm or cold to hot, and still hot: a call within 48 hours."""
	rows = frappe.db.sql(
		f"""
		select c.name as change_name, c.changed_on, c.from_value, c.to_value,
			p.name, p.full_name, p.phone, p.temperature,
			{_assignee_sql("p.responsible_user")} as assignee
		from `tabNEST Classification Change` c
		join `tabNEST Prospect` p on p.name = c.parent and c.parenttype = 'NEST Prospect'
		where c.classification = 'Temperature' and c.to_value = 'Hot'
			and c.from_value in ('Warm', 'Cold')
			and c.changed_on >= %(catch_up_since)s and c.changed_on <= %(now)s
			and p.status = 'Active' and p.temperature = 'Hot'
			{"and p.name = %(prospect)s" if prospect else ""}
		""",
		{**params, "prospect": prospect},
		as_dict=True,
	)
	due = []
	for row in rows:
		due_on = requalified_call(
			row.from_value,
			row.to_value,
			get_datetime(row.changed_on),
			calendar,
			settings.first_call_after_hours,
		)
		if due_on is None:
			continue
		due.append(_prospect_task(REQUALIFIED_CALL, row, due_on, occasion=row.change_name))
	return due


def _documentation_mails(now, params) -> list[DueTask]:
	"""After a done qualification call, a prospect still warm gets the documentation ("ensuite")."""
	rows = frappe.db.sql(
		f"""
		select p.name, p.full_name, p.phone, p.temperature, t.name as call_task,
			{_assignee_sql("p.responsible_user")} as assignee
		from `tabNEST Follow-up Task` t
		join `tabToDo` td on td.name = t.todo
		join `tabNEST Prospect` p on p.name = t.reference_name
		where t.reason = %(qualification)s and t.reference_type = 'NEST Prospect'
			and td.status = 'Closed' and td.modified >= %(catch_up_since)s
			and p.status = 'Active'
			and not exists (select 1 from `tabNEST Interaction` i
				where i.party_type = 'NEST Prospect' and i.party = p.name
				and i.documents_sent = 1 and i.interaction_on >= t.creation)
		""",
		{**params, "qualification": QUALIFICATION_CALL},
		as_dict=True,
	)
	return [
		_prospect_task(DOCUMENTATION_MAIL, row, now)
		for row in rows
		if needs_documentation_mail(QUALIFICATION_CALL, row.temperature)
	]


def _seven_day_recalls(now, settings, params) -> list[DueTask]:
	"""Interactions asking for a quote, prices or the programme, a week ago: recall the person.

	One recall a day per person, however many such interactions that day; none if the person
	was already recalled (an interaction with a Recall request) after it.

	No correlated subquery over the request rows: its plan depended on the optimizer's
	statistics (on a freshly loaded site it read the whole child table for every candidate).
	One query finds the window's interactions with a request that triggers the recall (a
	derived table grouped by interaction, bounded by the range on `interaction_on`, reading the
	request rows by `parent`); a second one, only for the people found, gives each one's latest
	recall, reading her interactions by `party`, then their requests by `parent`. Two queries
	whatever the number of interactions, each on its indexes whatever the statistics say.
	"""
	days = settings.recall_after_days
	today = now.date()
	values = {
		**params,
		"from_on": datetime.combine(
			params["catch_up_since"].date() - timedelta(days=days), datetime.min.time()
		),
		"until_on": datetime.combine(today - timedelta(days=days - 1), datetime.min.time()),
		"recall": RECALL_CATEGORY,
	}
	rows = frappe.db.sql(
		f"""
		select i.name, i.party_type, i.party, i.party_name, i.interaction_on,
			coalesce(p.phone, pa.phone) as phone, p.temperature,
			{_assignee_sql("coalesce(p.responsible_user, i.logged_by)")} as assignee,
			asked.request_types
		from (
			select r.parent, group_concat(r.request_type order by r.idx separator '\n') as request_types
			from `tabNEST Interaction` w
			straight_join `tabNEST Interaction Request Type` r
				on r.parent = w.name and r.parenttype = 'NEST Interaction'
			left join `tabNEST Request Type` rt on rt.name = r.request_type
			where w.interaction_on >= %(from_on)s and w.interaction_on < %(until_on)s
			group by r.parent
			having max(rt.triggers_recall) = 1
		) asked
		straight_join `tabNEST Interaction` i on i.name = asked.parent
		left join `tabNEST Prospect` p on i.party_type = 'NEST Prospect' and p.name = i.party
		left join `tabNEST Patient` pa on i.party_type = 'NEST Patient' and pa.name = i.party
		where i.party_type = 'NEST Patient' or p.status = 'Active'
		order by i.interaction_on, i.name
		""",
		values,
		as_dict=True,
	)
	recalled_on = _latest_recalls({row.party for row in rows}, values)
	rows = [
		row
		for row in rows
		if not (
			recalled_on.get((row.party_type, row.party))
			and recalled_on[(row.party_type, row.party)] > row.interaction_on
		)
	]
	due = []
	for row in rows:
		due_day = recall_due_on(get_datetime(row.interaction_on), days)
		if due_day > today or due_day < params["catch_up_since"].date():
			continue
		due.append(
			DueTask(
				reason=SEVEN_DAY_RECALL,
				reference_type=row.party_type,
				reference_name=row.party,
				party_name=row.party_name,
				phone=row.phone,
				assignee=row.assignee,
				due_on=datetime.combine(due_day, datetime.min.time()),
				occasion=due_day.isoformat(),
				interaction=row.name,
				temperature=row.temperature,
				request_types=(row.request_types or "").split("\n"),
			)
		)
	return due


def _latest_recalls(parties: set[str], values: dict) -> dict[tuple[str, str], datetime]:
	"""(party type, party) -> the latest interaction with a Recall request after `from_on`."""
	latest = {}
	for chunk in in_chunks(sorted(parties)):  # one query per IN_LIST_LIMIT people
		for party_type, party, recalled_on in frappe.db.sql(
			"""
			select j.party_type, j.party, max(j.interaction_on)
			from `tabNEST Interaction` j
			straight_join `tabNEST Interaction Request Type` jr
				on jr.parent = j.name and jr.parenttype = 'NEST Interaction'
			straight_join `tabNEST Request Type` jt on jt.name = jr.request_type
			where j.party in %(parties)s and j.interaction_on > %(from_on)s and jt.category = %(recall)s
			group by j.party_type, j.party
			""",
			{**values, "parties": tuple(chunk)},
		):
			latest[(party_type, party)] = get_datetime(recalled_on)
	return latest


def create_requalified_call(prospect: str) -> int:
	"""Create at once the call owed to a prospect just requalified as hot (the form calls it)."""
	now = now_datetime()
	settings = get_settings()
	params = _query_params(now, settings, min_catch_up_days=1)
	due = _requalified_calls(now, settings.working_calendar(now), settings, params, prospect=prospect)
	return sum(create_tasks(due, now).values())


def create_tasks(due: list[DueTask], now: datetime) -> dict[str, int]:
	"""Insert the ToDos and follow-up task rows of the tasks not created yet, in bulk."""
	created: dict[str, int] = defaultdict(int)
	by_key: dict[str, DueTask] = {}
	for task in due:
		by_key.setdefault(task.key, task)
	if not by_key:
		return dict(created)
	existing = set()
	for keys in in_chunks(by_key):
		existing.update(frappe.get_all(TASK, filters={"task_key": ("in", keys)}, pluck="task_key"))
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
	todo_rows, task_rows = [], []
	for task in new:
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
		TASK,
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
	insert_rows(
		"ToDo",
		[
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
		],
		todo_rows,
	)
	refresh_assignments({(task.reference_type, task.reference_name) for task in new})
	notify_assignees(new, languages)
	return dict(created)


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


def notify_assignees(tasks: list[DueTask], languages: dict[str, str] | None = None) -> None:
	"""One bell notification per assignee, however many tasks the run gave them, in her language.

	An "Alert", which Frappe does not mail: the hourly job would otherwise mail the secretaries
	every hour; the mail is kept for overdue tasks (`run_daily`).
	"""
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

	by_user: dict[str, list[DueTask]] = defaultdict(list)
	for task in tasks:
		by_user[task.assignee].append(task)
	if languages is None:
		languages = user_languages(by_user)
	for user, user_tasks in by_user.items():
		first = user_tasks[0]
		lang = languages.get(user)
		make_notification_logs(
			{
				"type": "Alert",
				"document_type": first.reference_type,
				"document_name": first.reference_name,
				"subject": _("{0} new follow-up tasks, first: {1} ({2})", lang=lang).format(
					len(user_tasks), _(first.reason, lang=lang), first.party_name or first.reference_name
				),
				"from_user": "Administrator",
			},
			[user],
		)


def close_tasks(
	reference_type: str, reference_name: str, reasons: tuple[str, ...], created_before: datetime | None = None
) -> int:
	"""Close the open ToDos of these reasons for one record (its call was made, its mail sent)."""
	todo = frappe.qb.DocType("ToDo")
	task = frappe.qb.DocType(TASK)
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
	return len(names)


@single_run(lambda: {"reminders": 0, "tasks": 0})
def run_daily(now: datetime | str | None = None) -> dict[str, int]:
	"""The daily pass: one reminder mail per assignee for the overdue open tasks, once per task."""
	now = _now(now)
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
	task = frappe.qb.DocType(TASK)
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
