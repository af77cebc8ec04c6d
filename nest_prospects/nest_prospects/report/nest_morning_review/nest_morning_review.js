// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.query_reports["NEST Morning Review"] = {
	filters: [
		{
			fieldname: "review_date",
			label: __("Review Of"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
			description: __("Lists the interactions since the previous working day"),
		},
		nest_prospects.report_filters.select("show", __("Show"), [
			["", __("All")],
			["To Process", __("To Process")],
			["Processed", __("Processed")],
		]),
		nest_prospects.report_filters.party_type(),
	],
	get_datatable_options(options) {
		return Object.assign(options, { checkboxColumn: true });
	},
	onload(report) {
		const mark = (processed) => {
			// An empty report has no datatable: nothing can be ticked.
			const checked = report.datatable ? report.datatable.rowmanager.getCheckedRows() : [];
			const names = checked.map((index) => (report.data[index] || {}).name).filter(Boolean);
			if (!names.length) {
				frappe.msgprint(__("Tick the interactions first."));
				return;
			}
			frappe
				.call({
					method: "nest_prospects.followup.api.mark_processed",
					type: "POST",
					args: { interactions: names, processed },
				})
				.then(({ message }) => {
					frappe.show_alert({
						message: __("{0} interactions updated", [message]),
						indicator: "green",
					});
					report.refresh();
				});
		};
		if (frappe.user.has_role(["NEST Manager", "System Manager"])) {
			report.page.add_inner_button(__("Mark Processed"), () => mark(1));
			report.page.add_inner_button(__("Mark Not Processed"), () => mark(0));
		}
	},
};
