// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.query_reports["NEST Activity"] = {
	filters: [
		// The last four weeks: at a million interactions, longer ranges take seconds.
		...nest_prospects.report_filters.date_range({ days: 27 }),
		nest_prospects.report_filters.period(["Week", "Month", "Day"], { reqd: 1 }),
		nest_prospects.report_filters.select(
			"group_by",
			__("Group By"),
			[
				["User", __("User")],
				["Channel", __("Channel")],
				["Request Type", __("Request Type")],
			],
			{ default: "User", reqd: 1 }
		),
		nest_prospects.report_filters.party_type(),
	],
	// the total row in bold (nest_prospects.bundle.js)
	formatter: nest_prospects.bold_total_row,
};
