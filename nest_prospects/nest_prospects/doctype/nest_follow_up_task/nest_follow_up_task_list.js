// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.listview_settings["NEST Follow-up Task"] = {
	formatters: {
		// The reason, the list's title, is stored in English (it is part of the task's key): the
		// list shows it in the reader's language, as the form's title does.
		reason: (value) => __(value || ""),
	},
};
