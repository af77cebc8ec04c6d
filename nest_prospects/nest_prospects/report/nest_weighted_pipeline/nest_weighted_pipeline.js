// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.query_reports["NEST Weighted Pipeline"] = {
	filters: [
		{
			fieldname: "view",
			label: __("View"),
			fieldtype: "Select",
			options: [
				{ value: "Pipeline", label: __("Weighted pipeline by month") },
				{ value: "Factors", label: __("Win and loss factors") },
			],
			default: "Pipeline",
			reqd: 1,
		},
		...nest_prospects.report_filters.date_range(),
	],
	// the total row in bold (nest_prospects.bundle.js)
	formatter: nest_prospects.bold_total_row,
};
