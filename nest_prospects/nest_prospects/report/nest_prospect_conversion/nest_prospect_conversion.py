# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt
"""Conversion des prospects: what became of the prospects, from their conversion reviews.

Two views. "Summary": per group (month of creation, source, temperature or request type),
the number of reviewed prospects and, for each outcome, its count and its rate in the group,
with a stacked chart; the last row is the total, each prospect counted once. By request type
a prospect appears under each code she asked about, so the groups can add up to more than
the total. "Prospects": one row per review, the secretaries' spreadsheet with its
Commentaires column.

At 100,000 prospects: the summary is counted by the database (GROUP BY the grouping's column
and the outcome, then conversion_review.rules.summary adds up the counted lines), and the Prospects
view shows one page of PAGE_LENGTH reviews at a time (filter "Page"), with a message saying
which and how many.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate

from nest_prospects.constants import REVIEW
from nest_prospects.conversion_review.review import translate_detail
from nest_prospects.conversion_review.rules.outcomes import CONVERTED, OUTCOMES
from nest_prospects.conversion_review.rules.summary import (
	GROUPINGS,
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
from nest_prospects.nest_prospects.report.utils import column, figure, stacked_bars
from nest_prospects.people.rules.matching import NAMES_AND_BIRTH_DATE, PHONE

SUMMARY = "Summary"
PROSPECTS = "Prospects"
# Reviews per page of the Prospects view: the browser renders it at once, the export too.
PAGE_LENGTH = 500


def grouping_label(grouping: str) -> str:
	"""The group column's label, in the reader's language."""
	return {
		MONTH: _("Month of Creation"),
		SOURCE: _("Source"),
		TEMPERATURE: _("Temperature"),
		REQUEST_TYPE: _("Request Type"),
	}[grouping]


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if filters.get("view") == PROSPECTS:
		return prospects_view(filters)
	group_by = filters.get("group_by") or MONTH
	if group_by not in GROUPINGS:
		frappe.throw(_("Unknown grouping {0}.").format(frappe.bold(group_by)))
	groups, total = summarise(summary_lines(filters, group_by), group_by)
	rows = [{**group.as_row(), "group": display_label(group.group, group_by)} for group in groups]
	if rows:
		rows.append({**total.as_row(), "group": _("Total"), "is_total": 1})
	return summary_columns(group_by), rows, None, chart(groups, group_by), report_summary(total)


def _conditions(filters: frappe._dict) -> tuple[str, dict]:
	"""The WHERE clause (on the reviews, alias r) and its values for the report's filters."""
	conditions, values = ["1 = 1"], {}
	if filters.get("from_date"):
		conditions.append("r.prospect_created_on >= %(from_date)s")
		values["from_date"] = getdate(filters.from_date)
	if filters.get("to_date"):
		conditions.append("r.prospect_created_on < %(to_date)s")
		values["to_date"] = add_days(getdate(filters.to_date), 1)
	for field in ("outcome", "source", "temperature"):
		if filters.get(field):
			conditions.append(f"r.{field} = %({field})s")
			values[field] = filters.get(field)
	return " and ".join(conditions), values


# The column each grouping counts by, as SQL on the reviews.
GROUP_COLUMNS = {
	MONTH: "date_format(r.prospect_created_on, '%%Y-%%m-01')",
	SOURCE: "r.source",
	TEMPERATURE: "r.temperature",
	REQUEST_TYPE: "r.request_types",
}


def summary_lines(filters: frappe._dict, group_by: str) -> list[ReviewLine]:
	"""One line per value of the grouping's column and outcome, with its count, from one GROUP BY.

	By request type the value is the review's list of codes ("DEVIS, TARIFS"): there are few
	distinct lists, and summarise counts each line under each of its codes.
	"""
	where, values = _conditions(filters)
	lines = []
	for value, outcome, count in frappe.db.sql(
		f"""select {GROUP_COLUMNS[group_by]} as value, r.outcome, count(*)
		from `tab{REVIEW}` r where {where} group by value, r.outcome""",
		values,
	):
		lines.append(
			ReviewLine(
				outcome,
				created_on=getdate(value) if group_by == MONTH and value else None,
				source=value if group_by == SOURCE else None,
				temperature=value if group_by == TEMPERATURE else None,
				request_types=value if group_by == REQUEST_TYPE else None,
				count=count,
			)
		)
	return lines


def prospects_view(filters: frappe._dict):
	"""One page of reviews, oldest prospects first, and a message saying which ones of how many."""
	where, values = _conditions(filters)
	count = frappe.db.sql(f"select count(*) from `tab{REVIEW}` r where {where}", values)[0][0]
	pages = max((count + PAGE_LENGTH - 1) // PAGE_LENGTH, 1)
	page = min(max(cint(filters.get("page")) or 1, 1), pages)
	reviews = fetch_reviews(filters, limit=PAGE_LENGTH, offset=(page - 1) * PAGE_LENGTH)
	message = None
	if count > PAGE_LENGTH:
		first = (page - 1) * PAGE_LENGTH + 1
		message = _(
			"Reviews {0} to {1} of {2} (page {3} of {4}). Change the page, or narrow the dates or filters, to see the others."
		).format(first, first + len(reviews) - 1, count, page, pages)
	return prospect_columns(), prospect_rows(reviews), message


def fetch_reviews(filters: frappe._dict, limit: int | None = None, offset: int = 0) -> list[dict]:
	"""The reviews the filters select, oldest prospects first, with their prospect's phone and status."""
	where, values = _conditions(filters)
	paging = f"limit {int(limit)} offset {int(offset)}" if limit else ""
	return frappe.db.sql(
		f"""select p.phone, p.status as prospect_status, r.name, r.prospect, r.prospect_name,
			r.prospect_created_on, r.source, r.temperature, r.request_types, r.outcome,
			r.evidence_doctype, r.evidence_name, r.matched_on, r.detail, r.comments, r.reviewed_on
		from `tab{REVIEW}` r left join `tabNEST Prospect` p on p.name = r.prospect
		where {where} order by r.prospect_created_on, r.name {paging}""",
		values,
		as_dict=True,
	)


def display_label(group: str, grouping: str) -> str:
	if group == NONE:
		return _("(none)")
	return _(group) if grouping == TEMPERATURE else group


def summary_columns(group_by: str) -> list[dict]:
	columns = [
		column("group", grouping_label(group_by), "Data", 160),
		column("total", _("Reviewed Prospects"), "Int", 110),
	]
	for outcome in OUTCOMES:
		columns.append(column(outcome_key(outcome), _(outcome), "Int", 100))
		columns.append(
			column(outcome_key(outcome) + "_rate", _("{0} (%)").format(_(outcome)), "Percent", 100)
		)
	return columns


def chart(groups: list[GroupRow], grouping: str) -> dict | None:
	if not groups:
		return None
	return stacked_bars(
		[display_label(group.group, grouping) for group in groups],
		[{"name": _(outcome), "values": [group.count(outcome) for group in groups]} for outcome in OUTCOMES],
	)


def report_summary(total: GroupRow) -> list[dict]:
	return [
		figure(total.total, _("Reviewed Prospects")),
		figure(total.count(CONVERTED), _(CONVERTED), "Int", "Green"),
		figure(total.conversion_rate, _("Conversion Rate"), "Percent", "Green"),
	]


def prospect_columns() -> list[dict]:
	return [
		column("prospect", _("Prospect"), "Link", 120, options="NEST Prospect"),
		column("prospect_name", _("Name"), "Data", 160),
		column("prospect_created_on", _("Prospect Created On"), "Date", 110),
		column("source", _("Source"), "Data", 110),
		column("temperature", _("Temperature"), "Data", 90),
		column("request_types", _("Requests"), "Data", 160),
		column("outcome", _("Outcome"), "Data", 150),
		column("evidence_doctype", _("Evidence Type"), "Data", hidden=1),
		column("evidence_name", _("Evidence"), "Dynamic Link", 120, options="evidence_doctype"),
		column("matched_on", _("Matched On"), "Data", 110),
		column("detail", _("Detail"), "Data", 260),
		column("prospect_status", _("Prospect Status"), "Data", 110),
		column("comments", _("Comments"), "Data", 220),
		column("review", _("Review"), "Link", 120, options=REVIEW),
	]


def matched_on_label(matched_on: str | None) -> str | None:
	"""The key that matched (stored as people.rules.matching.PHONE or NAMES_AND_BIRTH_DATE), for the reader."""
	if not matched_on:
		return None
	return {PHONE: _("Phone"), NAMES_AND_BIRTH_DATE: _("Names and date of birth")}.get(
		matched_on, _(matched_on)
	)


def prospect_rows(reviews: list[dict]) -> list[dict]:
	"""The reviews as the Prospects view shows them: stored (English) values translated."""
	return [
		{
			**review,
			"review": review.name,
			"temperature": _(review.temperature) if review.temperature else None,
			"prospect_status": _(review.prospect_status) if review.prospect_status else None,
			"outcome": _(review.outcome),
			"matched_on": matched_on_label(review.matched_on),
			"detail": translate_detail(review.detail),
		}
		for review in reviews
	]
