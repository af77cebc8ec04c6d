// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.ui.form.on("NEST Prospect", {
	setup(frm) {
		// Seed 002: the account manager is found by name, or by service and site ("maternité
		// Almadies"), in the staff directory (people.api.search_colleagues).
		frm.set_query("responsible_user", () => ({ query: "nest_prospects.people.api.search_colleagues" }));
		// Her own specialist is one of the staff still working at the clinic (routing, seed 004).
		frm.set_query("own_specialist", () => ({ filters: { active: 1 } }));
	},
	onload(frm) {
		// The desk adds the time zone to a datetime field's description before translating it:
		// translate it first.
		const answered = frm.get_field("first_answered_on");
		if (answered && answered.df.description) answered.df.description = __(answered.df.description);
		// Not frappe.db.get_single_value: the settings page is the managers', the secretaries
		// do not read it.
		frappe
			.xcall("nest_prospects.people.api.form_settings")
			.then((settings) => {
				frm.toggle_reqd(
					"date_of_birth",
					!!settings.require_date_of_birth && !frm.doc.anonymised_on
				);
				// The pipeline (stage, won / lost) is the clinic's choice (NEST Prospect Settings).
				frm.nest_pipeline = !!settings.enable_pipeline;
				frm.toggle_display("pipeline_section", frm.nest_pipeline);
				frm.trigger("offer_outcome");
			});
	},
	refresh(frm) {
		frm.trigger("who_asks_buttons");
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
			if (frm.perm[0] && frm.perm[0].write) {
				frm.add_custom_button(__("Plan a Task"), () => nest_prospects.plan_task_dialog(frm));
			}
			frm.trigger("offer_outcome");
			frm.trigger("offer_status_change");
			frm.trigger("show_answer_window");
			frm.trigger("show_requests");
			frm.trigger("show_follow_up");
			frm.trigger("personal_data_buttons");
			frm.trigger("show_likelihood");
			frm.trigger("offer_routing");
		}
		frm.trigger("show_existing_people");
	},

	who_asks_buttons(frm) {
		// Seed 002: the search before creating, and a contact person attached later.
		if (frm.is_new()) {
			frm.add_custom_button(__("Search First"), () => nest_prospects.find_person_first());
		} else if (frm.perm[0] && frm.perm[0].write && !frm.doc.anonymised_on) {
			frm.add_custom_button(__("Contact Person"), () => nest_prospects.attach_contact_person(frm));
		}
	},

	personal_data_buttons(frm) {
		if (frm.doc.anonymised_on) {
			// Erased: who she was is gone for good; her record stays for the statistics.
			frm.toggle_reqd("date_of_birth", false);
			for (const field of ["first_name", "last_name", "date_of_birth", "phone", "email", "comments"]) {
				frm.set_df_property(field, "read_only", 1);
			}
		}
		nest_prospects.personal_data_buttons(frm);
	},
	phone: (frm) => frm.trigger("show_existing_people"),
	email: (frm) => frm.trigger("show_existing_people"),
	first_name: (frm) => frm.trigger("show_existing_people"),
	last_name: (frm) => frm.trigger("show_existing_people"),
	date_of_birth: (frm) => frm.trigger("show_existing_people"),

	offer_outcome(frm) {
		// Seed 003: marking a prospect won or lost asks for its factors (and, for a loss, a
		// written justification; for a win, her patient). NEST Prospect.mark_won / mark_lost.
		if (frm.is_new() || !frm.nest_pipeline || !frm.perm[0] || !frm.perm[0].write) return;
		frm.toggle_display("pipeline_section", true);
		const won_from = ["Active", "Abandoned", "Converted", "Already Patient"];
		const lost_from = ["Active", "Abandoned"];
		const group = __("Outcome");
		frm.remove_custom_button(__("Won"), group);
		frm.remove_custom_button(__("Lost"), group);
		if (won_from.includes(frm.doc.status) && frm.doc.outcome !== "Won") {
			frm.add_custom_button(__("Won"), () => nest_prospects.outcome_dialog(frm, "Won"), group);
		}
		if (lost_from.includes(frm.doc.status) && frm.doc.outcome !== "Lost") {
			frm.add_custom_button(__("Lost"), () => nest_prospects.outcome_dialog(frm, "Lost"), group);
		}
	},

	offer_routing(frm) {
		// Seed 004: a request that needs a specialist goes to her own specialist, else to one of
		// the competence table, with the referral mail (NEST Prospect.route_to_specialist).
		const onload = frm.doc.__onload || {};
		if (!onload.routing_enabled || !frm.perm[0] || !frm.perm[0].write) return;
		frm.add_custom_button(__("Route to a Specialist"), () => {
			const dialog = new frappe.ui.Dialog({
				title: __("Route to a Specialist"),
				fields: [
					{
						fieldname: "request_type",
						fieldtype: "Link",
						options: "NEST Request Type",
						label: __("Request Type"),
						reqd: 1,
						get_query: () => ({ filters: { needs_specialist: 1, disabled: 0 } }),
					},
					{
						fieldname: "clinic_site",
						fieldtype: "Link",
						options: "NEST Clinic Site",
						label: __("Clinic Site"),
						default: frm.doc.clinic_site,
						get_query: () => ({ filters: { active: 1 } }),
					},
				],
				primary_action_label: __("Route"),
				primary_action(values) {
					frm.call({ method: "route_to_specialist", doc: frm.doc, args: values, freeze: true }).then(
						(r) => {
							if (r.exc || !r.message) return;
							dialog.hide();
							frm.reload_doc();
							frappe.show_alert({
								message: __("Routed to a specialist: {0}", [r.message.referral]),
								indicator: "green",
							});
						}
					);
				},
			});
			dialog.show();
		});
	},

	offer_status_change(frm) {
		// Only the reconciliation with a patient makes a prospect Converted or Already Patient; a
		// manager takes her out of it with a reason (NEST Prospect.change_reconciled_status).
		const reconciled = ["Converted", "Already Patient"];
		if (!reconciled.includes(frm.doc.status)) return;
		if (!frappe.user.has_role(["NEST Manager", "System Manager"])) return;
		frm.add_custom_button(__("Change Status"), () => {
			const statuses = frm.fields_dict.status.df.options
				.split("\n")
				.filter((status) => status && !reconciled.includes(status));
			const dialog = new frappe.ui.Dialog({
				title: __("Change Status"),
				fields: [
					{
						fieldname: "status",
						fieldtype: "Select",
						label: __("Status"),
						options: statuses.map((status) => ({ value: status, label: __(status) })),
						default: statuses[0],
						reqd: 1,
					},
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
				],
				primary_action_label: __("Change Status"),
				primary_action(values) {
					nest_prospects.call_doc_method(frm, "change_reconciled_status", {
						args: values,
						dialog,
						message: __("Status changed"),
					});
				},
			});
			dialog.show();
		});
	},

	show_answer_window(frm) {
		// "dans les 15 jours, idéalement 48 heures ouvrées": a question still waiting shows it.
		// The wait comes formatted from the server ("2 j 3 h", days being working days).
		// The form's one headline, replaced at each refresh (a refresh may run twice).
		const answer = frm.doc.__onload && frm.doc.__onload.answer;
		if (!answer || answer.answered_on || frm.doc.status !== "Active") {
			nest_prospects.set_headline(frm, "");
			return;
		}
		const late = answer.status === "Overdue";
		nest_prospects.set_headline(
			frm,
			__("First question not answered yet: waiting for {0} (working days only; ideally answered by {1}, at the latest by {2}).", [
				answer.waited,
				frappe.datetime.str_to_user(answer.ideal),
				frappe.datetime.str_to_user(answer.latest),
			]),
			late ? "red" : "orange"
		);
	},

	show_follow_up(frm) {
		// The head of "Suivi": what is due next, and what the conversion review said.
		const field = frm.get_field("follow_up_html");
		if (!field) return;
		const summary = (frm.doc.__onload && frm.doc.__onload.follow_up) || {};
		const esc = frappe.utils.escape_html;
		const task = summary.next_task;
		const review = summary.review;
		const lines = [
			task
				? __("Next task: {0}, due {1} ({2})", [
						`<b>${esc(task.reason)}</b>`,
						frappe.datetime.str_to_user(task.date),
						esc(task.allocated_to || ""),
				  ])
				: `<span class="text-muted">${__("No open follow-up task.")}</span>`,
		];
		if (review) {
			lines.push(
				__("Conversion review: {0} ({1})", [
					`<b>${esc(review.outcome)}</b>`,
					frappe.datetime.str_to_user(review.reviewed_on),
				])
			);
		}
		const matches = (frm.doc.__onload && frm.doc.__onload.matches) || [];
		if (matches.length) {
			lines.push(
				__("May also be: {0}", [
					matches.map((match) => nest_prospects.known_person_link(match)).join(", "),
				])
			);
		}
		field.$wrapper.html(
			`<div class="nest-follow-up-summary mb-3">${lines.join("<br>")}</div>` +
				nest_prospects.tasks_table(summary.tasks || [])
		);
	},

	show_likelihood(frm) {
		// The likelihood of converting (the nightly job's) and the three features that weigh
		// most for this prospect, under the field: "Source : Site web ↑ · Documents envoyés : Non ↓".
		if (!frm.get_field("conversion_likelihood")) return;
		let factors = [];
		try {
			factors = JSON.parse(frm.doc.likelihood_factors || "[]") || [];
		} catch (e) {
			factors = [];
		}
		const esc = frappe.utils.escape_html;
		const text = factors
			.filter((factor) => Array.isArray(factor) && factor.length === 3)
			.map(([feature, value, weight]) =>
				// "Source : Site web" in French (an English "{0}: {1}" would match any text)
				__("Feature {0}, value {1}", [
					esc(nest_prospects.likelihood_feature(feature)),
					esc(nest_prospects.likelihood_value(feature, value)),
				]) +
				(weight > 0 ? " ↑" : " ↓")
			)
			.join(" · ");
		frm.set_df_property(
			"conversion_likelihood",
			"description",
			text ? __("Weighs most: {0}", [text]) : ""
		);
	},

	show_requests(frm) {
		// What the prospect asked, interaction by interaction: the initial request's types
		// included, which the form no longer shows once the prospect is saved.
		const field = frm.get_field("requests_html");
		if (!field) return;
		const interactions = (frm.doc.__onload && frm.doc.__onload.interactions) || [];
		if (!interactions.length) {
			field.$wrapper.html(`<p class="text-muted">${__("No interaction yet.")}</p>`);
			return;
		}
		const esc = frappe.utils.escape_html;
		const rows = interactions.map((row) => {
			const url = frappe.utils.get_form_link("NEST Interaction", row.name);
			const requests = (row.request_types || [])
				.map((code) => `<span class="indicator-pill blue">${esc(code)}</span>`)
				.join(" ");
			return `<tr>
				<td class="text-nowrap"><a href="${url}">${frappe.datetime.str_to_user(row.interaction_on)}</a></td>
				<td>${esc(__(row.channel || "", null, "NEST Interaction"))}</td>
				<td class="nest-requests">${requests || `<span class="text-muted">${__("No request")}</span>`}</td>
				<td>${esc(row.comments || "")}</td>
			</tr>`;
		});
		field.$wrapper.html(`<table class="table table-bordered table-sm nest-prospect-requests">
			<thead><tr>
				<th>${__("Date and Time")}</th><th>${__("Channel", null, "NEST Interaction")}</th>
				<th>${__("Requests")}</th><th>${__("Comments", null, "NEST Interaction")}</th>
			</tr></thead>
			<tbody>${rows.join("")}</tbody>
		</table>`);
	},

	show_existing_people(frm) {
		// The procedure's first step: is this person already a patient or a prospect?
		// One warning box, replaced as she types; the answer of an older search is dropped.
		if (!frm.is_new()) return;
		const { phone, first_name, last_name, date_of_birth } = frm.doc;
		const search = (frm.__nest_people_search = (frm.__nest_people_search || 0) + 1);
		if (!phone && !(first_name && last_name && date_of_birth)) {
			nest_prospects.set_headline(frm, "");
			return;
		}
		frappe
			.call({
				method: "nest_prospects.people.api.find_existing_people",
				args: { phone, first_name, last_name, date_of_birth },
			})
			.then(({ message: matches }) => {
				if (search !== frm.__nest_people_search || !frm.is_new()) return;
				if (!matches || !matches.length) {
					nest_prospects.set_headline(frm, "");
					return;
				}
				const items = matches.map((match) => `<li>${nest_prospects.known_person_link(match)}</li>`);
				nest_prospects.set_headline(
					frm,
					`<b>${__("This person may already be known:")}</b><ul>${items.join("")}</ul>`,
					"orange"
				);
			});
	},
});

// One person the prospect may be: a link to her record, what she is and why she matched.
nest_prospects.known_person_link = (match) => {
	const url = frappe.utils.get_form_link(match.doctype, match.name);
	const why = match.matched_on === "phone" ? __("same phone") : __("same names and date of birth");
	const what = match.doctype === "NEST Patient" ? __("Patient") : __(match.status, null, "NEST Prospect");
	return `<a href="${url}">${frappe.utils.escape_html(match.full_name)}</a> (${what}, ${why})`;
};

frappe.provide("nest_prospects");

nest_prospects.tasks_table = function (tasks) {
	// Seed 003's "Suivi": the prospect's tasks, automatic and planned, with their state.
	if (!tasks.length) return "";
	const esc = frappe.utils.escape_html;
	const colours = { Open: "orange", Closed: "green", Cancelled: "gray" };
	const rows = tasks.map(
		(task) => `<tr data-task="${esc(task.name)}" data-state="${esc(task.state)}">
			<td>${frappe.datetime.str_to_user(task.date)}</td>
			<td>${esc(task.action_type_label || "")}</td>
			<td>${esc(task.reason_label)}</td>
			<td>${esc(task.allocated_to || "")}</td>
			<td><span class="indicator-pill ${colours[task.state] || "gray"}">${esc(task.state_label)}</span></td>
		</tr>`
	);
	return `<table class="table table-sm nest-follow-up-tasks">
		<thead><tr><th>${__("Date")}</th><th>${__("Action Type")}</th><th>${__("Reason")}</th>
		<th>${__("Assigned To")}</th><th>${__("State")}</th></tr></thead>
		<tbody>${rows.join("")}</tbody></table>`;
};

nest_prospects.plan_task_dialog = function (frm) {
	// Seed 003: an agent plans a task by hand; a date already past records it done at once.
	// NEST Prospect.plan_task checks everything again. The action types are the doctype's options.
	frappe.model.with_doctype("NEST Follow-up Task", () =>
		nest_prospects.show_plan_task_dialog(
			frm,
			frappe.meta.get_docfield("NEST Follow-up Task", "action_type").options.split("\n").filter(Boolean)
		)
	);
};

nest_prospects.show_plan_task_dialog = function (frm, action_types) {
	const dialog = new frappe.ui.Dialog({
		title: __("Plan a Task"),
		fields: [
			{
				fieldname: "action_type",
				fieldtype: "Select",
				label: __("Action Type"),
				options: action_types.map((value) => ({ value: value, label: __(value) })),
				reqd: 1,
			},
			{ fieldname: "date", fieldtype: "Date", label: __("Date"), default: frappe.datetime.get_today(), reqd: 1 },
			{
				fieldname: "assigned_to",
				fieldtype: "Link",
				label: __("Assigned To"),
				options: "User",
				default: frm.doc.responsible_user || frappe.session.user,
				reqd: 1,
			},
			{ fieldname: "description", fieldtype: "Small Text", label: __("Description") },
		],
		primary_action_label: __("Plan the Task"),
		primary_action(values) {
			frm.call({ method: "plan_task", doc: frm.doc, args: values, freeze: true }).then((r) => {
				if (r.exc || !r.message) return;
				dialog.hide();
				frm.reload_doc();
				frappe.show_alert({
					message: r.message.done ? __("The task is recorded done: its date is past.") : __("Task planned"),
					indicator: "green",
				});
			});
		},
	});
	dialog.show();
};

nest_prospects.outcome_dialog = function (frm, outcome) {
	const won = outcome === "Won";
	const fields = [
		{
			fieldname: "factors",
			fieldtype: "MultiSelectList",
			label: won ? __("Win Factors") : __("Loss Factors"),
			reqd: 1,
			// The reason's name only (the link options repeat it as their description).
			get_data: (txt) =>
				frappe.db
					.get_link_options("NEST Outcome Reason", txt, { outcome: outcome, active: 1 })
					.then((options) => options.map((option) => ({ value: option.value }))),
		},
	];
	if (won) {
		fields.push({
			fieldname: "patient",
			fieldtype: "Link",
			label: __("Patient"),
			options: "NEST Patient",
			reqd: 1,
			default: frm.doc.patient,
			read_only: frm.doc.patient ? 1 : 0,
		});
	} else {
		fields.push({
			fieldname: "justification",
			fieldtype: "Small Text",
			label: __("Loss Justification"),
			reqd: 1,
		});
	}
	const dialog = new frappe.ui.Dialog({
		title: won ? __("Mark the prospect won") : __("Mark the prospect lost"),
		fields: fields,
		primary_action_label: won ? __("Won") : __("Lost"),
		primary_action(values) {
			nest_prospects.call_doc_method(frm, won ? "mark_won" : "mark_lost", {
				args: values,
				dialog,
				message: won ? __("The prospect is marked won") : __("The prospect is marked lost"),
				indicator: won ? "green" : "orange",
			});
		},
	});
	dialog.show();
};
