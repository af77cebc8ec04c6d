// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.ui.form.on("NEST Prospect Settings", {
	refresh(frm) {
		frm.add_custom_button(__("Days Off This Year"), () => {
			frappe
				.call({ method: "nest_prospects.followup.api.holidays_of_year" })
				.then(({ message: days }) => {
					const rows = (days || [])
						.map(
							(day) =>
								`<tr><td>${frappe.datetime.str_to_user(day.date)}</td><td>${frappe.utils.escape_html(
									day.name
								)}</td></tr>`
						)
						.join("");
					frappe.msgprint({
						title: __("Days Off This Year"),
						message: `<p>${__(
							"Estimated dates of the Islamic holidays may move by a day: add the announced date as a clinic closure."
						)}</p><table class="table table-bordered">${rows}</table>`,
						wide: true,
					});
				});
		});
	},
});
