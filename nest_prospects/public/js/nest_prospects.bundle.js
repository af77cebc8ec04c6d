// Desk helpers shared by the forms of nest_prospects.
frappe.provide("nest_prospects");

// The "Send documentation" dialog: a mail template, sent with the documentation kit.
nest_prospects.send_documentation = function (party_type, party, interaction, after) {
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
};
