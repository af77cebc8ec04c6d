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
		// Seed 002: the person's language and role, as filters and as what the rows are per.
		{
			fieldname: "spoken_language",
			label: __("Language"),
			fieldtype: "Link",
			options: "NEST Language",
		},
		{
			fieldname: "person_role",
			label: __("Role"),
			fieldtype: "Select",
			options: ["", "Self", "Relative", "Referring Doctor", "Referring Midwife", "Other Caregiver"].map(
				(value) => ({ value: value, label: value ? __(value) : "" })
			),
		},
		{
			fieldname: "group_by",
			label: __("Rows per"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("Source") },
				{ value: "Language", label: __("Language") },
				{ value: "Role", label: __("Role") },
			],
			default: "",
		},
	],
	// the total row in bold (nest_prospects.bundle.js)
	formatter: nest_prospects.bold_total_row,
};
