// A contact person (seed 002): her own data on her request, as a prospect's (nest_prospects.personal_data).
frappe.ui.form.on("NEST Contact Person", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.anonymised_on) {
			// Erased: who she was is gone for good; the prospects she asked for keep the link.
			frm.disable_form();
		}
		nest_prospects.personal_data_buttons(
			frm,
			__(
				"{0}'s names, phone, email and comments are anonymised, her history included, and taken out of the texts of the prospects she asks for. Those prospects keep their link to her and her relation to them for the statistics; they are no longer reached through her. This cannot be undone.",
				[frappe.utils.escape_html(frm.doc.full_name || frm.doc.name)]
			)
		);
	},
});
