// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.ui.form.on("NEST Appointment", {
	refresh(frm) {
		// Pushed appointments belong to the patient system: the desk reads them.
		const pushed = frm.doc.source === "Patient System";
		["party_type", "party", "scheduled_on", "status"].forEach((field) =>
			frm.set_df_property(field, "read_only", pushed ? 1 : 0)
		);
	},
});
