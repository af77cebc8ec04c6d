# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt
"""Vieillissement des prospects: how many active prospects are normal, dormant or lost.

"Now": the active prospects by temperature and ageing state (each count opens the list of
the prospects it counts). "By Month": at the end of each month (today for the current one),
the prospects in each ageing state, read back from the classification history, and how many
moved to "En veille" and to "Perdu" during the month.

The history keeps the temperature and ageing-state changes, not the status: a prospect that
has left the follow-up (converted, duplicate…) counts at a month's end if it was last modified
after that end (its leaving is its last change; no job touches it after). A prospect gets no
ageing-state row at its creation: from its recording to its first ageing change it was in that
change's "from" state, and without any change it is in its state of today. A prospect counts
from its recording in the desk (`creation`), not from an earlier first contact typed in: the
history starts there. The temperature filter of this view is today's temperature.

At 100,000 prospects: "Now" is one GROUP BY on the prospects; "By Month" one query that turns
the history into intervals (LEAD over each prospect's rows, one pass) and counts, for every
month end, the intervals that contain it, and one GROUP BY for the moves.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time

import frappe
from frappe import _
from frappe.utils import add_months, getdate, now_datetime, today

from nest_prospects.ageing.rules import AGEING_STATES, DORMANT, LOST, TEMPERATURES
from nest_prospects.constants import CLASSIFICATION_CHANGE, PROSPECT
from nest_prospects.followup.rules.reports import month_starts, next_month, share
from nest_prospects.nest_prospects.report.utils import column, date_range, figure, number_card, stacked_bars

NOW = "Now"
BY_MONTH = "By Month"
MAX_MONTHS = 24


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if filters.get("view") == BY_MONTH:
		return by_month(filters)
	return now_view(filters)


def state_key(state: str) -> str:
	return state.lower()


def now_view(filters: frappe._dict):
	p = frappe.qb.DocType(PROSPECT)
	from frappe.query_builder.functions import Count

	query = (
		frappe.qb.from_(p)
		.select(p.temperature, p.ageing_state, Count("*"))
		.where(p.status == "Active")
		.groupby(p.temperature, p.ageing_state)
	)
	for field in ("temperature", "source", "responsible_user"):
		if filters.get(field):
			query = query.where(p[field] == filters.get(field))
	counts = {(temperature, state): n for temperature, state, n in query.run()}
	rows = []
	for temperature in TEMPERATURES:
		row = {"temperature": _(temperature), "temperature_value": temperature}
		row.update({state_key(state): counts.get((temperature, state), 0) for state in AGEING_STATES})
		row["total"] = sum(row[state_key(state)] for state in AGEING_STATES)
		row["lost_rate"] = share(row["lost"], row["total"])
		rows.append(row)
	total = {"temperature": _("Total"), "is_total": 1}
	total.update({state_key(state): sum(row[state_key(state)] for row in rows) for state in AGEING_STATES})
	total["total"] = sum(row["total"] for row in rows)
	total["lost_rate"] = share(total["lost"], total["total"])
	columns = [
		column("temperature", _("Temperature"), "Data", 120),
		*[column(state_key(state), _(state), "Int", 100) for state in AGEING_STATES],
		column("total", _("Active Prospects"), "Int", 120),
		column("lost_rate", _("Lost (%)"), "Percent", 90),
	]
	chart = stacked_bars(
		[row["temperature"] for row in rows],
		[{"name": _(state), "values": [row[state_key(state)] for row in rows]} for state in AGEING_STATES],
	)
	summary = [
		figure(total["total"], _("Active Prospects")),
		figure(total["dormant"], _(DORMANT), "Int", "Orange"),
		figure(total["lost"], _(LOST), "Int", "Red"),
	]
	return columns, [*rows, total], None, chart, summary


def month_ends(filters: frappe._dict) -> list[tuple]:
	"""(month start, the instant its counts are taken at: the next month's midnight, or now)."""
	from_date, to_date = date_range(filters)
	months = month_starts(from_date, to_date)[-MAX_MONTHS:]
	now = now_datetime()
	return [(month, min(datetime.combine(next_month(month), time.min), now)) for month in months]


def by_month(filters: frappe._dict):
	ends = month_ends(filters)
	states = states_at(ends, filters.get("temperature"))
	moves = moved(ends, filters.get("temperature"))
	rows = []
	for month, _end in ends:
		row = {"month": month}
		row.update({state_key(state): states.get((month, state), 0) for state in AGEING_STATES})
		row["total"] = sum(row[state_key(state)] for state in AGEING_STATES)
		row["moved_dormant"] = moves.get((month, DORMANT), 0)
		row["moved_lost"] = moves.get((month, LOST), 0)
		rows.append(row)
	if rows:
		rows.append(
			{
				"month": None,
				"normal": None,
				"total": None,
				"is_total": 1,
				"moved_dormant": sum(row["moved_dormant"] for row in rows),
				"moved_lost": sum(row["moved_lost"] for row in rows),
			}
		)
	columns = [
		column("month", _("Month"), "Date", 100),
		*[
			column(state_key(state), _("{0} at Month End").format(_(state)), "Int", 120)
			for state in AGEING_STATES
		],
		column("total", _("Prospects at Month End"), "Int", 120),
		column("moved_dormant", _("Moved to Dormant"), "Int", 120),
		column("moved_lost", _("Moved to Lost"), "Int", 120),
	]
	shown = rows[:-1]
	chart = {
		"data": {
			"labels": [row["month"].strftime("%m/%Y") for row in shown],
			"datasets": [
				{"name": _("Moved to Dormant"), "values": [row["moved_dormant"] for row in shown]},
				{"name": _("Moved to Lost"), "values": [row["moved_lost"] for row in shown]},
			],
		},
		"type": "bar",
		"fieldtype": "Int",
	}
	summary = (
		[
			figure(rows[-1]["moved_dormant"], _("Moved to Dormant"), "Int", "Orange"),
			figure(rows[-1]["moved_lost"], _("Moved to Lost"), "Int", "Red"),
		]
		if rows
		else None
	)
	return columns, rows, None, chart if shown else None, summary


def states_at(ends: list[tuple], temperature: str | None) -> dict[tuple, int]:
	"""{(month, state): prospects in that state at the month's end}, from the history.

	Each prospect's ageing history becomes intervals [since, until) in one state: from its
	recording to its first change (that change's "from" state), then from each change to the
	next; a prospect with no history is in its present state since its recording. A month's
	end counts the intervals that contain it, of the prospects still followed then.

	One pass over the history (each row joined to its prospect by primary key) gives each
	change's interval, and for a first change the interval before it plus a -1 that cancels the
	prospect's "no history" interval, which every prospect gets from one scan of the prospects:
	no anti-join, no second pass (3.7 s -> 1.2 s at 100,000 prospects, 49,000 changes).
	"""
	if not ends:
		return {}
	months_sql = " union all ".join(
		f"select %(month_{i})s as month, %(end_{i})s as month_end" for i in range(len(ends))
	)
	values = {f"month_{i}": month for i, (month, _end) in enumerate(ends)}
	values.update({f"end_{i}": end for i, (_month, end) in enumerate(ends)})
	temperature_condition = ""
	if temperature:
		temperature_condition = "and i.temperature = %(temperature)s"
		values["temperature"] = temperature
	counts = frappe.db.sql(
		f"""with months as ({months_sql}),
		changes as (
			select h.from_value, h.to_value, h.changed_on,
				p.creation, p.ageing_state, p.status, p.modified, p.temperature,
				lead(h.changed_on) over (partition by h.parent order by h.changed_on, h.idx) as until,
				row_number() over (partition by h.parent order by h.changed_on, h.idx) as nth
			from `tab{CLASSIFICATION_CHANGE}` h straight_join `tab{PROSPECT}` p on p.name = h.parent
			where h.parenttype = '{PROSPECT}' and h.classification = 'Ageing State'
		),
		intervals as (
			select case k.k when 0 then c.to_value when 1 then c.from_value else c.ageing_state end as state,
				if(k.k = 0, c.changed_on, c.creation) as since,
				case k.k when 0 then c.until when 1 then c.changed_on end as until,
				c.status, c.modified, c.temperature, if(k.k = 2, -1, 1) as n
			from changes c join (select 0 as k union all select 1 union all select 2) k on k.k = 0 or c.nth = 1
			union all
			select p.ageing_state, p.creation, null, p.status, p.modified, p.temperature, 1
			from `tab{PROSPECT}` p
		)
		select m.month, i.state, sum(i.n)
		from months m join intervals i on i.since < m.month_end
			and (i.until is null or i.until >= m.month_end)
			and (i.status = 'Active' or i.modified >= m.month_end) {temperature_condition}
		group by m.month, i.state""",
		values,
	)
	return {(getdate(month), state): int(n) for month, state, n in counts if n}


def moved(ends: list[tuple], temperature: str | None) -> dict[tuple, int]:
	"""{(month, state): ageing-state changes to that state during the month}."""
	if not ends:
		return {}
	values = {"from": datetime.combine(ends[0][0], time.min), "to": ends[-1][1], "states": (DORMANT, LOST)}
	join = ""
	if temperature:
		join = f"join `tab{PROSPECT}` p on p.name = h.parent and p.temperature = %(temperature)s"
		values["temperature"] = temperature
	counts = frappe.db.sql(
		f"""select date_format(h.changed_on, '%%Y-%%m-01') as month, h.to_value, count(*)
		from `tab{CLASSIFICATION_CHANGE}` h {join}
		where h.parenttype = '{PROSPECT}' and h.classification = 'Ageing State'
			and h.to_value in %(states)s and h.changed_on >= %(from)s and h.changed_on < %(to)s
		group by month, h.to_value""",
		values,
	)
	return {(getdate(month), state): n for month, state, n in counts}


def lost_this_month() -> int:
	"""Prospects that moved to "Perdu" since the first of this month (each counted once)."""
	return frappe.db.sql(
		f"""select count(distinct h.parent) from `tab{CLASSIFICATION_CHANGE}` h
		where h.parenttype = '{PROSPECT}' and h.classification = 'Ageing State' and h.to_value = %(lost)s
			and h.changed_on >= %(since)s""",
		{"lost": LOST, "since": getdate(today()).replace(day=1)},
	)[0][0]


@frappe.whitelist()
def lost_this_month_card(filters: str | dict | list | None = None) -> dict:
	"""Number card: prospects gone "Perdu" this month."""
	frappe.has_permission(PROSPECT, throw=True)
	return number_card(lost_this_month(), "NEST Prospect Ageing", view=BY_MONTH)
