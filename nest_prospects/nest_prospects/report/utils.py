"""What the managers' reports share, as ERPNext keeps its reports' in `report/utils.py`."""

from __future__ import annotations

from datetime import date

import frappe
from frappe.utils import add_days, add_months, getdate, today


def date_range(filters: frappe._dict, months: int = 5, days: int | None = None) -> tuple[date, date]:
	"""The filters' from_date and to_date, or what the report's .js proposes
	(nest_prospects.report_filters.date_range): from `months` whole months before to_date's month,
	or `days` days before to_date, to today."""
	to_date = getdate(filters.get("to_date") or today())
	default_from = (
		add_days(to_date, -days) if days is not None else add_months(to_date.replace(day=1), -months)
	)
	return getdate(filters.get("from_date") or default_from), to_date


def column(fieldname: str, label: str, fieldtype: str, width: int | None = None, **extra) -> dict:
	"""One column of a Script Report, in Frappe's form ({"fieldname", "label", "fieldtype",
	"width", "options"…}); `label` is translated by the caller, where the extractor sees it."""
	spec = {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, **extra}
	if width:
		spec["width"] = width
	return spec


def figure(value, label: str, datatype: str = "Int", indicator: str = "Blue") -> dict:
	"""One figure of a report's summary above its table (`label` translated by the caller)."""
	return {"value": value, "label": label, "datatype": datatype, "indicator": indicator}


def stacked_bars(labels: list, datasets: list[dict]) -> dict:
	"""A chart of counts, a bar per label, the datasets ({"name", "values"}) stacked."""
	return {
		"data": {"labels": labels, "datasets": datasets},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"fieldtype": "Int",
	}


def number_card(value, report: str, fieldtype: str = "Int", **route_options) -> dict:
	"""A custom Number Card's answer: its figure, and the report a click opens (with these filters)."""
	card = {"value": value, "fieldtype": fieldtype, "route": ["query-report", report]}
	if route_options:
		card["route_options"] = route_options
	return card
