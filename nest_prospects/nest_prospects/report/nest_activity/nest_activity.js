// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.query_reports["NEST Activity"] = {
	filters: [
		// The last four weeks: at a million interactions, longer ranges take seconds.
		...nest_prospects.report_filters.date_range({ days: 27 }),
		{
			fieldname: "period",
			label: __("Period"),
			fieldtype: "Select",
			options: [
				{ value: "Week", label: __("Week") },
				{ value: "Month", label: __("Month") },
				{ value: "Day", label: __("Day") },
			],
			default: "Week",
			reqd: 1,
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "User", label: __("User") },
				{ value: "Channel", label: __("Channel") },
				{ value: "Request Type", label: __("Request Type") },
			],
			default: "User",
			reqd: 1,
		},
		{
			fieldname: "party_type",
			label: __("With"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "NEST Prospect", label: __("NEST Prospect") },
				{ value: "NEST Patient", label: __("NEST Patient") },
			],
		},
	],
	// the total row in bold (nest_prospects.bundle.js)
	formatter: nest_prospects.bold_total_row,
};
