// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

const NEST_TEMPERATURE_COLOURS = { Hot: "red", Warm: "orange", Cold: "blue" };
const NEST_AGEING_COLOURS = { Normal: "green", Dormant: "yellow", Lost: "gray" };

function nest_pill(value, colours) {
	if (!value) return "";
	return `<span class="indicator-pill ${colours[value] || "gray"}">${__(value, null, "NEST Prospect")}</span>`;
}

frappe.listview_settings["NEST Prospect"] = {
	add_fields: ["temperature", "ageing_state", "status"],
	get_indicator(doc) {
		// Active prospects show their ageing state; the others their outcome.
		if (doc.status !== "Active") {
			const colour = doc.status === "Converted" ? "green" : "gray";
			return [__(doc.status, null, "NEST Prospect"), colour, `status,=,${doc.status}`];
		}
		return [
			__(doc.ageing_state, null, "NEST Prospect"),
			NEST_AGEING_COLOURS[doc.ageing_state],
			`ageing_state,=,${doc.ageing_state}`,
		];
	},
	formatters: {
		temperature: (value) => nest_pill(value, NEST_TEMPERATURE_COLOURS),
		ageing_state: (value) => nest_pill(value, NEST_AGEING_COLOURS),
	},
};
