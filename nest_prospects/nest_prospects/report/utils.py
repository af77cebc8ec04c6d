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
