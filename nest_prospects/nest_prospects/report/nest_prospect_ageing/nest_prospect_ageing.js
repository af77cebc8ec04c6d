// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.query_reports["NEST Prospect Ageing"] = {
	filters: [
		nest_prospects.report_filters.select(
			"view",
			__("View"),
			[
				["Now", __("Now")],
				["By Month", __("By Month")],
			],
			{ default: "Now", reqd: 1 }
		),
		...nest_prospects.report_filters.date_range({
			reqd: 0,
			depends_on: "eval:doc.view == 'By Month'",
		}),
		nest_prospects.report_filters.temperature(),
		nest_prospects.report_filters.source({ depends_on: "eval:doc.view == 'Now'" }),
		nest_prospects.report_filters.user("responsible_user", __("Responsible"), {
			depends_on: "eval:doc.view == 'Now'",
		}),
	],
	formatter(value, row, column, data, default_formatter) {
		const formatted = default_formatter(value, row, column, data);
		// Now: each count opens the list of the prospects it counts.
		const states = { normal: "Normal", dormant: "Dormant", lost: "Lost", total: null };
		if (!data || data.month || !(column.fieldname in states) || !value) {
			return data && data.is_total ? `<b>${formatted}</b>` : formatted;
		}
		const route = { status: "Active" };
		if (data.temperature_value) route.temperature = data.temperature_value;
		if (states[column.fieldname]) route.ageing_state = states[column.fieldname];
		const filters = frappe.query_report.get_filter_values();
		if (filters.source) route.source = filters.source;
		if (filters.responsible_user) route.responsible_user = filters.responsible_user;
		const query = new URLSearchParams(route).toString();
		return `<a href="/app/nest-prospect?${query}">${formatted}</a>`;
	},
};
