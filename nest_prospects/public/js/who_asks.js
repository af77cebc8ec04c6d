// Who asks, for whom (seed 002): the search before creating a prospect, and the contact person.
frappe.provide("nest_prospects");

const NEST_PROSPECT = "NEST Prospect";
const NEST_CONTACT_PERSON = "NEST Contact Person";

// What a typed search gives the new form: a phone, or names ("Awa Diop": first, then last).
nest_prospects.typed_person = function (text) {
	const typed = (text || "").trim();
	if (!typed) return {};
	if (/^[+\d][\d\s.()-]*$/.test(typed)) return { phone: typed };
	if (typed.includes("@")) return { email: typed };
	const [first_name, ...rest] = typed.split(/\s+/);
	return rest.length ? { first_name, last_name: rest.join(" ") } : { last_name: first_name };
};

// One found person: who she is, her phone, email and site, and whom she asks for.
nest_prospects.found_person_html = function (person, index) {
	const esc = frappe.utils.escape_html;
	let what = __("Patient");
	if (person.doctype === NEST_PROSPECT) {
		what = `${__("Prospect")} · ${__(person.status, null, NEST_PROSPECT)}`;
	} else if (person.doctype === NEST_CONTACT_PERSON) {
		what = __("Contact Person");
	}
	const details = [person.phone, person.email, person.site && __("Site {0}", [person.site])]
		.filter(Boolean)
		.map(esc);
	if (person.asks_for && person.asks_for.length) {
		details.push(esc(__("asks for {0}", [person.asks_for.join(", ")])));
	}
	const url = frappe.utils.get_form_link(person.doctype, person.name);
	return `<div class="nest-found-person d-flex justify-content-between align-items-center border-bottom py-2">
		<div><a href="${url}" target="_blank"><b>${esc(person.full_name || person.name)}</b></a>
			<span class="indicator-pill gray ml-2">${esc(what)}</span>
			<div class="text-muted small">${details.join(" · ")}</div></div>
		<button class="btn btn-xs btn-default nest-pick-person" data-index="${index}">${__("Choose")}</button>
	</div>`;
};

// The procedure's first step: is this person known already (prospect, patient, contact person)?
// "Not in the list" goes on with what was typed: the new prospect's form, or first the new
// contact person when she asks for someone else.
nest_prospects.find_person_first = function () {
	let found = [];
	let search = 0;
	const dialog = new frappe.ui.Dialog({
		title: __("Does this person exist already?"),
		size: "large",
		fields: [
			{
				fieldname: "asks_for",
				fieldtype: "Select",
				label: __("The person asks"),
				options: [
					{ value: "herself", label: __("For herself") },
					{ value: "other", label: __("For someone else") },
				],
				default: "herself",
				description: __("For someone else: she is the contact person, the prospect is recorded next."),
			},
			{
				fieldname: "search",
				fieldtype: "Data",
				label: __("Name, phone or email"),
				description: __("A few letters of the first or last name, or the phone number."),
			},
			{ fieldname: "results", fieldtype: "HTML" },
		],
		primary_action_label: __("Not in the list"),
		primary_action(values) {
			dialog.hide();
			const typed = nest_prospects.typed_person(dialog.get_field("search").$input.val());
			if (values.asks_for === "other") {
				nest_prospects.new_contact_person(typed, (contact) =>
					frappe.new_doc(NEST_PROSPECT, { contact_person: contact })
				);
			} else {
				frappe.new_doc(NEST_PROSPECT, typed);
			}
		},
	});
	const show = () => {
		const $results = dialog.get_field("results").$wrapper;
		// the input's own value: the control's value follows it only after its own debounce
		const typed = (dialog.get_field("search").$input.val() || "").trim();
		if (typed.length < 2) {
			$results.html("");
			return;
		}
		const mine = ++search;
		frappe.xcall("nest_prospects.people.api.find_people", { txt: typed }).then((people) => {
			if (mine !== search) return;
			found = people || [];
			$results.html(
				found.length
					? found.map(nest_prospects.found_person_html).join("")
					: `<p class="text-muted">${__("Nobody found: check the spelling, or go on with Not in the list.")}</p>`
			);
		});
	};
	const debounced = frappe.utils.debounce(show, 300);
	dialog.get_field("search").$input.on("input", debounced);
	dialog.fields_dict.asks_for.$input.on("change", show);
	dialog.get_field("results").$wrapper.on("click", ".nest-pick-person", (event) => {
		const person = found[Number($(event.currentTarget).attr("data-index"))];
		if (!person) return;
		dialog.hide();
		nest_prospects.pick_person(person, dialog.get_value("asks_for"));
	});
	dialog.show();
};

// A found person picked: her own record when she asks for herself; else she becomes the
// contact person of a new prospect.
nest_prospects.pick_person = function (person, asks_for) {
	if (asks_for !== "other") {
		if (person.doctype === NEST_CONTACT_PERSON) {
			// a contact person who now asks for herself: a prospect from her record
			frappe.new_doc(NEST_PROSPECT, {
				first_name: person.full_name.split(" ")[0],
				last_name: person.full_name.split(" ").slice(1).join(" "),
				phone: person.phone,
				email: person.email,
			});
		} else {
			frappe.set_route("Form", person.doctype, person.name);
		}
		return;
	}
	const contact =
		person.doctype === NEST_CONTACT_PERSON
			? Promise.resolve(person.name)
			: frappe.xcall("nest_prospects.people.api.contact_person_from", {
					doctype: person.doctype,
					name: person.name,
			  });
	contact.then((name) => frappe.new_doc(NEST_PROSPECT, { contact_person: name }));
};

// The fields of a new contact person (the dialogs').
nest_prospects.contact_person_fields = function (values) {
	const field = (fieldname) => frappe.meta.get_docfield(NEST_CONTACT_PERSON, fieldname);
	const options = (fieldname) =>
		field(fieldname)
			.options.split("\n")
			.filter(Boolean)
			.map((value) => ({ value, label: __(value) }));
	return [
		{ fieldname: "first_name", fieldtype: "Data", label: __("First Name"), default: values.first_name },
		{ fieldname: "last_name", fieldtype: "Data", label: __("Last Name"), default: values.last_name },
		{ fieldname: "phone", fieldtype: "Data", label: __("Phone"), default: values.phone },
		{ fieldname: "email", fieldtype: "Data", label: __("Email"), options: "Email", default: values.email },
		{ fieldname: "column_break_contact", fieldtype: "Column Break" },
		{
			fieldname: "person_role",
			fieldtype: "Select",
			label: __("Role"),
			options: options("person_role"),
			default: "Relative",
		},
		{ fieldname: "spoken_language", fieldtype: "Link", label: __("Language"), options: "NEST Language" },
	];
};

nest_prospects.insert_contact_person = function (values) {
	const doc = { doctype: NEST_CONTACT_PERSON };
	for (const key of ["first_name", "last_name", "phone", "email", "person_role", "spoken_language"]) {
		if (values[key]) doc[key] = values[key];
	}
	return frappe.xcall("frappe.client.insert", { doc }).then((saved) => saved.name);
};

// A new contact person (what was typed prefilled); `after(name)` once she is saved.
nest_prospects.new_contact_person = function (typed, after) {
	frappe.model.with_doctype(NEST_CONTACT_PERSON, () => {
		const dialog = new frappe.ui.Dialog({
			title: __("New Contact Person"),
			fields: nest_prospects
				.contact_person_fields(typed)
				.map((df) => (["first_name", "last_name"].includes(df.fieldname) ? { ...df, reqd: 1 } : df)),
			primary_action_label: __("Create and continue"),
			primary_action(values) {
				nest_prospects.insert_contact_person(values).then((name) => {
					dialog.hide();
					after(name);
				});
			},
		});
		dialog.show();
	});
};

// "Mise à jour plus tard": a contact person attached to a saved prospect, known or new.
nest_prospects.attach_contact_person = function (frm) {
	frappe.model.with_doctype(NEST_CONTACT_PERSON, () => {
		const relation = frappe.meta.get_docfield(NEST_PROSPECT, "contact_relation", frm.doc.name);
		const fields = [
			{
				fieldname: "contact_person",
				fieldtype: "Link",
				label: __("Contact Person"),
				options: NEST_CONTACT_PERSON,
				description: __("Search by name, phone or email; leave empty to create her below."),
				default: frm.doc.contact_person,
			},
			{
				fieldname: "contact_relation",
				fieldtype: "Select",
				label: __("Relation to the Prospect"),
				reqd: 1,
				options: relation.options
					.split("\n")
					.filter(Boolean)
					.map((value) => ({ value, label: __(value) })),
				default: frm.doc.contact_relation,
			},
			{
				fieldname: "reach_through_contact",
				fieldtype: "Check",
				label: __("Reach Through the Contact Person"),
				default: frm.doc.contact_person ? frm.doc.reach_through_contact : 1,
			},
			{
				fieldname: "new_section",
				fieldtype: "Section Break",
				label: __("New Contact Person"),
				depends_on: "eval:!doc.contact_person",
			},
			...nest_prospects.contact_person_fields({}),
		];
		const dialog = new frappe.ui.Dialog({
			title: __("Contact Person"),
			fields,
			primary_action_label: __("Save"),
			primary_action(values) {
				const known = values.contact_person
					? Promise.resolve(values.contact_person)
					: nest_prospects.insert_contact_person(values);
				known
					.then((contact_person) =>
						frm.call({
							doc: frm.doc,
							method: "attach_contact_person",
							args: {
								contact_person,
								relation: values.contact_relation,
								reach_through_contact: values.reach_through_contact ? 1 : 0,
							},
							freeze: true,
						})
					)
					.then((r) => {
						if (!r || r.exc) return;
						dialog.hide();
						frm.reload_doc();
						frappe.show_alert({ message: __("Contact person saved"), indicator: "green" });
					});
			},
		});
		dialog.show();
	});
};
