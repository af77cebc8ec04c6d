"""The follow-up tasks due now, found set-based: one query per rule of the procedure.

`create_due_tasks` (hourly) finds what is due: the call 48 working hours (hours of working
days: two working days) after a first contact, the call 48 working hours after a
requalification to hot, the documentation mail after a qualification call, the 7-day recall.
The rules themselves are in `followup/rules/tasks.py`; `followup/todos.py` writes what is found
as ToDos, each with its unique task key, so a run twice creates nothing new.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import frappe
from frappe.utils import get_datetime, now_datetime

from nest_prospects.constants import PROSPECT
from nest_prospects.followup.rules.tasks import (
	DOCUMENTATION_MAIL,
	FIRST_CALL_REASONS,
	QUALIFICATION_CALL,
	RECALL_CATEGORY,
	REQUALIFIED_CALL,
	SEVEN_DAY_RECALL,
	DueTask,
	first_call,
	first_call_due_on,
	needs_documentation_mail,
	recall_due_on,
	requalified_call,
)
from nest_prospects.followup.todos import create_tasks
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.sql import in_chunks, single_run

# A first-contact search window wider than any 48 hours of working days (holidays and closures included).
FIRST_CALL_LOOKBACK_DAYS = 31


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
