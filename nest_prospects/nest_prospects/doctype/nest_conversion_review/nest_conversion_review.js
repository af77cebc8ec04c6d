// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.ui.form.on("NEST Conversion Review", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0] || !frm.perm[0].write) return;
		frm.add_custom_button(__("Re-evaluate"), () => {
			// Comments typed but not saved go with the request and are saved with the new outcome:
			// the reload that follows would otherwise drop them.
			const args = { review: frm.doc.name };
			if (frm.is_dirty()) args.comments = frm.doc.comments || "";
			frappe.call({
				method: "nest_prospects.conversion_review.review.reevaluate_review",
				type: "POST",
				args,
				freeze: true,
				freeze_message: __("Re-evaluating..."),
				callback: (r) => {
					if (r.exc) return;
					frm.reload_doc();
					frappe.show_alert({ message: __("Outcome re-evaluated"), indicator: "green" });
				},
			});
		});
	},
});
