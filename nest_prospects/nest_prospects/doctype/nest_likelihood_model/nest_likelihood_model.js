// Copyright (c) 2026, NEST and contributors
// For license information, please see license.txt

frappe.ui.form.on("NEST Likelihood Model", {
	refresh(frm) {
		// The frequency tables as the manager reads them: per feature and value, the reviewed
		// prospects converted and not, and the share converted.
		const field = frm.get_field("tables_html");
		if (!field) return;
		let tables = {};
		try {
			tables = JSON.parse(frm.doc.frequency_tables || "{}") || {};
		} catch (e) {
			tables = {};
		}
		const counts = tables.counts || {};
		const features = [
			"source",
			"temperature",
			"request_type",
			"first_channel",
			"age_band",
			"documents_sent",
			"appointment_booked",
		].filter((feature) => counts[feature]);
		if (!features.length) {
			field.$wrapper.html(`<p class="text-muted">${__("No conversion review yet.")}</p>`);
			return;
		}
		const esc = frappe.utils.escape_html;
		const rows = [];
		for (const feature of features) {
			for (const [value, [converted, other]] of Object.entries(counts[feature])) {
				const total = converted + other;
				rows.push(
					`<tr><td>${esc(nest_prospects.likelihood_feature(feature))}</td>` +
						`<td>${esc(nest_prospects.likelihood_value(feature, value))}</td>` +
						`<td class="text-right">${converted}</td><td class="text-right">${other}</td>` +
						`<td class="text-right">${total ? format_number((100 * converted) / total, null, 1) : ""} %</td></tr>`
				);
			}
		}
		field.$wrapper.html(
			`<table class="table table-bordered table-sm"><thead><tr><th>${__("Feature")}</th>` +
				`<th>${__("Value")}</th><th class="text-right">${__("Converted Prospects")}</th>` +
				`<th class="text-right">${__("Other Prospects")}</th>` +
				`<th class="text-right">${__("Share Converted")}</th></tr></thead>` +
				`<tbody>${rows.join("")}</tbody></table>`
		);
	},
});
