# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt
"""Activité: who logs what, through which channel, about what, per day, week or month.

One row per user (who logged the interaction), channel or request type; one column per period
and a total. By request type an interaction counts under each of its codes (and under "(none)"
without one), so the rows can add up to more than the interactions; the total row counts each
interaction once.

At 1,000,000 interactions: one GROUP BY over the interactions of the dates, from an index that
holds every column it reads (the interaction's `request_summary` for the request types, the
codes the form lists; a list longer than its 140 characters is cut). It reads every interaction
of the range: by default the last four weeks, which stays under 2 s; six months of a million
interactions take seconds. Of a range of more than MAX_PERIODS periods, the last MAX_PERIODS are
shown, with a message.
"""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from nest_prospects.constants import INTERACTION
from nest_prospects.conversion_review.rules.summary import request_codes
from nest_prospects.followup.rules.reports import DAY, MONTH, PERIODS, WEEK, period_start, period_starts
from nest_prospects.nest_prospects.report.utils import column, date_range, figure, stacked_bars

USER = "User"
CHANNEL = "Channel"
REQUEST_TYPE = "Request Type"
GROUPINGS = (USER, CHANNEL, REQUEST_TYPE)
MAX_PERIODS = 62
# The SQL that puts an interaction in its period; rules.reports.period_start says the same.
BUCKETS = {
	DAY: "date(i.interaction_on)",
	WEEK: "date_sub(date(i.interaction_on), interval weekday(i.interaction_on) day)",
	MONTH: "date_format(i.interaction_on, '%%Y-%%m-01')",
}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	period = filters.get("period") if filters.get("period") in PERIODS else WEEK
	group_by = filters.get("group_by") if filters.get("group_by") in GROUPINGS else USER
	from_date, to_date = date_range(filters, days=27)
	starts = period_starts(from_date, to_date, period)
	message = None
	if len(starts) > MAX_PERIODS:
		message = _(
			"Only the last {0} periods are shown: choose a longer period or shorter dates to see the others."
		).format(MAX_PERIODS)
		starts = starts[-MAX_PERIODS:]
		from_date = max(from_date, starts[0])
	counts, totals = count(filters, from_date, to_date, period, group_by)
	keys = {start: key(start) for start in starts}
	rows = []
	for group in sorted(counts, key=lambda g: (-sum(counts[g].values()), g)):
		row = {"group": label(group, group_by), "total": sum(counts[group].values())}
		row.update({keys[start]: counts[group].get(start, 0) for start in starts})
		rows.append(row)
	if rows:
		total = {"group": _("Total"), "total": sum(totals.values()), "is_total": 1}
		total.update({keys[start]: totals.get(start, 0) for start in starts})
		rows.append(total)
	return (
		columns(group_by, starts, period),
		rows,
		message,
		chart(rows[:-1], starts, period) if rows else None,
		[figure(sum(totals.values()), _("Interactions"))],
	)


def count(filters, from_date, to_date, period, group_by):
	"""{group: {period start: interactions}}, and {period start: interactions} for the total row.

	One GROUP BY, read from the index on (interaction_on, party_type, logged_by, channel,
	request_summary). By request type the value is the interaction's list of codes ("DEVIS,
	TARIFS"): there are few distinct lists, and each counts under each of its codes.
	"""
	conditions = ["i.interaction_on >= %(from)s", "i.interaction_on < %(to)s"]
	values = {"from": from_date, "to": add_days(to_date, 1)}
	if filters.get("party_type"):
		conditions.append("i.party_type = %(party_type)s")
		values["party_type"] = filters.party_type
	column = {USER: "i.logged_by", CHANNEL: "i.channel", REQUEST_TYPE: "i.request_summary"}[group_by]
	counts: dict[str, dict] = defaultdict(lambda: defaultdict(int))
	totals: dict = defaultdict(int)
	for start, value, n in frappe.db.sql(
		f"""select {BUCKETS[period]} as bucket, {column}, count(*) from `tab{INTERACTION}` i
		where {" and ".join(conditions)} group by bucket, {column}""",
		values,
	):
		start = period_start(getdate(start), period)
		totals[start] += n
		groups = (request_codes(value) or [""]) if group_by == REQUEST_TYPE else [value or ""]
		for group in groups:
			counts[group][start] += n
	return counts, totals


def key(start) -> str:
	return "p_" + start.strftime("%Y%m%d")


def period_label(start, period: str) -> str:
	if period == MONTH:
		return start.strftime("%m/%Y")
	return start.strftime("%d/%m/%Y")


def label(group: str, group_by: str) -> str:
	if not group:
		return _("(none)")
	if group_by == CHANNEL:
		return _(group)
	return group


def columns(group_by: str, starts: list, period: str) -> list[dict]:
	first = {
		USER: column("group", _("User"), "Data", 190),
		CHANNEL: column("group", _("Channel"), "Data", 150),
		REQUEST_TYPE: column("group", _("Request Type"), "Data", 170),
	}[group_by]
	return [first, column("total", _("Total"), "Int", 80)] + [
		column(key(start), period_label(start, period), "Int", 90) for start in starts
	]


def chart(rows: list[dict], starts: list, period: str) -> dict:
	"""The busiest groups per period, stacked (the others together)."""
	shown, others = rows[:8], rows[8:]
	datasets = [{"name": row["group"], "values": [row[key(s)] for s in starts]} for row in shown]
	if others:
		datasets.append({"name": _("Others"), "values": [sum(row[key(s)] for row in others) for s in starts]})
	return stacked_bars([period_label(s, period) for s in starts], datasets)
