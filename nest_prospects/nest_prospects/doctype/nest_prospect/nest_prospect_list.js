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

frappe.listview_settings["NEST Prospect"] = {
	add_fields: ["temperature", "ageing_state", "status", "next_task_reason", "pipeline_stage"],
	// Seed 002: "Add" searches first (prospect, patient, contact person), then opens the form.
	primary_action: () => nest_prospects.find_person_first(),
	// The "Status" column is the status, always; the ageing state and the temperature have their
	// own columns (in_list_view, and the List View Settings the install creates).
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
		temperature: (value) => nest_pill(value, NEST_TEMPERATURE_COLOURS),
		ageing_state: (value) => nest_pill(value, NEST_AGEING_COLOURS),
		// The next task's column: its reason, then its due date (late in red).
		next_task_due_on(value, df, doc) {
			if (!value) return "";
			const due = frappe.datetime.str_to_user(value).replace(/:\d\d$/, "");
			const late = value < frappe.datetime.now_datetime();
			const reason = doc.next_task_reason ? __(doc.next_task_reason, null, "NEST Prospect") : "";
			return `<span class="${late ? "text-danger" : ""}" title="${frappe.utils.escape_html(reason)}">${frappe.utils.escape_html(reason)} · ${due}</span>`;
		},
	},
};
