"""The prospect's next task (its reason and due date) is stored on the prospect, for its list:
filled from the open follow-up tasks of every prospect, and the list shows it as its tenth
column on the sites whose List View Settings still have the nine of the previous patch."""

import frappe

from nest_prospects.followup.next_task import refresh_next_tasks
from nest_prospects.setup.install import LIST_SETTINGS


def execute():
	refresh_next_tasks()
	if frappe.db.get_value("List View Settings", "NEST Prospect", "total_fields") == "9":
		frappe.db.set_value(
			"List View Settings",
			"NEST Prospect",
			"total_fields",
			LIST_SETTINGS["NEST Prospect"]["total_fields"],
		)
