// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.ui.form.on("NEST Interaction", {
	setup(frm) {
		frm.set_query("request_type", "request_types", () => ({ filters: { disabled: 0 } }));
	},
	refresh(frm) {
		if (!frm.is_new() && frm.doc.party) {
			frm.add_custom_button(__("Send Documentation"), () =>
				nest_send_documentation(frm.doc.party_type, frm.doc.party, frm.doc.name, () => frm.reload_doc())
			);
		}
	},
	party_type(frm) {
		frm.set_value("party", null);
	},
});

// The "Send documentation" dialog: a mail template, sent with the documentation kit.
function nest_send_documentation(party_type, party, interaction, after) {
	frappe
		.call({ method: "nest_prospects.api.followup.documentation_templates" })
		.then(({ message: templates }) => {
			const dialog = new frappe.ui.Dialog({
				title: __("Send Documentation"),
				fields: [
					{
						fieldname: "email_template",
						label: __("Mail Template"),
						fieldtype: "Select",
						options: templates || [],
						reqd: 1,
					},
				],
				primary_action_label: __("Send"),
				primary_action({ email_template }) {
					frappe
						.call({
							method: "nest_prospects.api.followup.send_documentation",
							type: "POST",
							args: { party_type, party, email_template, interaction },
							freeze: true,
						})
						.then(() => {
							dialog.hide();
							frappe.show_alert({ message: __("Documentation mail queued"), indicator: "green" });
							after && after();
						});
				},
			});
			dialog.show();
		});
}
