# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt
"""Sources des prospects: which channel brings patients?

Per source (the prospect's origin) and, if asked, per month or week of first contact: the
prospects, how many were reviewed (the conversion review, four weeks after), how many became
patients (status Converted: by the review or by a patient pushed since), the conversion rate
(converted / prospects) and the median number of days from the first contact to the patient's
creation in the patient system. The last row is the total.

At 100,000 prospects: one GROUP BY over the prospects of the dates (the review joined on its
primary key, which is the prospect's name), and one query for the converted prospects' delays,
whose median is taken here.
"""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import add_days, add_months, getdate, today

from nest_prospects.constants import CONVERTED, PROSPECT
from nest_prospects.conversion_review.jobs import month_summary
from nest_prospects.followup.rules.reports import MONTH, WEEK, median, period_start, share
from nest_prospects.nest_prospects.report.utils import column, date_range, figure, number_card, stacked_bars

# The SQL that puts a first contact in its period; rules.reports.period_start says the same.
BUCKETS = {
	MONTH: "date_format(p.first_contact_on, '%%Y-%%m-01')",
	WEEK: "date_sub(date(p.first_contact_on), interval weekday(p.first_contact_on) day)",
	"": "null",
}


def _where(filters: frappe._dict) -> tuple[str, dict]:
	from_date, to_date = date_range(filters)
	conditions = ["p.first_contact_on >= %(from)s", "p.first_contact_on < %(to)s"]
	values = {"from": from_date, "to": add_days(to_date, 1)}
	for field in ("source", "temperature", "spoken_language", "person_role"):
		if filters.get(field):
			conditions.append(f"p.{field} = %({field})s")
			values[field] = filters.get(field)
	return " and ".join(conditions), values


# What the rows are per (seed 002 adds the person's language and role): the prospect's field.
GROUP_FIELDS = {"": "source", "Language": "spoken_language", "Role": "person_role"}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	period = filters.get("period") if filters.get("period") in (MONTH, WEEK) else ""
	group_by = filters.get("group_by") if filters.get("group_by") in GROUP_FIELDS else ""
	where, values = _where(filters)
	field = GROUP_FIELDS[group_by]
	groups: dict[tuple, dict] = defaultdict(
		lambda: {"prospects": 0, "reviewed": 0, "converted": 0, "days": []}
	)
	for bucket, source, prospects, reviewed, converted in frappe.db.sql(
		f"""select {BUCKETS[period]} as bucket, p.{field}, count(*), count(r.name),
			sum(p.status = '{CONVERTED}')
		from `tab{PROSPECT}` p left join `tabNEST Conversion Review` r on r.name = p.name
		where {where} group by bucket, p.{field}""",
		values,
	):
		group = groups[(_bucket(bucket, period), source or "")]
		group["prospects"] += prospects
		group["reviewed"] += reviewed
		group["converted"] += int(converted or 0)
	for bucket, source, days in frappe.db.sql(
		f"""select {BUCKETS[period]} as bucket, p.{field},
			greatest(datediff(pa.created_in_patient_system_on, p.first_contact_on), 0)
		from `tab{PROSPECT}` p join `tabNEST Patient` pa on pa.name = p.patient
		where {where} and p.status = '{CONVERTED}'""",
		values,
	):
		groups[(_bucket(bucket, period), source or "")]["days"].append(days)
	if not groups:
		return columns(period, group_by), [], None, None, None
	if group_by == "Role":  # a stored value, shown translated
		groups = {(bucket, _(value) if value else ""): group for (bucket, value), group in groups.items()}
	rows = [row(key, group) for key, group in sorted(groups.items(), key=_order)]
	total = {"prospects": 0, "reviewed": 0, "converted": 0, "days": []}
	for group in groups.values():
		for key in ("prospects", "reviewed", "converted", "days"):
			total[key] += group[key]
	total_row = {**row((None, ""), total), "source": _("Total"), "is_total": 1}
	rows.append(total_row)
	return columns(period, group_by), rows, None, chart(groups, period), summary(total_row)


GROUP_LABELS = {"": lambda: _("Source"), "Language": lambda: _("Language"), "Role": lambda: _("Role")}


def _bucket(value, period):
	return period_start(getdate(value), period) if period and value else None


def _order(item):
	(bucket, source), _group = item
	return (bucket or getdate("1900-01-01"), source)


def row(key: tuple, group: dict) -> dict:
	bucket, source = key
	days = median(group["days"])
	return {
		"period": bucket,
		"source": source or _("(none)"),
		"prospects": group["prospects"],
		"reviewed": group["reviewed"],
		"converted": group["converted"],
		"conversion_rate": share(group["converted"], group["prospects"]),
		"median_days": round(days, 1) if days is not None else None,
	}


def columns(period: str, group_by: str = "") -> list[dict]:
	columns = []
	if period:
		columns.append(
			column(
				"period",
				_("Month of First Contact") if period == MONTH else _("Week of First Contact"),
				"Date",
				120,
			)
		)
	return [
		*columns,
		column("source", GROUP_LABELS[group_by](), "Data", 170),
		column("prospects", _("Prospects"), "Int", 100),
		column("reviewed", _("Reviewed Prospects"), "Int", 110),
		column("converted", _("Converted"), "Int", 100),
		column("conversion_rate", _("Conversion Rate"), "Percent", 110),
		column("median_days", _("Median Days to Conversion"), "Float", 130, precision=1),
	]


def chart(groups: dict[tuple, dict], period: str) -> dict:
	sources = sorted({source for _bucket, source in groups})
	if not period:
		labels = [source or _("(none)") for source in sources]
		return {
			"data": {
				"labels": labels,
				"datasets": [
					{"name": _("Prospects"), "values": [groups[(None, s)]["prospects"] for s in sources]},
					{"name": _("Converted"), "values": [groups[(None, s)]["converted"] for s in sources]},
				],
			},
			"type": "bar",
			"fieldtype": "Int",
		}
	buckets = sorted({bucket for bucket, _source in groups})
	return stacked_bars(
		[b.strftime("%m/%Y") if period == MONTH else b.strftime("%d/%m") for b in buckets],
		[
			{
				"name": source or _("(none)"),
				"values": [groups[(b, source)]["prospects"] if (b, source) in groups else 0 for b in buckets],
			}
			for source in sources
		],
	)


def summary(total: dict) -> list[dict]:
	return [
		figure(total["prospects"], _("Prospects")),
		figure(total["converted"], _("Converted"), "Int", "Green"),
		figure(total["conversion_rate"], _("Conversion Rate"), "Percent", "Green"),
		figure(
			total["median_days"] if total["median_days"] is not None else "-",
			_("Median Days to Conversion"),
			"Float" if total["median_days"] is not None else "Data",
		),
	]


@frappe.whitelist()
def last_month_conversion_card(filters: str | dict | list | None = None) -> dict:
	"""Number card: the conversion rate of the reviews made last month (as the monthly summary mail)."""
	frappe.has_permission(PROSPECT, throw=True)
	first = add_months(getdate(today()).replace(day=1), -1)
	return number_card(
		month_summary(first, add_months(first, 1))["conversion_rate"], "NEST Prospect Conversion", "Percent"
	)
