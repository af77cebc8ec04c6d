# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt
"""Délais de réponse: did the clinic answer and call on time, per month (or week) and per user?

Per period of the first contact and per responsible user, for the hot and warm prospects: the
share of first answers within 48 working hours and within 15 days, and the median wait (in
working hours). Per period of the due date and per assignee: the 48-hour calls (call to book,
qualification call, requalified call) and the 7-day recalls done on time, late or never
(`rules.reports.task_outcome`). The last row is the total.

At 100,000 prospects: two queries. The prospects of the period (three columns) are judged
one by one by the rules, with the working hours from one pass over the calendar's days
(`WorkingHoursTable`); the tasks are counted by the database, grouped by due day, status,
closing day and assignee, and judged per group.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time

import frappe
from frappe import _
from frappe.utils import add_days, add_months, get_datetime, getdate, now_datetime, today

from nest_prospects.ageing.rules import COLD
from nest_prospects.constants import FOLLOW_UP_TASK, PROSPECT
from nest_prospects.followup.rules.reports import (
	FIRST_CALLS,
	LATE,
	MONTH,
	NEVER,
	ON_TIME,
	PENDING,
	RECALLS,
	WEEK,
	first_answer,
	median,
	period_start,
	share,
	task_outcome,
)
from nest_prospects.followup.rules.tasks import CALL_TO_BOOK, answer_deadlines, is_overdue
from nest_prospects.followup.rules.working_time import WorkingHoursTable, format_duration_fr
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.nest_prospects.report.utils import column, date_range, figure, number_card


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	period = filters.get("period") if filters.get("period") in (MONTH, WEEK) else MONTH
	from_date, to_date = date_range(filters)
	now = now_datetime()
	groups: dict[tuple, dict] = defaultdict(new_group)
	total = new_group()
	add_answers(groups, total, filters, from_date, to_date, period, now)
	add_tasks(groups, total, filters, from_date, to_date, period, now)
	rows = [finish({**group, "period": key[0], "user": key[1]}) for key, group in sorted(groups.items())]
	if not rows:
		return columns(period), [], None, None, None
	rows.append(finish({**total, "period": None, "user": _("Total"), "is_total": 1}))
	return columns(period), rows, None, chart(groups, period), summary(rows[-1])


def new_group() -> dict:
	return {
		"prospects": 0,
		"answered": 0,
		"within_48h": 0,
		"within_15d": 0,
		"waits": [],
		**{f"{family}_{outcome}": 0 for family in ("calls", "recalls") for outcome in OUTCOME_KEYS.values()},
	}


OUTCOME_KEYS = {ON_TIME: "on_time", LATE: "late", NEVER: "never", PENDING: "pending"}


def add_answers(groups, total, filters, from_date, to_date, period, now) -> None:
	"""The hot and warm prospects first met in the dates, judged by the 48-hour and 15-day rules."""
	settings = get_settings()
	calendar = settings.working_calendar(now)
	p = frappe.qb.DocType(PROSPECT)
	query = (
		frappe.qb.from_(p)
		.select(p.first_contact_on, p.first_answered_on, p.responsible_user, p.temperature)
		.where(
			(p.first_contact_on >= from_date)
			& (p.first_contact_on < add_days(to_date, 1))
			& (p.temperature != COLD)
		)
		.orderby(p.first_contact_on)
	)
	if filters.get("user"):
		query = query.where(p.responsible_user == filters.user)
	if filters.get("temperature"):
		query = query.where(p.temperature == filters.temperature)
	prospects = query.run()
	if not prospects:
		return
	hours = WorkingHoursTable(calendar, get_datetime(prospects[0][0]), now)
	for first_contact_on, answered_on, user, temperature in prospects:
		first_contact_on = get_datetime(first_contact_on)
		answer = first_answer(
			temperature,
			first_contact_on,
			get_datetime(answered_on) if answered_on else None,
			now,
			calendar,
			hours,
			settings.answer_within_days,
			settings.first_call_after_hours,
		)
		for group in (groups[(period_start(first_contact_on, period), user or "")], total):
			group["prospects"] += 1
			group["answered"] += answer.answered
			group["within_48h"] += answer.within_ideal
			group["within_15d"] += answer.within_rule
			if answer.wait_hours is not None:
				group["waits"].append(answer.wait_hours)


def add_tasks(groups, total, filters, from_date, to_date, period, now) -> None:
	"""The 48-hour calls and 7-day recalls due in the dates, counted by the database per group."""
	values = {
		"from": datetime.combine(from_date, time.min),
		"to": datetime.combine(add_days(to_date, 1), time.min),
		"reasons": FIRST_CALLS + RECALLS,
	}
	condition = ""
	if filters.get("user"):
		condition = "and td.allocated_to = %(user)s"
		values["user"] = filters.user
	for due_day, status, closed_day, user, reason, count in frappe.db.sql(
		f"""select td.date, td.status, if(td.status = 'Closed', date(td.modified), null) as closed_day,
			td.allocated_to, t.reason, count(*)
		from `tab{FOLLOW_UP_TASK}` t join `tabToDo` td on td.name = t.todo
		where t.due_on >= %(from)s and t.due_on < %(to)s and t.reason in %(reasons)s {condition}
		group by td.date, td.status, closed_day, td.allocated_to, t.reason""",
		values,
	):
		due_day = getdate(due_day)
		closed_on = datetime.combine(getdate(closed_day), time.min) if closed_day else None
		outcome = OUTCOME_KEYS[task_outcome(due_day, status, closed_on, now)]
		family = "recalls" if reason in RECALLS else "calls"
		for group in (groups[(period_start(due_day, period), user or "")], total):
			group[f"{family}_{outcome}"] += count


def finish(row: dict) -> dict:
	waits = row.pop("waits")
	wait = median(waits)
	row.update(
		{
			"within_48h_rate": share(row["within_48h"], row["prospects"]),
			"within_15d_rate": share(row["within_15d"], row["prospects"]),
			"median_wait_hours": round(wait, 1) if wait is not None else None,
			"median_wait": format_duration_fr(wait) if wait is not None else None,
		}
	)
	for family in ("calls", "recalls"):
		judged = sum(row[f"{family}_{key}"] for key in ("on_time", "late", "never"))
		row[f"{family}_on_time_rate"] = share(row[f"{family}_on_time"], judged)
	return row


def columns(period: str) -> list[dict]:
	def integer(fieldname, label, width=90):
		return column(fieldname, label, "Int", width)

	def percent(fieldname, label):
		return column(fieldname, label, "Percent", 100)

	return [
		column("period", _("Month") if period == MONTH else _("Week of"), "Date", 100),
		column("user", _("User"), "Data", 170),
		integer("prospects", _("Hot and Warm Prospects"), 110),
		integer("answered", _("Answered")),
		integer("within_48h", _("Answered within 48 working hours"), 120),
		percent("within_48h_rate", _("Within 48 working hours (%)")),
		integer("within_15d", _("Answered within 15 days"), 110),
		percent("within_15d_rate", _("Within 15 days (%)")),
		column("median_wait", _("Median Wait"), "Data", 100),
		column("median_wait_hours", _("Median Wait (hours of working days)"), "Float", 110, precision=1),
		integer("calls_on_time", _("48-hour Calls on Time"), 110),
		integer("calls_late", _("48-hour Calls Late"), 110),
		integer("calls_never", _("48-hour Calls Never Made"), 110),
		integer("calls_pending", _("48-hour Calls Pending"), 110),
		percent("calls_on_time_rate", _("48-hour Calls on Time (%)")),
		integer("recalls_on_time", _("7-day Recalls on Time"), 110),
		integer("recalls_late", _("7-day Recalls Late"), 110),
		integer("recalls_never", _("7-day Recalls Never Made"), 110),
		integer("recalls_pending", _("7-day Recalls Pending"), 110),
		percent("recalls_on_time_rate", _("7-day Recalls on Time (%)")),
	]


def chart(groups: dict[tuple, dict], period: str) -> dict:
	"""Per period, every user together: the shares answered and called on time."""
	periods: dict = defaultdict(new_group)
	for (start, _user), group in groups.items():
		merged = periods[start]
		for key, value in group.items():
			if key == "waits":
				merged[key].extend(value)
			else:
				merged[key] += value
	rows = [(start, finish(dict(group))) for start, group in sorted(periods.items())]
	return {
		"data": {
			"labels": [label(start, period) for start, _row in rows],
			"datasets": [
				{
					"name": _("Within 48 working hours (%)"),
					"values": [row["within_48h_rate"] for _s, row in rows],
				},
				{"name": _("Within 15 days (%)"), "values": [row["within_15d_rate"] for _s, row in rows]},
				{
					"name": _("48-hour Calls on Time (%)"),
					"values": [row["calls_on_time_rate"] for _s, row in rows],
				},
				{
					"name": _("7-day Recalls on Time (%)"),
					"values": [row["recalls_on_time_rate"] for _s, row in rows],
				},
			],
		},
		"type": "line",
		"fieldtype": "Percent",
	}


def label(start, period: str) -> str:
	return start.strftime("%m/%Y") if period == MONTH else start.strftime("%d/%m/%Y")


def summary(total: dict) -> list[dict]:
	return [
		figure(total["prospects"], _("Hot and Warm Prospects")),
		figure(total["within_48h_rate"], _("Within 48 working hours (%)"), "Percent", "Green"),
		figure(total["within_15d_rate"], _("Within 15 days (%)"), "Percent", "Green"),
		figure(total["median_wait"] or "-", _("Median Wait"), "Data"),
		figure(total["calls_on_time_rate"], _("48-hour Calls on Time (%)"), "Percent", "Orange"),
		figure(total["recalls_on_time_rate"], _("7-day Recalls on Time (%)"), "Percent", "Orange"),
	]


def waiting_past_48_hours() -> int:
	"""Hot and warm active prospects still unanswered 48 working hours after their first contact."""
	settings = get_settings()
	now = now_datetime()
	calendar = settings.working_calendar(now)
	firsts = frappe.db.sql(
		f"""select first_contact_on from `tab{PROSPECT}`
		where status = 'Active' and temperature in ('Hot', 'Warm') and first_answered_on is null""",
		pluck=True,
	)
	return sum(
		1
		for first in firsts
		if is_overdue(
			answer_deadlines(
				get_datetime(first), calendar, settings.answer_within_days, settings.first_call_after_hours
			)[0],
			now,
		)
	)


def open_tasks(reasons: tuple[str, ...], due_by) -> int:
	"""Open follow-up tasks of these reasons due on or before a day."""
	return frappe.db.sql(
		f"""select count(*) from `tab{FOLLOW_UP_TASK}` t join `tabToDo` td on td.name = t.todo
		where td.status = 'Open' and t.reason in %(reasons)s and td.date <= %(day)s""",
		{"reasons": reasons, "day": due_by},
	)[0][0]


@frappe.whitelist()
def waiting_answers_card(filters: str | dict | list | None = None) -> dict:
	"""Number card: the waiting answers past 48 working hours."""
	frappe.has_permission(PROSPECT, throw=True)
	return number_card(waiting_past_48_hours(), "NEST Waiting Answers")


@frappe.whitelist()
def overdue_first_calls_card(filters: str | dict | list | None = None) -> dict:
	"""Number card: hot prospects past their 48-hour call (its task is open: created once due)."""
	frappe.has_permission(PROSPECT, throw=True)
	return number_card(
		open_tasks((CALL_TO_BOOK,), getdate(today())), "NEST Daily Recalls", reason=CALL_TO_BOOK
	)


@frappe.whitelist()
def recalls_due_card(filters: str | dict | list | None = None) -> dict:
	"""Number card: the 7-day recalls to make today (those due today and the late ones)."""
	frappe.has_permission(PROSPECT, throw=True)
	return number_card(open_tasks(RECALLS, getdate(today())), "NEST Daily Recalls", reason=RECALLS[0])
