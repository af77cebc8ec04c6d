// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

const NEST_TEMPERATURE_COLOURS = { Hot: "red", Warm: "orange", Cold: "blue" };
const NEST_AGEING_COLOURS = { Normal: "green", Dormant: "yellow", Lost: "gray" };
const NEST_STATUS_COLOURS = {
	Active: "blue",
	Converted: "green",
	"Already Patient": "purple",
	Duplicate: "gray",
	Abandoned: "darkgrey",
};

function nest_pill(value, colours) {
	if (!value) return "";
	return `<span class="indicator-pill ${colours[value] || "gray"}">${__(value, null, "NEST Prospect")}</span>`;
}

// Seed 003's advanced search: date ranges ("Date de création" min./max.) among the standard
// filters. Frappe offers a Date or Datetime field there as one value compared with "=", which a
// Datetime never equals; a range is what a secretary means.
function nest_date_range_filters(listview) {
	const page = listview.page;
	const ranges = [
		["creation", __("Creation Date")],
		["first_contact_on", __("First Contact On", null, "NEST Prospect")],
	];
	for (const [fieldname, label] of ranges) {
		if (page.fields_dict[fieldname]) continue;
		page.add_field(
			{
				fieldtype: "DateRange",
				fieldname,
				label,
				condition: "Between",
				is_filter: 1,
				onchange: () => listview.filter_area.debounced_refresh_list_view(),
			},
			listview.filter_area.standard_filters_wrapper
		);
	}
}

// A moment without its seconds; a day alone (a task's due or done day) without "00:00".
function nest_when(value) {
	if (!value) return "";
	const shown = frappe.datetime.str_to_user(value).replace(/:\d\d$/, "");
	return shown.replace(/ 00:00$/, "");
}

frappe.listview_settings["NEST Prospect"] = {
	add_fields: [
		"temperature",
		"ageing_state",
		"status",
		"next_task_reason",
		"pipeline_stage",
		"last_action_on",
	],
	// Seed 002: "Add" searches first (prospect, patient, contact person), then opens the form.
	primary_action: () => nest_prospects.find_person_first(),
	// Seed 003's columns (in_list_view, ten with the List View Settings the install creates): the
	// status (with the stage), phone, email, city, source, last action, temperature (with the
	// ageing state) and next task. The responsible user is a standard filter. No "ID" column after
	// them: on a laptop's screen it takes the room of the names (the form and the ID filter keep it).
	hide_name_column: true,
	onload(listview) {
		nest_date_range_filters(listview);
	},
	get_indicator(doc) {
		// An active prospect's pipeline stage (seed 003) rides in its status pill: no column more.
		const stage = doc.status === "Active" && doc.pipeline_stage ? ` · ${doc.pipeline_stage}` : "";
		return [
			__(doc.status, null, "NEST Prospect") + stage,
			NEST_STATUS_COLOURS[doc.status] || "gray",
			`status,=,${doc.status}`,
		];
	},
	formatters: {
		// The temperature, and beside it the ageing state that it sets the windows of.
		temperature: (value, df, doc) =>
			nest_pill(value, NEST_TEMPERATURE_COLOURS) +
			" " +
			nest_pill(doc.ageing_state, NEST_AGEING_COLOURS),
		ageing_state: (value) => nest_pill(value, NEST_AGEING_COLOURS),
		// "Dernière action": the last interaction's channel or the action type of the last task
		// recorded done, then its date (stored on the prospect: NEST Prospect.record_interaction
		// and record_task_done).
		last_action(value, df, doc) {
			const channel = value ? __(value, null, "NEST Prospect") : "";
			const when = nest_when(doc.last_action_on);
			const text = [channel, when].filter(Boolean).join(" · ");
			return `<span title="${frappe.utils.escape_html(text)}">${frappe.utils.escape_html(text)}</span>`;
		},
		// The next task's column: its reason, then its due date (late in red).
		next_task_due_on(value, df, doc) {
			if (!value) return "";
			const due = nest_when(value);
			const late = value < frappe.datetime.now_datetime();
			const reason = doc.next_task_reason ? __(doc.next_task_reason, null, "NEST Prospect") : "";
			return `<span class="${late ? "text-danger" : ""}" title="${frappe.utils.escape_html(reason)}">${frappe.utils.escape_html(reason)} · ${due}</span>`;
		},
	},
};
