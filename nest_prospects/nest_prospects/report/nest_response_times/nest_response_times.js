// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.query_reports["NEST Response Times"] = {
	filters: [
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
		{
			fieldname: "period",
			label: __("Period"),
			fieldtype: "Select",
			options: [
				{ value: "Month", label: __("Month") },
				{ value: "Week", label: __("Week") },
			],
			default: "Month",
		},
		{
			fieldname: "user",
			label: __("User"),
			fieldtype: "Link",
			options: "User",
		},
		{
			fieldname: "temperature",
			label: __("Temperature"),
			fieldtype: "Select",
			options: ["", "Hot", "Warm"].map((value) => ({
				value: value,
				label: value ? __(value) : "",
			})),
		},
	],
	// the total row in bold (nest_prospects.bundle.js)
	formatter: nest_prospects.bold_total_row,
};
