// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.query_reports["NEST Prospect Sources"] = {
	filters: [
		...nest_prospects.report_filters.date_range({
			from_label: __("First Contact From"),
			to_label: __("First Contact To"),
		}),
		{
			fieldname: "period",
			label: __("Period"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("Whole Period") },
				{ value: "Month", label: __("Month") },
				{ value: "Week", label: __("Week") },
			],
			default: "",
		},
		nest_prospects.report_filters.source(),
		nest_prospects.report_filters.temperature(),
	],
	// the total row in bold (nest_prospects.bundle.js)
	formatter: nest_prospects.bold_total_row,
};
