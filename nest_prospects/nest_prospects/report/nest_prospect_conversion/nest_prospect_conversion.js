// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.query_reports["NEST Prospect Conversion"] = {
	filters: [
		nest_prospects.report_filters.select(
			"view",
			__("View"),
			[
				["Summary", __("Summary")],
				["Prospects", __("Prospects")],
			],
			{ default: "Summary", reqd: 1 }
		),
		nest_prospects.report_filters.select(
			"group_by",
			__("Group By"),
			[
				["Month", __("Month of Creation")],
				["Source", __("Source")],
				["Temperature", __("Temperature")],
				["Request Type", __("Request Type")],
			],
			{ default: "Month", depends_on: "eval:doc.view == 'Summary'" }
		),
		...nest_prospects.report_filters.date_range({
			from_label: __("Created From"),
			to_label: __("Created To"),
			months: 11,
			reqd: 0,
		}),
		{
			fieldname: "outcome",
			label: __("Outcome"),
			fieldtype: "Select",
			options: [
				"",
				"Converted",
				"Already Patient",
				"Duplicate Prospect",
				"No-show",
				"Appointment Cancelled",
				"Appointment Upcoming",
				"Information / Quote",
				"Information / Programme",
				"Information",
				"Empty",
			].map((value) => ({ value: value, label: value ? __(value) : "" })),
		},
		nest_prospects.report_filters.source(),
		nest_prospects.report_filters.temperature(),
		{
			// The Prospects view shows its reviews a page at a time (PAGE_LENGTH in the .py).
			fieldname: "page",
			label: __("Page"),
			fieldtype: "Int",
			default: 1,
			depends_on: "eval:doc.view == 'Prospects'",
		},
	],
};
