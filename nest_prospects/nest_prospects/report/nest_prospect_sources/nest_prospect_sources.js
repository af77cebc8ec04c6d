// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.query_reports["NEST Prospect Sources"] = {
	filters: [
		...nest_prospects.report_filters.date_range({
			from_label: __("First Contact From"),
			to_label: __("First Contact To"),
		}),
		nest_prospects.report_filters.period(["", "Month", "Week"]),
		nest_prospects.report_filters.source(),
		nest_prospects.report_filters.temperature(),
		// Seed 002: the person's language and role, as filters and as what the rows are per.
		{
			fieldname: "spoken_language",
			label: __("Language"),
			fieldtype: "Link",
			options: "NEST Language",
		},
		nest_prospects.report_filters.select(
			"person_role",
			__("Role"),
			nest_prospects.report_filters.stored_values([
				"",
				"Self",
				"Relative",
				"Referring Doctor",
				"Referring Midwife",
				"Other Caregiver",
			])
		),
		nest_prospects.report_filters.select(
			"group_by",
			__("Rows per"),
			[
				["", __("Source")],
				["Language", __("Language")],
				["Role", __("Role")],
			],
			{ default: "" }
		),
	],
	// the total row in bold (nest_prospects.bundle.js)
	formatter: nest_prospects.bold_total_row,
};
