# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt
"""Calibrage de la probabilité: may the manager trust the likelihood the form shows?

Per month of review and per band of predicted likelihood (0–20 %, 20–40 %…): the reviewed
prospects, their mean predicted likelihood, how many converted and the share converted. A
well-calibrated model has, in each band, an observed share close to the predicted mean. The last
rows are the bands over the whole period, also drawn in the chart.

Each reviewed prospect's likelihood is the one the current frequency tables give her with her own
review left out (leave-one-out: she is judged by the other reviews only), so the report has
numbers from the first day the floor is reached; it is not a replay of what the form showed on
a given day. Memory holds one page of 900 prospects and the month × band cells.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, add_months, getdate, today

from nest_prospects.conversion_review.rules.outcomes import CONVERTED
from nest_prospects.likelihood.queries import frequency_tables, pages_of_features
from nest_prospects.likelihood.rules import (
	CALIBRATION_BANDS,
	CalibrationCell,
	band_label,
	calibrate,
	predict,
	usable,
)
from nest_prospects.nest_prospects.doctype.nest_likelihood_model.nest_likelihood_model import floor
from nest_prospects.nest_prospects.report.utils import column, date_range, figure


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	from_date, to_date = date_range(filters)
	tables = frequency_tables()
	minimum = floor()
	if not usable(tables, minimum):
		message = _(
			"{0} reviewed prospects, {1} converted: the likelihood is shown from {2} reviewed prospects, some converted and some not."
		).format(tables.reviewed, tables.converted, minimum)
		return columns(), [], message, None, None

	def predictions():
		for page in pages_of_features(
			"r.reviewed_on >= %(from)s and r.reviewed_on < %(to)s",
			{"from": from_date, "to": add_days(to_date, 1)},
			extra_columns=", r.reviewed_on, r.outcome",
			join="join `tabNEST Conversion Review` r on r.prospect = p.name",
		):
			for row in page:
				converted = row.outcome == CONVERTED
				prediction = predict(tables, row.features, leave_out=converted)
				if prediction is not None:
					yield row.reviewed_on.strftime("%Y-%m"), prediction.percent, converted

	cells = calibrate(predictions())
	totals = {band: CalibrationCell() for band in CALIBRATION_BANDS}
	data = []
	for (month, band), cell in sorted(cells.items()):
		totals[band].merge(cell)
		data.append(_row(month, band, cell))
	if not data:
		return columns(), [], None, None, None
	for band, cell in totals.items():
		if cell.reviewed:
			data.append({**_row(_("Whole Period"), band, cell), "is_total": 1})
	return columns(), data, None, chart(totals), summary(totals)


def _row(month: str, band: tuple[int, int], cell: CalibrationCell) -> dict:
	return {
		"month": month,
		"band": band_label(band),
		"reviewed": cell.reviewed,
		"predicted": cell.predicted,
		"converted": cell.converted,
		"observed": cell.observed,
		"gap": cell.gap,
	}


def columns() -> list[dict]:
	return [
		column("month", _("Month of Review"), "Data", 130),
		column("band", _("Predicted Likelihood"), "Data", 140),
		column("reviewed", _("Reviewed Prospects"), "Int", 130),
		column("predicted", _("Mean Predicted"), "Percent", 130),
		column("converted", _("Converted"), "Int", 100),
		column("observed", _("Observed Share Converted"), "Percent", 170),
		column("gap", _("Gap (points)"), "Float", 110, precision=1),
	]


def chart(totals: dict) -> dict:
	bands = [band for band, cell in totals.items() if cell.reviewed]
	return {
		"data": {
			"labels": [band_label(band) for band in bands],
			"datasets": [
				{"name": _("Mean Predicted"), "values": [totals[band].predicted for band in bands]},
				{"name": _("Observed Share Converted"), "values": [totals[band].observed for band in bands]},
			],
		},
		"type": "bar",
		"colors": ["#7c8db5", "#2f9e44"],
		"barOptions": {"spaceRatio": 0.4},
	}


def summary(totals: dict) -> list[dict]:
	reviewed = sum(cell.reviewed for cell in totals.values())
	expected = sum(cell.predicted_sum for cell in totals.values()) / 100
	converted = sum(cell.converted for cell in totals.values())
	return [
		{"value": reviewed, "label": _("Reviewed Prospects"), "datatype": "Int"},
		{"value": round(expected), "label": _("Conversions Expected"), "datatype": "Int"},
		figure(
			converted,
			_("Conversions Observed"),
			"Int",
			"Green" if abs(converted - expected) <= max(1.0, 0.1 * expected) else "Orange",
		),
	]
