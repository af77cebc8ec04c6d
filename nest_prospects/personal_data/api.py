"""The manager's acts on a person's request, called by NEST Prospect's document methods
(`export_personal_data`, `erase_personal_data`) from the form's "Personal Data" buttons."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from nest_prospects.constants import MANAGERS
from nest_prospects.personal_data.erasure import anonymise_prospects, export_data
from nest_prospects.personal_data.rules import REQUESTERS


def check_manager() -> None:
	"""Export and erasure are a manager's acts (NEST Manager or System Manager): 403 otherwise."""
	if set(MANAGERS).isdisjoint(frappe.get_roles()):
		frappe.throw(_("Only a manager may export or erase a person's data."), frappe.PermissionError)


def export_prospect(prospect: str) -> dict:
	"""The file of everything the app holds on the person: its name and its JSON text."""
	check_manager()
	frappe.has_permission("NEST Prospect", "read", doc=prospect, throw=True)
	return {
		"filename": f"donnees-personnelles-{prospect}.json",
		"content": frappe.as_json(export_data(prospect), indent=1),
	}


def erase_prospect(prospect: str, requested_by: str | None, request_received_on: str | None = None) -> dict:
	"""Anonymise the person and everything about her, on her (or another's) request; logged."""
	check_manager()
	frappe.has_permission("NEST Prospect", "write", doc=prospect, throw=True)
	if requested_by not in REQUESTERS:
		frappe.throw(
			_("{0}: say on whose request the data is erased.").format(_("On Whose Request")),
			title=_("Nothing was erased"),
		)
	if request_received_on:
		try:
			received = getdate(request_received_on)
		except Exception:
			received = None
		if received is None or received > getdate(today()):
			frappe.throw(
				_("{0}: a date no later than today.").format(_("Request Received On")),
				title=_("Nothing was erased"),
			)
	if frappe.db.get_value("NEST Prospect", prospect, "anonymised_on"):
		frappe.throw(_("This person's data has already been erased."), title=_("Nothing was erased"))
	log = anonymise_prospects([prospect], requested_by, request_received_on or None)
	return {"log": log}
