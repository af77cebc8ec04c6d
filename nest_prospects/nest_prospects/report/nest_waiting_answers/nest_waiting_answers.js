// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.query_reports["NEST Waiting Answers"] = {
	filters: [
		nest_prospects.report_filters.user("responsible_user", __("Responsible")),
		{
			fieldname: "most_likely_first",
			label: __("Most Likely First"),
			fieldtype: "Check",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (["waiting", "waited_hours"].includes(column.fieldname) && data && data.late) {
			value = `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
