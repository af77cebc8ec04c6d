// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.ui.form.on("NEST Conversion Review", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0] || !frm.perm[0].write) return;
		frm.add_custom_button(__("Re-evaluate"), () => {
			// The form goes with the request: comments typed but not saved are saved with the new
			// outcome (the reload that follows would otherwise drop them).
			nest_prospects.call_doc_method(frm, "reevaluate", {
				freeze_message: __("Re-evaluating..."),
				message: __("Outcome re-evaluated"),
			});
		});
	},
});
