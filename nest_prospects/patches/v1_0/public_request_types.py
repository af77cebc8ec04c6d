"""The website's inquiry page offers the request types marked public: on the sites installed
before, the seeded ones it offers are marked once (the two it adds are seeded marked)."""

import frappe

from nest_prospects.setup.install import PUBLIC_REQUEST_TYPES


def execute():
	for code, label in PUBLIC_REQUEST_TYPES.items():
		if frappe.db.exists("NEST Request Type", code):
			frappe.db.set_value(
				"NEST Request Type", code, {"public": 1, "public_label": label}, update_modified=False
			)
