"""The follow-up tasks due now, found set-based: one query per rule of the procedure.

`create_due_tasks` (hourly) finds what is due: the call 48 working hours (hours of working
days: two working days) after a first contact, the call 48 working hours after a
requalification to hot, the documentation mail after a qualification call, the 7-day recall.
The rules themselves are in `followup/rules/tasks.py`; `followup/todos.py` writes what is found
as ToDos, each with its unique task key, so a run twice creates nothing new.

Each rule's candidates are read a page at a time (keyset pagination on an indexed key: one
range read per page, starting where the last one stopped); each page's new tasks go to the run's
selection (`MostOverdueFirst`), which keeps at most TASKS_PER_RUN of them, the most overdue
first, so the job's memory does not grow with the number of prospects or with the catch-up
window. The selection is then written, each ToDo as a document (`followup/todos.py`); the rest
is found again by the next hourly run.
"""

from __future__ import annotations

from collections.abc import Iterator
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
	MostOverdueFirst,
	first_call,
	first_call_due_on,
	needs_documentation_mail,
	recall_due_on,
	requalified_call,
)
from nest_prospects.followup.todos import assigned, create_tasks, new_tasks
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.sql import IN_LIST_LIMIT, in_chunks, single_run

# A first-contact search window wider than any 48 hours of working days (holidays and closures included).
FIRST_CALL_LOOKBACK_DAYS = 31
# Candidates read per query.
PAGE_SIZE = IN_LIST_LIMIT
# Tasks written per run, the most overdue first: each is a ToDo inserted as a document (4
# queries: the ToDo, its "Assigned" comment, the record's `_assign` read and written; some 15 ms
# on a quiet machine), so a catch-up after a long stop is worked off over the next hourly runs.
TASKS_PER_RUN = 1000


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


def assignee_sql(user_column: str) -> str:
	"""SQL for `user_column` if it is an enabled NEST user, else the pool user (%(pool)s)."""
	return f"""coalesce(
		(select u.name from `tabUser` u
			where u.name = {user_column} and u.enabled = 1
			and exists (select 1 from `tabHas Role` hr where hr.parent = u.name
				and hr.parenttype = 'User' and hr.role in ('NEST Agent', 'NEST Manager'))),
		%(pool)s)"""


@single_run(dict)
def create_due_tasks(now: datetime | str | None = None) -> dict[str, int]:
	"""Create the follow-up tasks due at `now`, at most TASKS_PER_RUN, the most overdue first;
	return how many of each reason were created."""
	now = _now(now)
	settings = get_settings()
	calendar = settings.working_calendar(now)
	params = _query_params(now, settings)
	run = MostOverdueFirst(TASKS_PER_RUN)
	for pages in (
		_first_calls(now, calendar, settings, params),
		_requalified_calls(now, calendar, settings, params),
		_documentation_mails(now, params),
		_seven_day_recalls(now, settings, params),
	):
		for due in pages:
			run.offer(assigned(new_tasks(due)))
	if run.left_for_next_run:
		frappe.logger("nest_prospects").info(
			f"create_due_tasks: {run.left_for_next_run} tasks left for the next run"
		)
	return create_tasks(run.tasks(), now)


def _keyset_pages(query: str, values: dict, keys: tuple[str, str], page_size: int | None = None):
	"""The rows of `query`, a page at a time, by keyset pagination on two columns.

	`keys` are the SQL expressions of an indexed column and of the primary key of its table (the
	index holds them in that order); the query selects them as `key_1` and `key_2`, and has
	`{after}` in its WHERE and `{order}` at its end. Each page is one range read from where the
	last one stopped, whatever the number of rows.
	"""
	page_size = page_size or PAGE_SIZE
	first, second = keys
	after_sql = "1 = 1"
	while True:
		rows = frappe.db.sql(
			query.format(after=after_sql, order=f"order by {first}, {second} limit {int(page_size)}"),
			values,
			as_dict=True,
		)
		if rows:
			yield rows
		if len(rows) < page_size:
			return
		values = {**values, "after_1": rows[-1].key_1, "after_2": rows[-1].key_2}
		after_sql = f"({first} > %(after_1)s or ({first} = %(after_1)s and {second} > %(after_2)s))"


def _first_calls(now, calendar, settings, params) -> Iterator[list[DueTask]]:
	"""Hot and warm prospects with no news 48 working hours after their first contact, by page."""
	hours = settings.first_call_after_hours
	query = f"""
		select p.name, p.full_name, p.phone, p.temperature, p.first_contact_on,
			p.first_contact_on as key_1, p.name as key_2,
			{assignee_sql("p.responsible_user")} as assignee,
			(select max(i.interaction_on) from `tabNEST Interaction` i
				where i.party_type = 'NEST Prospect' and i.party = p.name
				and not (i.documents_sent = 1 and i.channel = 'Email')) as last_news_on
		from `tabNEST Prospect` p
		where p.status = 'Active' and p.temperature in ('Hot', 'Warm')
			and p.first_contact_on <= %(latest_first_contact)s
			and p.first_contact_on >= %(earliest_first_contact)s
			and {{after}}
			and not exists (select 1 from `tabNEST Follow-up Task` t
				where t.reference_type = 'NEST Prospect' and t.reference_name = p.name
				and t.reason in %(reasons)s)
		{{order}}
		"""
	values = {
		**params,
		# 48 hours of working days are at least 48 calendar hours: younger contacts cannot be due.
		"latest_first_contact": now - timedelta(hours=hours),
		"earliest_first_contact": params["catch_up_since"] - timedelta(days=FIRST_CALL_LOOKBACK_DAYS),
		"reasons": FIRST_CALL_REASONS,
	}
	for rows in _keyset_pages(query, values, ("p.first_contact_on", "p.name")):
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
		yield due


def _requalified_calls(
	now, calendar, settings, params, prospect: str | None = None
) -> Iterator[list[DueTask]]:
	"""Prospects requalified from warm or cold to hot, and still hot: a call within 48 hours, by page."""
	query = f"""
		select c.name as change_name, c.changed_on, c.from_value, c.to_value,
			c.changed_on as key_1, c.name as key_2,
			p.name, p.full_name, p.phone, p.temperature,
			{assignee_sql("p.responsible_user")} as assignee
		from `tabNEST Classification Change` c
		join `tabNEST Prospect` p on p.name = c.parent and c.parenttype = 'NEST Prospect'
		where c.classification = 'Temperature' and c.to_value = 'Hot'
			and c.from_value in ('Warm', 'Cold')
			and c.changed_on >= %(catch_up_since)s and c.changed_on <= %(now)s
			and p.status = 'Active' and p.temperature = 'Hot'
			{"and p.name = %(prospect)s" if prospect else ""}
			and {{after}}
		{{order}}
		"""
	for rows in _keyset_pages(query, {**params, "prospect": prospect}, ("c.changed_on", "c.name")):
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
		yield due


def _documentation_mails(now, params) -> Iterator[list[DueTask]]:
	"""After a done qualification call, a prospect still warm gets the documentation ("ensuite"), by page."""
	query = f"""
		select p.name, p.full_name, p.phone, p.temperature, t.name as call_task,
			td.modified as key_1, td.name as key_2,
			{assignee_sql("p.responsible_user")} as assignee
		from `tabNEST Follow-up Task` t
		join `tabToDo` td on td.name = t.todo
		join `tabNEST Prospect` p on p.name = t.reference_name
		where t.reason = %(qualification)s and t.reference_type = 'NEST Prospect'
			and td.status = 'Closed' and td.modified >= %(catch_up_since)s
			and p.status = 'Active'
			and {{after}}
			and not exists (select 1 from `tabNEST Interaction` i
				where i.party_type = 'NEST Prospect' and i.party = p.name
				and i.documents_sent = 1 and i.interaction_on >= t.creation)
		{{order}}
		"""
	for rows in _keyset_pages(
		query, {**params, "qualification": QUALIFICATION_CALL}, ("td.modified", "td.name")
	):
		yield [
			_prospect_task(DOCUMENTATION_MAIL, row, now)
			for row in rows
			if needs_documentation_mail(QUALIFICATION_CALL, row.temperature)
		]


def _seven_day_recalls(now, settings, params) -> Iterator[list[DueTask]]:
	"""Interactions asking for a quote, prices or the programme, a week ago: recall the person.

	One recall a day per person, however many such interactions that day; none if the person
	was already recalled (an interaction with a Recall request) after it.

	No correlated subquery over the request rows: its plan depended on the optimizer's
	statistics (on a freshly loaded site it read the whole child table for every candidate).
	Per page, one query finds the next PAGE_SIZE interactions of the window with a request that
	triggers the recall (a derived table grouped by interaction in the order of the index of
	`interaction_on`, reading the request rows by `parent`, from where the last page stopped); a
	second one, only for the people found, gives each one's latest recall, reading her
	interactions by `party`, then their requests by `parent`. Two queries per page, each on its
	indexes whatever the statistics say.
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
	# The prospect's status is read, not filtered on: each page then has as many rows as its
	# derived table, which tells whether another page follows.
	query = f"""
		select i.name, i.party_type, i.party, i.party_name, i.interaction_on,
			coalesce(p.phone, pa.phone) as phone, p.temperature, p.status,
			{assignee_sql("coalesce(p.responsible_user, i.logged_by)")} as assignee,
			asked.request_types, asked.key_1, asked.key_2
		from (
			select w.interaction_on as key_1, w.name as key_2,
				group_concat(r.request_type order by r.idx separator '\n') as request_types
			from `tabNEST Interaction` w
			straight_join `tabNEST Interaction Request Type` r
				on r.parent = w.name and r.parenttype = 'NEST Interaction'
			left join `tabNEST Request Type` rt on rt.name = r.request_type
			where w.interaction_on >= %(from_on)s and w.interaction_on < %(until_on)s
				and {{after}}
			group by w.interaction_on, w.name
			having max(rt.triggers_recall) = 1
			{{order}}
		) asked
		straight_join `tabNEST Interaction` i on i.name = asked.key_2
		left join `tabNEST Prospect` p on i.party_type = 'NEST Prospect' and p.name = i.party
		left join `tabNEST Patient` pa on i.party_type = 'NEST Patient' and pa.name = i.party
		order by asked.key_1, asked.key_2
		"""
	for rows in _keyset_pages(query, values, ("w.interaction_on", "w.name")):
		rows = [row for row in rows if row.party_type != PROSPECT or row.status == "Active"]
		recalled_on = _latest_recalls({row.party for row in rows}, values)
		due = []
		for row in rows:
			recalled = recalled_on.get((row.party_type, row.party))
			if recalled and recalled > row.interaction_on:
				continue
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
		yield due


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
	calendar = settings.working_calendar(now)
	due = [
		task
		for page in _requalified_calls(now, calendar, settings, params, prospect=prospect)
		for task in page
	]
	return sum(create_tasks(due, now).values())
