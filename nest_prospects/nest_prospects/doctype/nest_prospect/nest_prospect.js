// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.ui.form.on("NEST Prospect", {
	onload(frm) {
		frappe.db
			.get_single_value("NEST Prospect Settings", "require_date_of_birth")
			.then((required) => frm.toggle_reqd("date_of_birth", !!required));
	},
	refresh(frm) {
		if (!frm.is_new()) {
			frm.add_custom_button(__("New Interaction"), () => {
				frappe.new_doc("NEST Interaction", {
					party_type: "NEST Prospect",
					party: frm.doc.name,
				});
			});
			frm.add_custom_button(__("Send Documentation"), () =>
				nest_prospects.send_documentation("NEST Prospect", frm.doc.name, null, () => frm.reload_doc())
			);
			frm.trigger("show_answer_window");
		}
		frm.trigger("show_existing_people");
	},
	phone: (frm) => frm.trigger("show_existing_people"),
	email: (frm) => frm.trigger("show_existing_people"),
	first_name: (frm) => frm.trigger("show_existing_people"),
	last_name: (frm) => frm.trigger("show_existing_people"),
	date_of_birth: (frm) => frm.trigger("show_existing_people"),

	show_answer_window(frm) {
		// "dans les 15 jours, idéalement 48 heures ouvrées": a question still waiting shows it.
		const answer = frm.doc.__onload && frm.doc.__onload.answer;
		if (!answer || answer.answered_on || frm.doc.status !== "Active") return;
		const late = answer.status === "Overdue";
		frm.dashboard.set_headline_alert(
			__("First question not answered yet: waiting for {0} working hours (ideally answered by {1}, at the latest by {2}).", [
				answer.waited_hours,
				frappe.datetime.str_to_user(answer.ideal),
				frappe.datetime.str_to_user(answer.latest),
			]),
			late ? "red" : "orange"
		);
	},

	show_existing_people(frm) {
		// The procedure's first step: is this person already a patient or a prospect?
		if (!frm.is_new()) return;
		const { phone, first_name, last_name, date_of_birth } = frm.doc;
		if (!phone && !(first_name && last_name && date_of_birth)) {
			frm.set_intro("");
			return;
		}
		frappe
			.call({
				method: "nest_prospects.api.desk.find_existing_people",
				args: { phone, first_name, last_name, date_of_birth },
			})
			.then(({ message: matches }) => {
				if (!matches || !matches.length) {
					frm.set_intro("");
					return;
				}
				const items = matches.map((match) => {
					const url = frappe.utils.get_form_link(match.doctype, match.name);
					const why =
						match.matched_on === "phone" ? __("same phone") : __("same names and date of birth");
					const what = match.doctype === "NEST Patient" ? __("Patient") : __(match.status);
					return `<li><a href="${url}">${frappe.utils.escape_html(
						match.full_name
					)}</a> (${what}, ${why})</li>`;
				});
				frm.set_intro(
					`<b>${__("This person may already be known:")}</b><ul>${items.join("")}</ul>`,
					"orange"
				);
			});
	},
});
