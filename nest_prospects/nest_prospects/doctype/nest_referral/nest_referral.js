// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.ui.form.on("NEST Referral", {
	refresh(frm) {
		const is_manager = frappe.user.has_role(["NEST Manager", "System Manager"]);
		if (frm.doc.status !== "Open" || (frm.doc.specialist !== frappe.session.user && !is_manager)) {
			return;
		}
		frm.add_custom_button(__("Record Feedback"), () => {
			const dialog = new frappe.ui.Dialog({
				title: __("Record Feedback"),
				fields: [
					{
						fieldname: "feedback",
						fieldtype: "Small Text",
						label: __("Feedback", null, "NEST Referral"),
						description: __(
							"The actions taken: call made on…, appointment booked…, other request"
						),
						reqd: 1,
					},
				],
				primary_action_label: __("Save"),
				primary_action(values) {
					frm.call("record_feedback", { feedback: values.feedback }).then(() => {
						dialog.hide();
						frm.reload_doc();
					});
				},
			});
			dialog.show();
		}).addClass("btn-primary");
	},
});
