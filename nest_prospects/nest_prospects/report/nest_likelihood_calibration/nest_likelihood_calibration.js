// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.query_reports["NEST Likelihood Calibration"] = {
	filters: [
		...nest_prospects.report_filters.date_range({
			from_label: __("Reviewed From"),
			to_label: __("Reviewed To"),
		}),
	],
	// the total row in bold (nest_prospects.bundle.js)
	formatter: nest_prospects.bold_total_row,
};
