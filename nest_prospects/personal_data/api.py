"""The manager's acts on a person's request, called by the document methods
`export_personal_data` and `erase_personal_data` of NEST Prospect and NEST Contact Person
from the forms' "Personal Data" buttons."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from nest_prospects.constants import CONTACT_PERSON, MANAGERS, PROSPECT
from nest_prospects.personal_data.erasure import (
	anonymise_contact_persons,
	anonymise_prospects,
	export_contact_data,
	export_data,
)
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
	"""Anonymise the person and everything about her, on her (or another's) request; logged.
	A contact person who asks for her alone goes with her (erasure.contacts_erased_with)."""
	check_erasure(PROSPECT, prospect, requested_by, request_received_on)
	log = anonymise_prospects([prospect], requested_by, request_received_on or None)
	return {"log": log}


def export_contact_person(contact: str) -> dict:
	"""The file of everything the app holds on a contact person: its name and its JSON text."""
	check_manager()
	frappe.has_permission(CONTACT_PERSON, "read", doc=contact, throw=True)
	return {
		"filename": f"donnees-personnelles-{contact}.json",
		"content": frappe.as_json(export_contact_data(contact), indent=1),
	}


def erase_contact_person(
	contact: str, requested_by: str | None, request_received_on: str | None = None
) -> dict:
	"""Anonymise a contact person on her request; the prospects she asks for keep the link."""
	check_erasure(CONTACT_PERSON, contact, requested_by, request_received_on)
	log = anonymise_contact_persons([contact], requested_by, request_received_on or None)
	return {"log": log}


def check_erasure(doctype: str, name: str, requested_by: str | None, request_received_on: str | None) -> None:
	"""A manager who may write the record, on whose request, received when (not later than
	today), of a person not erased yet; a translated refusal otherwise, nothing erased."""
	check_manager()
	frappe.has_permission(doctype, "write", doc=name, throw=True)
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
	if frappe.db.get_value(doctype, name, "anonymised_on"):
		frappe.throw(_("This person's data has already been erased."), title=_("Nothing was erased"))
