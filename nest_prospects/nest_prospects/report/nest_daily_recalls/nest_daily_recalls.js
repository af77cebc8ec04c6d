// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.query_reports["NEST Daily Recalls"] = {
	filters: [
		{
			fieldname: "up_to",
			label: __("Due Up To"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "assigned_to",
			label: __("Assigned To"),
			fieldtype: "Link",
			options: "User",
		},
		{
			fieldname: "mine",
			label: __("My Tasks"),
			fieldtype: "Check",
		},
		{
			fieldname: "hottest_first",
			label: __("Hottest First"),
			fieldtype: "Check",
		},
		{
			fieldname: "most_likely_first",
			label: __("Most Likely First"),
			fieldtype: "Check",
		},
		{
			fieldname: "reason",
			label: __("Reason"),
			fieldtype: "Select",
			options: [
				"",
				{ value: "Call to book", label: __("Call to book") },
				{ value: "Qualification call", label: __("Qualification call") },
				{ value: "Requalified call", label: __("Requalified call") },
				{ value: "7-day recall", label: __("7-day recall") },
				{ value: "Documentation mail", label: __("Documentation mail") },
			],
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "days_late" && data && data.days_late > 0) {
			value = `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
