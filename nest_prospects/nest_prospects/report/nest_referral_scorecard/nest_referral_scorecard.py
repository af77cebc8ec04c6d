# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt
"""Tableau de suivi des transmissions (seed 004): per specialist and month of routing, the
requests routed to her, answered on time (within the 7 days), late, never (open past their due
day) and still pending, with the bonus and the malus they earn.

One read of the period's referrals (a clinic routes dozens a month); the arithmetic is
routing.rules.scorecard, so the report and the rules cannot disagree.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, add_months, getdate, today

from nest_prospects.routing.referrals import REFERRAL
from nest_prospects.routing.rules import Score, scorecard, total

COUNTS = ("routed", "on_time", "late", "never", "pending", "bonus", "malus", "balance")


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	to_date = getdate(filters.get("to_date") or today())
	from_date = getdate(filters.get("from_date") or add_months(to_date.replace(day=1), -5))
	referral = frappe.qb.DocType(REFERRAL)
	query = (
		frappe.qb.from_(referral)
		.select(
			referral.specialist, referral.routed_on, referral.status, referral.due_on, referral.feedback_on
		)
		.where((referral.routed_on >= from_date) & (referral.routed_on < add_days(to_date, 1)))
	)
	if filters.get("specialist"):
		query = query.where(referral.specialist == filters.specialist)
	scores = scorecard(
		(
			(row.specialist, row.routed_on.strftime("%Y-%m"), row.status, row.due_on, _day(row.feedback_on))
			for row in query.run(as_dict=True)
		),
		today=getdate(today()),
	)
	names = dict(
		frappe.get_all(
			"User",
			filters={"name": ("in", sorted({s for s, _m in scores}) or [""])},
			fields=["name", "full_name"],
			as_list=True,
		)
	)
	rows = [
		{"month": month, "specialist": specialist, "specialist_name": names.get(specialist), **_counts(score)}
		for (specialist, month), score in sorted(scores.items(), key=lambda item: (item[0][1], item[0][0]))
	]
	overall = total(scores.values())
	if rows:
		rows.append({"month": _("Total"), "is_total": 1, **_counts(overall)})
	return columns(), rows, None, chart(scores, names), summary(overall)


def _day(value):
	return getdate(value) if value else None


def _counts(score: Score) -> dict:
	return {**{field: getattr(score, field) for field in COUNTS}, "on_time_rate": score.on_time_rate}


def columns() -> list[dict]:
	return [
		{"fieldname": "month", "label": _("Month Routed"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "specialist",
			"label": _("Specialist"),
			"fieldtype": "Link",
			"options": "User",
			"width": 180,
		},
		{"fieldname": "specialist_name", "label": _("Specialist Name"), "fieldtype": "Data", "width": 160},
		{"fieldname": "routed", "label": _("Requests Routed"), "fieldtype": "Int", "width": 130},
		{"fieldname": "on_time", "label": _("Answered on Time"), "fieldtype": "Int", "width": 140},
		{"fieldname": "late", "label": _("Answered Late"), "fieldtype": "Int", "width": 120},
		{"fieldname": "never", "label": _("Never Answered"), "fieldtype": "Int", "width": 130},
		{"fieldname": "pending", "label": _("Not Due Yet"), "fieldtype": "Int", "width": 110},
		{"fieldname": "bonus", "label": _("Bonus"), "fieldtype": "Int", "width": 90},
		{"fieldname": "malus", "label": _("Malus"), "fieldtype": "Int", "width": 90},
		{"fieldname": "balance", "label": _("Balance"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "on_time_rate",
			"label": _("Answered on Time (%)"),
			"fieldtype": "Percent",
			"width": 150,
		},
	]


def chart(scores: dict, names: dict) -> dict | None:
	"""Bonus and malus per specialist over the period."""
	if not scores:
		return None
	specialists = sorted({specialist for specialist, _month in scores})
	bonus = {s: 0 for s in specialists}
	malus = {s: 0 for s in specialists}
	for (specialist, _month), score in scores.items():
		bonus[specialist] += score.bonus
		malus[specialist] += score.malus
	return {
		"data": {
			"labels": [names.get(s) or s for s in specialists],
			"datasets": [
				{"name": _("Bonus"), "values": [bonus[s] for s in specialists]},
				{"name": _("Malus"), "values": [malus[s] for s in specialists]},
			],
		},
		"type": "bar",
		"colors": ["#28a745", "#e24c4c"],
	}


def summary(total: Score) -> list[dict]:
	return [
		{"value": total.routed, "label": _("Requests Routed"), "datatype": "Int"},
		{"value": total.on_time, "label": _("Answered on Time"), "datatype": "Int", "indicator": "Green"},
		{"value": total.late, "label": _("Answered Late"), "datatype": "Int", "indicator": "Orange"},
		{"value": total.never, "label": _("Never Answered"), "datatype": "Int", "indicator": "Red"},
	]
