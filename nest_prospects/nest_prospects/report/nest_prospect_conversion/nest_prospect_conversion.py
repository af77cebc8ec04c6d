# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt
"""Conversion des prospects: what became of the prospects, from their conversion reviews.

Two views. "Summary": per group (month of creation, source, temperature or request type),
the number of reviewed prospects and, for each outcome, its count and its rate in the group,
with a stacked chart; the last row is the total, each prospect counted once. By request type
a prospect appears under each code she asked about, so the groups can add up to more than
the total. "Prospects": one row per review, the secretaries' spreadsheet with its
Commentaires column.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from nest_prospects.rules.conversion import CONVERTED, OUTCOMES
from nest_prospects.rules.conversion_summary import (
	MONTH,
	NONE,
	REQUEST_TYPE,
	SOURCE,
	TEMPERATURE,
	GroupRow,
	ReviewLine,
	outcome_key,
	summarise,
)

REVIEW = "NEST Conversion Review"
SUMMARY = "Summary"
PROSPECTS = "Prospects"
# grouping -> its column label
GROUPINGS = {
	MONTH: "Month of Creation",
	SOURCE: "Source",
	TEMPERATURE: "Temperature",
	REQUEST_TYPE: "Request Type",
}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	reviews = fetch_reviews(filters)
	if filters.get("view") == PROSPECTS:
		return prospect_columns(), prospect_rows(reviews)
	group_by = filters.get("group_by") or MONTH
	if group_by not in GROUPINGS:
		frappe.throw(_("Unknown grouping {0}.").format(frappe.bold(group_by)))
	lines = [
		ReviewLine(r.outcome, r.prospect_created_on, r.source, r.temperature, r.request_types)
		for r in reviews
	]
	groups, total = summarise(lines, group_by)
	rows = [{**group.as_row(), "group": display_label(group.group, group_by)} for group in groups]
	if rows:
		rows.append({**total.as_row(), "group": _("Total"), "is_total": 1})
	return summary_columns(group_by), rows, None, chart(groups, group_by), report_summary(total)


def fetch_reviews(filters: frappe._dict) -> list[dict]:
	Review = frappe.qb.DocType(REVIEW)
	Prospect = frappe.qb.DocType("NEST Prospect")
	query = (
		frappe.qb.from_(Review)
		.left_join(Prospect)
		.on(Prospect.name == Review.prospect)
		.select(Prospect.phone, Prospect.status.as_("prospect_status"))
	).select(
		Review.name,
		Review.prospect,
		Review.prospect_name,
		Review.prospect_created_on,
		Review.source,
		Review.temperature,
		Review.request_types,
		Review.outcome,
		Review.evidence_doctype,
		Review.evidence_name,
		Review.matched_on,
		Review.detail,
		Review.comments,
		Review.reviewed_on,
	)
	if filters.get("from_date"):
		query = query.where(Review.prospect_created_on >= getdate(filters.from_date))
	if filters.get("to_date"):
		query = query.where(Review.prospect_created_on < add_days(getdate(filters.to_date), 1))
	for field in ("outcome", "source", "temperature"):
		if filters.get(field):
			query = query.where(Review[field] == filters.get(field))
	return query.orderby(Review.prospect_created_on).orderby(Review.name).run(as_dict=True)


def display_label(group: str, grouping: str) -> str:
	if group == NONE:
		return _("(none)")
	return _(group) if grouping == TEMPERATURE else group


def summary_columns(group_by: str) -> list[dict]:
	columns = [
		{"fieldname": "group", "label": _(GROUPINGS[group_by]), "fieldtype": "Data", "width": 160},
		{"fieldname": "total", "label": _("Reviewed Prospects"), "fieldtype": "Int", "width": 110},
	]
	for outcome in OUTCOMES:
		columns.append(
			{"fieldname": outcome_key(outcome), "label": _(outcome), "fieldtype": "Int", "width": 100}
		)
		columns.append(
			{
				"fieldname": outcome_key(outcome) + "_rate",
				"label": _("{0} (%)").format(_(outcome)),
				"fieldtype": "Percent",
				"width": 100,
			}
		)
	return columns


def chart(groups: list[GroupRow], grouping: str) -> dict | None:
	if not groups:
		return None
	return {
		"data": {
			"labels": [display_label(group.group, grouping) for group in groups],
			"datasets": [
				{"name": _(outcome), "values": [group.count(outcome) for group in groups]}
				for outcome in OUTCOMES
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"fieldtype": "Int",
	}


def report_summary(total: GroupRow) -> list[dict]:
	return [
		{"value": total.total, "label": _("Reviewed Prospects"), "datatype": "Int", "indicator": "Blue"},
		{"value": total.count(CONVERTED), "label": _(CONVERTED), "datatype": "Int", "indicator": "Green"},
		{
			"value": total.conversion_rate,
			"label": _("Conversion Rate"),
			"datatype": "Percent",
			"indicator": "Green",
		},
	]


def prospect_columns() -> list[dict]:
	return [
		{
			"fieldname": "prospect",
			"label": _("Prospect"),
			"fieldtype": "Link",
			"options": "NEST Prospect",
			"width": 120,
		},
		{"fieldname": "prospect_name", "label": _("Name"), "fieldtype": "Data", "width": 160},
		{
			"fieldname": "prospect_created_on",
			"label": _("Prospect Created On"),
			"fieldtype": "Date",
			"width": 110,
		},
		{"fieldname": "source", "label": _("Source"), "fieldtype": "Data", "width": 110},
		{"fieldname": "temperature", "label": _("Temperature"), "fieldtype": "Data", "width": 90},
		{"fieldname": "request_types", "label": _("Requests"), "fieldtype": "Data", "width": 160},
		{"fieldname": "outcome", "label": _("Outcome"), "fieldtype": "Data", "width": 150},
		{"fieldname": "evidence_doctype", "label": _("Evidence Type"), "fieldtype": "Data", "hidden": 1},
		{
			"fieldname": "evidence_name",
			"label": _("Evidence"),
			"fieldtype": "Dynamic Link",
			"options": "evidence_doctype",
			"width": 120,
		},
		{"fieldname": "matched_on", "label": _("Matched On"), "fieldtype": "Data", "width": 110},
		{"fieldname": "detail", "label": _("Detail"), "fieldtype": "Data", "width": 260},
		{"fieldname": "prospect_status", "label": _("Prospect Status"), "fieldtype": "Data", "width": 110},
		{"fieldname": "comments", "label": _("Commentaires"), "fieldtype": "Data", "width": 220},
		{"fieldname": "review", "label": _("Review"), "fieldtype": "Link", "options": REVIEW, "width": 120},
	]


MATCHED_ON_LABELS = {"phone": "Phone", "names_and_birth_date": "Names and date of birth"}


def prospect_rows(reviews: list[dict]) -> list[dict]:
	return [
		{
			**review,
			"review": review.name,
			"temperature": _(review.temperature) if review.temperature else None,
			"prospect_status": _(review.prospect_status) if review.prospect_status else None,
			"outcome": _(review.outcome),
			"matched_on": _(MATCHED_ON_LABELS[review.matched_on]) if review.matched_on else None,
		}
		for review in reviews
	]
