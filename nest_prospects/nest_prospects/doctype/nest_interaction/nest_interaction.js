// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.ui.form.on("NEST Interaction", {
	setup(frm) {
		frm.set_query("request_type", "request_types", () => ({ filters: { disabled: 0 } }));
	},
	party_type(frm) {
		frm.set_value("party", null);
	},
});
