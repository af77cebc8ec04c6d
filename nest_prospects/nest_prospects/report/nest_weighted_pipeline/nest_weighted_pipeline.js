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
		{
			fieldname: "month_of",
			label: __("Month"),
			fieldtype: "Select",
			options: [
				{ value: "Expected", label: __("Expected conversion month") },
				{ value: "First Contact", label: __("Month of first contact") },
			],
			default: "Expected",
			depends_on: "eval:doc.view == 'Pipeline'",
		},
		// the next six months too: the expected conversions are ahead
		...nest_prospects.report_filters.date_range().map((filter) =>
			filter.fieldname === "to_date"
				? {
						...filter,
						default: frappe.datetime.add_days(
							frappe.datetime.add_months(frappe.datetime.month_start(), 7),
							-1
						),
				  }
				: filter
		),
	],
	// the total row in bold (nest_prospects.bundle.js)
	formatter: nest_prospects.bold_total_row,
};
