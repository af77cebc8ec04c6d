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
			fieldname: "from_date",
			label: __("From"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.month_start(), -5),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
	],
	// the total row in bold (nest_prospects.bundle.js)
	formatter: nest_prospects.bold_total_row,
};
