# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt
"""Pipeline pondéré (seed 003): the open prospects' stages by month, and the won/lost factors.

- View "Pipeline": the prospects still in the follow-up (Active, neither won nor lost) that have
  a stage, per month (their expected conversion month, or the month of their first contact:
  filter "month_of") and stage: how many, the sum of their stages' probabilities
  (the stage list's current probability) and the weighted count (that sum / 100: the patients to
  expect); each month's total; a chart of the weighted count per month, stacked by stage. By
  expected month, the summary also counts those in the pipeline that have none.
- View "Factors": the prospects marked won or lost in the period (by the day they were marked),
  per factor: how many, and their share of the won (or lost) prospects (a prospect may give
  several factors).

Both are one GROUP BY each; the arithmetic is pipeline.rules.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, add_months, getdate, today

from nest_prospects.constants import PIPELINE_STAGE, PROSPECT
from nest_prospects.followup.rules.reports import share
from nest_prospects.nest_prospects.report.utils import column, date_range
from nest_prospects.pipeline.rules import ACTIVE, LOST, WON, StageCount, pipeline_rows, weighted

FACTOR = "NEST Prospect Outcome Factor"
PIPELINE = "Pipeline"
FACTORS = "Factors"
EXPECTED = "Expected"
FIRST_CONTACT = "First Contact"
# The month a prospect counts in: its column (never taken from the request).
MONTH_OF = {EXPECTED: "p.expected_on", FIRST_CONTACT: "p.first_contact_on"}


def dates(filters: frappe._dict) -> tuple:
	"""The period: report.utils.date_range's, but for to_date, which by default runs six months
	ahead: the expected conversions are ahead."""
	from_date, to_date = date_range(filters)
	if not filters.get("to_date"):
		to_date = add_days(add_months(getdate(today()).replace(day=1), 7), -1)
	return from_date, to_date


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if filters.get("view") == FACTORS:
		return factors_view(filters)
	return pipeline_view(filters)


def pipeline_view(filters: frappe._dict):
	from_date, to_date = dates(filters)
	month_of = filters.get("month_of") if filters.get("month_of") in MONTH_OF else EXPECTED
	month_column = MONTH_OF[month_of]
	month_label = _("Expected Conversion Month") if month_of == EXPECTED else _("Month of First Contact")
	in_pipeline = "p.status = %(active)s and coalesce(p.outcome, '') = ''"
	values = {"from": from_date, "to": add_days(to_date, 1), "active": ACTIVE}
	counts = [
		StageCount(month, stage, float(probability or 0), int(prospects), float(probability_sum or 0))
		for month, stage, probability, prospects, probability_sum in frappe.db.sql(
			f"""select date_format({month_column}, '%%Y-%%m') as month, s.name, s.probability,
				count(*), sum(s.probability)
			from `tab{PROSPECT}` p join `tab{PIPELINE_STAGE}` s on s.name = p.pipeline_stage
			where {month_column} >= %(from)s and {month_column} < %(to)s and {in_pipeline}
			group by month, s.name, s.probability""",
			values,
		)
	]
	stages = frappe.get_all(
		PIPELINE_STAGE, fields=["name"], order_by="stage_order asc, name asc", pluck="name"
	)
	rows = pipeline_rows(counts, stages)
	for row in rows:
		if row.get("is_total"):
			row["stage"] = _("Total")
	columns = [
		column("month", month_label, "Data", 170),
		column("stage", _("Stage"), "Link", 160, options=PIPELINE_STAGE),
		column("probability", _("Probability"), "Percent", 110),
		column("prospects", _("Prospects"), "Int", 100),
		column("probability_sum", _("Sum of Probabilities (%)"), "Float", 170),
		column("weighted", _("Weighted Prospects"), "Float", 160),
	]
	totals = [row for row in rows if row.get("is_total")]
	summary = [
		{
			"value": sum(r["prospects"] for r in totals),
			"label": _("Prospects in the Pipeline"),
			"datatype": "Int",
		},
		{
			"value": weighted(sum(r["probability_sum"] for r in totals)),
			"label": _("Weighted Prospects"),
			"datatype": "Float",
			"indicator": "Blue",
		},
	]
	if month_of == EXPECTED:
		without = frappe.db.sql(
			f"""select count(*) from `tab{PROSPECT}` p
			where p.pipeline_stage is not null and p.pipeline_stage != '' and p.expected_on is null
				and {in_pipeline}""",
			values,
		)[0][0]
		summary.append(
			{"value": without, "label": _("In the Pipeline without an Expected Month"), "datatype": "Int"}
		)
	if not rows:
		return columns, [], None, None, summary
	months = sorted({c.month for c in counts})
	in_order = [s for s in stages if any(c.stage == s for c in counts)]
	in_order += sorted({c.stage for c in counts} - set(in_order))
	chart = {
		"data": {
			"labels": months,
			"datasets": [
				{
					"name": stage,
					"values": [
						sum(weighted(c.probability_sum) for c in counts if c.month == m and c.stage == stage)
						for m in months
					],
				}
				for stage in in_order
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}
	return columns, rows, None, chart, summary


def factors_view(filters: frappe._dict):
	from_date, to_date = date_range(filters)
	values = {"from": from_date, "to": add_days(to_date, 1), "won": WON, "lost": LOST}
	marked = dict(
		frappe.db.sql(
			f"""select p.outcome, count(*) from `tab{PROSPECT}` p
			where p.outcome in (%(won)s, %(lost)s) and p.outcome_on >= %(from)s and p.outcome_on < %(to)s
			group by p.outcome""",
			values,
		)
	)
	counted = frappe.db.sql(
		f"""select p.outcome, f.reason, count(distinct p.name) as prospects
		from `tab{PROSPECT}` p
		join `tab{FACTOR}` f on f.parent = p.name and f.parenttype = '{PROSPECT}'
			and f.parentfield = if(p.outcome = %(won)s, 'win_factors', 'loss_factors')
		where p.outcome in (%(won)s, %(lost)s) and p.outcome_on >= %(from)s and p.outcome_on < %(to)s
		group by p.outcome, f.reason
		order by p.outcome = %(lost)s, prospects desc, f.reason""",
		values,
	)
	columns = [
		column("outcome", _("Outcome"), "Data", 110),
		column("factor", _("Factor"), "Link", 220, options="NEST Outcome Reason"),
		column("prospects", _("Prospects"), "Int", 100),
		column("share", _("Share of the Outcome (%)"), "Percent", 170),
	]
	rows = [
		{
			"outcome": _(outcome),
			"factor": reason,
			"prospects": prospects,
			"share": share(prospects, marked.get(outcome, 0)),
		}
		for outcome, reason, prospects in counted
	]
	summary = [
		{"value": marked.get(WON, 0), "label": _("Won"), "datatype": "Int", "indicator": "Green"},
		{"value": marked.get(LOST, 0), "label": _("Lost"), "datatype": "Int", "indicator": "Red"},
	]
	if not rows:
		return columns, [], None, None, summary
	reasons = list(dict.fromkeys(reason for _outcome, reason, _n in counted))
	by_key = {(outcome, reason): n for outcome, reason, n in counted}
	chart = {
		"data": {
			"labels": reasons,
			"datasets": [
				{"name": _(outcome), "values": [by_key.get((outcome, r), 0) for r in reasons]}
				for outcome in (WON, LOST)
			],
		},
		"type": "bar",
	}
	return columns, rows, None, chart, summary
