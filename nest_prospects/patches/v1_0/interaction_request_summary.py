"""Interactions saved before the list's "Requests" column get their request codes in it."""

import frappe

from nest_prospects.constants import INTERACTION
from nest_prospects.nest_prospects.doctype.nest_interaction.nest_interaction import (
	REQUEST_ROW,
	request_summary,
)


def execute() -> None:
	codes: dict[str, list[str]] = {}
	for row in frappe.get_all(
		REQUEST_ROW,
		filters={"parenttype": INTERACTION},
		fields=["parent", "request_type"],
		order_by="parent asc, idx asc",
	):
		codes.setdefault(row.parent, []).append(row.request_type)
	for name, request_codes in codes.items():
		frappe.db.set_value(
			INTERACTION,
			name,
			"request_summary",
			request_summary(request_codes, max_length=140) or None,
			update_modified=False,
		)
