// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.query_reports["NEST Response Times"] = {
	filters: [
		...nest_prospects.report_filters.date_range(),
		nest_prospects.report_filters.period(["Month", "Week"]),
		nest_prospects.report_filters.user("user", __("User")),
		// the cold prospects are not called (the procedure): no response time to measure
		nest_prospects.report_filters.temperature(["Hot", "Warm"]),
	],
	// the total row in bold (nest_prospects.bundle.js)
	formatter: nest_prospects.bold_total_row,
};
