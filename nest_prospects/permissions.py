"""Who reads what of the app's records, beyond the DocType permissions (hooks.py).

- Three of Frappe's whitelisted methods answer any logged-in user without checking a
  permission (Frappe v15): `frappe.client.get_count` (`frappe.db.count`: "is there a
  prospect with this phone?"), `frappe.desk.search.get_link_title` (a prospect's full name
  from her reference, the title shown in links) and `frappe.desk.listview.get_group_by_count`
  with the field `assigned_to` (the ToDos of the records matching any filter). For the app's
  doctypes the overrides (hooks.py, override_whitelisted_methods) check the caller's
  permission first, and count through `frappe.get_list`, so that the rows she may not read
  are not counted; a user who cannot read the doctype gets HTTP 403. Other doctypes go to
  Frappe's own methods, unchanged.
- The patient system's API user (role NEST Patient System alone) reads the appointments it
  pushed for patients, and nothing of the prospects: the appointments of prospects carry
  their names (`party_name`), and a filter on it would be an oracle too.
"""

# No `from __future__ import annotations`: Frappe validates whitelisted arguments against real
# type hints (it skips hints that are strings).
import frappe

from nest_prospects.constants import API_ROLE, APPOINTMENT, PATIENT

MODULE = "NEST Prospects"
# Roles that read prospects: a user with one of them is not "the API user alone".
PROSPECT_READERS = frozenset({"NEST Agent", "NEST Manager", "System Manager", "Administrator"})
PATIENT_SYSTEM_SOURCE = "Patient System"


def is_app_doctype(doctype: str | None) -> bool:
	if not isinstance(doctype, str) or not doctype.startswith("NEST "):
		return False
	try:
		return frappe.get_meta(doctype).module == MODULE
	except frappe.DoesNotExistError:
		frappe.clear_last_message()
		return False


@frappe.whitelist()
def get_count(
	doctype: str, filters: str | dict | list | None = None, debug: bool = False, cache: bool = False
) -> int:
	"""frappe.client.get_count, with the caller's permissions for the app's doctypes."""
	if not is_app_doctype(doctype):
		from frappe.client import get_count as frappe_get_count

		return frappe_get_count(doctype, filters=filters, debug=debug, cache=cache)
	from frappe.utils import get_safe_filters

	frappe.has_permission(doctype, "read", throw=True)
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=[f"count(`tab{doctype}`.name) as total_count"],
		order_by=None,
		as_list=True,
	)
	return rows[0][0] if rows else 0


@frappe.whitelist()
def get_link_title(doctype: str, docname: str):
	"""frappe.desk.search.get_link_title: an app record's title only to who may read or select it."""
	from frappe.desk.search import get_link_title as frappe_get_link_title

	if is_app_doctype(doctype) and not (
		frappe.has_permission(doctype, "select", doc=docname)
		or frappe.has_permission(doctype, "read", doc=docname)
	):
		raise frappe.PermissionError(doctype)
	return frappe_get_link_title(doctype, docname)


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""frappe.desk.listview.get_group_by_count (the list's sidebar), with a permission check first.

	Its "assigned_to" count reads the filtered rows without the caller's permissions: the API
	user, whose rows are restricted, gets none of it (it has no desk).
	"""
	from frappe.desk.listview import get_group_by_count as frappe_get_group_by_count

	if is_app_doctype(doctype):
		frappe.has_permission(doctype, "read", throw=True)
		if only_patient_system():
			raise frappe.PermissionError(doctype)
	return frappe_get_group_by_count(doctype, current_filters, field)


def only_patient_system(user: str | None = None) -> bool:
	"""The user is the patient system's API user: its role, none that reads prospects."""
	user = user or frappe.session.user
	if user == "Administrator":
		return False
	roles = set(frappe.get_roles(user))
	return API_ROLE in roles and not (roles & PROSPECT_READERS)


def appointment_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions of NEST Appointment: the API user lists its patients' pushed appointments."""
	if not only_patient_system(user):
		return ""
	return (
		f"(`tab{APPOINTMENT}`.`source` = {frappe.db.escape(PATIENT_SYSTEM_SOURCE)}"
		f" and `tab{APPOINTMENT}`.`party_type` = {frappe.db.escape(PATIENT)})"
	)


def appointment_has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False):
	"""has_permission of NEST Appointment: the same rows as appointment_query_conditions."""
	if not only_patient_system(user):
		return None
	return doc.get("source") == PATIENT_SYSTEM_SOURCE and doc.get("party_type") == PATIENT
