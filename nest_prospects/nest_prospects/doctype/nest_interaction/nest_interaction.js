// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.ui.form.on("NEST Interaction", {
	setup(frm) {
		// A Table MultiSelect has no grid: its query is set on the field itself.
		frm.set_query("request_types", () => ({ filters: { disabled: 0 } }));
	},
	refresh(frm) {
		if (!frm.is_new() && frm.doc.party) {
			frm.add_custom_button(__("Send Documentation"), () =>
				nest_prospects.send_documentation(frm.doc.party_type, frm.doc.party, frm.doc.name, () => frm.reload_doc())
			);
		}
	},
	party_type(frm) {
		frm.set_value("party", null);
	},
});
