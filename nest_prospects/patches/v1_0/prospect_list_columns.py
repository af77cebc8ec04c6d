"""The prospect list shows the source, the responsible user and the last interaction too: nine
columns instead of six, on the sites whose List View Settings still have the six seeded."""

import frappe

from nest_prospects.setup.install import LIST_SETTINGS


def execute():
	if frappe.db.get_value("List View Settings", "NEST Prospect", "total_fields") == "6":
		frappe.db.set_value(
			"List View Settings",
			"NEST Prospect",
			"total_fields",
			LIST_SETTINGS["NEST Prospect"]["total_fields"],
		)
