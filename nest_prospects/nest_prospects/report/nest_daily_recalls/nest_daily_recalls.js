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
		nest_prospects.report_filters.user("assigned_to", __("Assigned To")),
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
		nest_prospects.report_filters.select("reason", __("Reason"), [
			"",
			["Call to book", __("Call to book")],
			["Qualification call", __("Qualification call")],
			["Requalified call", __("Requalified call")],
			["7-day recall", __("7-day recall")],
			["Documentation mail", __("Documentation mail")],
		]),
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "days_late" && data && data.days_late > 0) {
			value = `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
