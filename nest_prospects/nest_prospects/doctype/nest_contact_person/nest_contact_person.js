// A contact person (seed 002): her own data on her request, as a prospect's (nest_prospects.personal_data).
frappe.ui.form.on("NEST Contact Person", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.anonymised_on) {
			// Erased: who she was is gone for good; the prospects she asked for keep the link.
			frm.disable_form();
		}
		// A person's data on her request: the managers' (the server checks it too).
		if (!frappe.user.has_role(["NEST Manager", "System Manager"])) return;
		const group = __("Personal Data");
		frm.add_custom_button(
			__("Export Personal Data"),
			() =>
				frm
					.call({ doc: frm.doc, method: "export_personal_data", freeze: true })
					.then((r) => r.message && nest_prospects.download_text(r.message.filename, r.message.content)),
			group
		);
		if (frm.doc.anonymised_on) return;
		frm.add_custom_button(
			__("Erase Personal Data"),
			() =>
				nest_prospects.erase_personal_data(
					frm,
					__(
						"{0}'s names, phone, email and comments are anonymised, her history included, and taken out of the texts of the prospects she asks for. Those prospects keep their link to her and her relation to them for the statistics; they are no longer reached through her. This cannot be undone.",
						[frappe.utils.escape_html(frm.doc.full_name || frm.doc.name)]
					)
				),
			group
		);
	},
});
