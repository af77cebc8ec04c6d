// Desk helpers shared by the forms of nest_prospects.
import "./who_asks.js";

frappe.provide("nest_prospects");

// The app's one message box above a form, replaced at each call. Frappe's set_intro and
// set_headline_alert add one more box per call: a warning refreshed as the secretary types, or a
// refresh run twice, would stack identical boxes. Frappe's own boxes are left alone.
nest_prospects.set_headline = function (frm, html, color) {
	const $area = frm.layout && frm.layout.message;
	if (!$area) return;
	$area.find(".nest-headline").remove();
	if (html) {
		$('<div class="form-message nest-headline"></div>')
			.addClass(["yellow", "blue", "red", "green", "orange"].includes(color) ? color : "blue")
			.html(html)
			.appendTo($area);
	}
	$area.toggleClass("hidden", !$area.children().length);
};

// The managers' reports: their total row (data.is_total) in bold.
nest_prospects.bold_total_row = function (value, row, column, data, default_formatter) {
	const formatted = default_formatter(value, row, column, data);
	return data && data.is_total ? `<b>${formatted}</b>` : formatted;
};

// The filters several reports share, in one place; each report's .js lists its filters with them.
nest_prospects.report_filters = {
	// from_date and to_date: from `months` whole months before this month's start (or `days`
	// days before today) to today.
	date_range({ from_label, to_label, months = 5, days = null, reqd = 1, depends_on } = {}) {
		const today = frappe.datetime.get_today();
		const from =
			days === null
				? frappe.datetime.add_months(frappe.datetime.month_start(), -months)
				: frappe.datetime.add_days(today, -days);
		const date = (fieldname, label, value) => ({
			fieldname,
			label,
			fieldtype: "Date",
			default: value,
			reqd,
			depends_on,
		});
		return [
			date("from_date", from_label || __("From"), from),
			date("to_date", to_label || __("To"), today),
		];
	},
	// a Select: `options` are [value, label] pairs (the label translated where it is written), or
	// "" for an empty choice
	select(fieldname, label, options, extra = {}) {
		return {
			fieldname,
			label,
			fieldtype: "Select",
			options: options.map((option) =>
				option === "" ? { value: "", label: "" } : { value: option[0], label: option[1] }
			),
			...extra,
		};
	},
	// stored values shown in the reader's language (their French is in fr.po, from the rules)
	stored_values(values) {
		return values.map((value) => (value ? [value, __(value)] : ""));
	},
	// the prospect's temperature, optional
	temperature(values = ["Hot", "Warm", "Cold"]) {
		return this.select("temperature", __("Temperature"), this.stored_values(["", ...values]));
	},
	// the rows per period; the first of `values` is the default ("" the whole period)
	period(values, extra = {}) {
		const labels = { "": __("Whole Period"), Day: __("Day"), Week: __("Week"), Month: __("Month") };
		return this.select(
			"period",
			__("Period"),
			values.map((value) => [value, labels[value]]),
			{ default: values[0], ...extra }
		);
	},
	// whom the interactions are with: prospects, patients or both
	party_type() {
		return this.select("party_type", __("With"), [
			"",
			["NEST Prospect", __("NEST Prospect")],
			["NEST Patient", __("NEST Patient")],
		]);
	},
	// a desk user
	user(fieldname, label, extra = {}) {
		return { fieldname, label, fieldtype: "Link", options: "User", ...extra };
	},
	source(extra = {}) {
		return {
			fieldname: "source",
			label: __("Source"),
			fieldtype: "Link",
			options: "NEST Prospect Source",
			...extra,
		};
	},
};

// A document method the form calls (frm.call): the form then reloads and `message` (a text, or
// a function of the answer) shows in an alert; `dialog`, when the call comes from one, closes.
nest_prospects.call_doc_method = function (frm, method, options = {}) {
	const { args, dialog, message, indicator, freeze_message } = options;
	return frm.call({ doc: frm.doc, method, args, freeze: true, freeze_message }).then((r) => {
		if (r.exc) return;
		dialog && dialog.hide();
		frm.reload_doc();
		frappe.show_alert({
			message: typeof message === "function" ? message(r.message) : message,
			indicator: indicator || "green",
		});
		return r;
	});
};

// The "Send documentation" dialog: a mail template, sent with the documentation kit.

nest_prospects.send_documentation = function (party_type, party, interaction, after) {
	frappe
		.call({ method: "nest_prospects.followup.api.documentation_templates" })
		.then(({ message: templates }) => {
			// The server offers the clinic's documentation templates only, never ERPNext's own.
			if (!templates || !templates.length) {
				frappe.msgprint(
					__("There is no documentation mail template yet: ask a manager to add one."),
					__("Send Documentation")
				);
				return;
			}
			const dialog = new frappe.ui.Dialog({
				title: __("Send Documentation"),
				fields: [
					{
						fieldname: "email_template",
						label: __("Mail Template"),
						fieldtype: "Select",
						options: templates,
						reqd: 1,
					},
				],
				primary_action_label: __("Send"),
				primary_action({ email_template }) {
					frappe
						.call({
							method: "nest_prospects.followup.api.send_documentation",
							type: "POST",
							args: { party_type, party, email_template, interaction },
							freeze: true,
						})
						.then(() => {
							dialog.hide();
							frappe.show_alert({ message: __("Documentation mail queued"), indicator: "green" });
							after && after();
						});
				},
			});
			dialog.show();
		});
};

// Personal data on request (NEST Prospect's "Personal Data" buttons; nest_prospects.personal_data).
nest_prospects.download_text = function (filename, text) {
	const blob = new Blob([text], { type: "application/json" });
	const link = document.createElement("a");
	link.href = URL.createObjectURL(blob);
	link.download = filename;
	document.body.appendChild(link);
	link.click();
	setTimeout(() => {
		URL.revokeObjectURL(link.href);
		link.remove();
	}, 1000);
};

// The form's "Personal Data" buttons (a prospect's, a contact person's): the managers' (the
// server checks it too); no erasure twice. `what`: what the erasure changes.
nest_prospects.personal_data_buttons = function (frm, what) {
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
	frm.add_custom_button(__("Erase Personal Data"), () => nest_prospects.erase_personal_data(frm, what), group);
};

// `what`: what the erasure changes, for this record's person (the prospect's text by default).
nest_prospects.erase_personal_data = function (frm, what) {
	const dialog = new frappe.ui.Dialog({
		title: __("Erase Personal Data"),
		fields: [
			{
				fieldtype: "HTML",
				fieldname: "what",
				options:
					"<p>" +
					(what ||
						__(
							"{0}'s names, phone, email, date of birth, comments, interaction notes, mails, tasks' texts and comments are anonymised everywhere, their history included. Dates, temperature, source, channels, requests and outcomes stay for the statistics. This cannot be undone.",
							[frappe.utils.escape_html(frm.doc.full_name || frm.doc.name)]
						)) +
					"</p>",
			},
			{
				fieldtype: "Select",
				fieldname: "requested_by",
				label: __("On Whose Request"),
				reqd: 1,
				options: [
					{ value: "", label: "" },
					{ value: "Data Subject", label: __("Data Subject") },
					{ value: "Legal Representative", label: __("Legal Representative") },
					{ value: "Supervisory Authority", label: __("Supervisory Authority") },
				],
			},
			{
				fieldtype: "Date",
				fieldname: "request_received_on",
				label: __("Request Received On"),
				default: frappe.datetime.get_today(),
			},
		],
		primary_action_label: __("Erase for Good"),
		primary_action(values) {
			nest_prospects.call_doc_method(frm, "erase_personal_data", {
				args: values,
				dialog,
				freeze_message: __("Erasing..."),
				message: (answer) => __("Personal data erased; see {0}.", [answer.log]),
			});
		},
	});
	dialog.get_primary_btn().removeClass("btn-primary").addClass("btn-danger");
	dialog.show();
};

// The likelihood of converting: a feature and its value as people read them
// (likelihood/rules.py: FEATURE_LABELS, and the values stored in English).
nest_prospects.likelihood_feature = function (feature) {
	const labels = {
		source: __("Source"),
		temperature: __("Temperature"),
		request_type: __("Request"),
		first_channel: __("First Channel"),
		age_band: __("Age"),
		documents_sent: __("Documents Sent"),
		appointment_booked: __("Appointment Booked"),
	};
	return labels[feature] || feature;
};
nest_prospects.likelihood_value = function (feature, value) {
	if (feature === "age_band") return __("{0} years", [value]);
	if (["source", "request_type"].includes(feature)) return value;
	return __(value);
};
