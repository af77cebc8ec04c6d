// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.listview_settings["NEST Conversion Review"] = {
	get_indicator(doc) {
		const colours = {
			Converted: "green",
			"Already Patient": "blue",
			"Duplicate Prospect": "grey",
			"Appointment Upcoming": "cyan",
			"Appointment Cancelled": "orange",
			"No-show": "red",
			Empty: "grey",
		};
		return [__(doc.outcome), colours[doc.outcome] || "yellow", "outcome,=," + doc.outcome];
	},
};
