"""A person's records, exported or anonymised: the database side of `personal_data.rules`.

The erasure a manager asks for on a person's request and the daily retention job both call
`anonymise_prospects`: one UPDATE per table over a batch of prospects (their interactions,
review, appointments, tasks, mails, comments found first, by their indexed references), the
Version rows of those records rewritten by one UPDATE per chunk, the act logged.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime

import frappe
from frappe.utils import now_datetime

from nest_prospects.constants import APPOINTMENT, FOLLOW_UP_TASK, INTERACTION, PROSPECT, REVIEW
from nest_prospects.followup.next_task import refresh_next_tasks
from nest_prospects.personal_data import rules
from nest_prospects.personal_data.rules import (
	CLEAR,
	CLEAR_IF_RECEIVED,
	COMMENT,
	COMMUNICATION,
	COMMUNICATION_LINK,
	FIRST_NAME,
	IDENTIFYING_FIELDS,
	MARK,
	NOTIFICATION_LOG,
	PSEUDONYM,
	RECORD_NAME,
	REFERRAL,
	TODO,
)
from nest_prospects.sql import in_chunks

ERASURE_LOG = "NEST Erasure Log"
# The column of each table that names the person (her prospect), for her pseudonym.
PERSON_COLUMN = {
	PROSPECT: "name",
	INTERACTION: "party",
	REVIEW: "prospect",
	APPOINTMENT: "party",
	COMMUNICATION_LINK: "link_name",
}


def records_of(prospects: list[str]) -> dict[str, list[str]]:
	"""Every record the app holds on these prospects, by doctype: the prospects, their
	interactions, review, appointments, referrals, follow-up tasks and ToDos, the mails on them (by
	reference or timeline link), the comments on any of these, the files attached to them."""
	records: dict[str, list[str]] = defaultdict(list)
	records[PROSPECT] = list(prospects)
	for chunk in in_chunks(prospects):
		params = {"names": tuple(chunk), "prospect": PROSPECT}
		records[INTERACTION] += _names(
			"select name from `tabNEST Interaction` where party_type = %(prospect)s and party in %(names)s",
			params,
		)
		records[REVIEW] += _names(
			"select name from `tabNEST Conversion Review` where prospect in %(names)s", params
		)
		records[APPOINTMENT] += _names(
			"select name from `tabNEST Appointment` where party_type = %(prospect)s and party in %(names)s",
			params,
		)
		records[REFERRAL] += _names("select name from `tabNEST Referral` where prospect in %(names)s", params)
		records[FOLLOW_UP_TASK] += _names(
			"""select name from `tabNEST Follow-up Task`
			where reference_type = %(prospect)s and reference_name in %(names)s""",
			params,
		)
		records[COMMUNICATION_LINK] += _names(
			"""select name from `tabCommunication Link`
			where link_doctype = %(prospect)s and link_name in %(names)s and parenttype = 'Communication'""",
			params,
		)
	parents = (PROSPECT, INTERACTION, REVIEW, APPOINTMENT, REFERRAL)
	records[TODO] = _referencing("ToDo", "reference_type", "reference_name", records, parents)
	communications = set(_referencing(COMMUNICATION, "reference_doctype", "reference_name", records, parents))
	for chunk in in_chunks(records[COMMUNICATION_LINK]):
		communications.update(
			_names(
				"select parent from `tabCommunication Link` where name in %(names)s", {"names": tuple(chunk)}
			)
		)
	records[COMMUNICATION] = sorted(communications)
	records[COMMENT] = _referencing(
		COMMENT, "reference_doctype", "reference_name", records, (*parents, TODO, COMMUNICATION)
	)
	records[NOTIFICATION_LOG] = _referencing(
		NOTIFICATION_LOG, "document_type", "document_name", records, parents
	)
	records["File"] = _referencing("File", "attached_to_doctype", "attached_to_name", records, parents)
	return {doctype: names for doctype, names in records.items() if names}


def _names(query: str, params: dict) -> list[str]:
	return [row[0] for row in frappe.db.sql(query, params)]


def _referencing(
	doctype: str, type_field: str, name_field: str, records: dict[str, list[str]], parents: tuple[str, ...]
) -> list[str]:
	"""The `doctype` rows pointing (type_field, name_field) at any of `records` of `parents`."""
	found: list[str] = []
	for parent in parents:
		for chunk in in_chunks(records.get(parent, ())):
			found += _names(
				f"select name from `tab{doctype}` where {type_field} = %(parent)s and {name_field} in %(names)s",
				{"parent": parent, "names": tuple(chunk)},
			)
	return sorted(set(found))


def _value_sql(doctype: str, field: str, kind: str, params: dict) -> str:
	"""The SQL expression a field of kind `kind` is set to (rules.anonymised_value in SQL)."""
	if kind == CLEAR:
		return "NULL"
	if kind == MARK:
		return "%(erased_text)s"
	if kind == FIRST_NAME:
		return "%(anonymous)s"
	if kind == RECORD_NAME:
		return "`name`"
	if kind == PSEUDONYM:
		return f"concat(%(anonymous)s, ' ', `{PERSON_COLUMN[doctype]}`)"
	if kind == CLEAR_IF_RECEIVED:
		return f"if(sent_or_received = 'Received', NULL, `{field}`)"
	raise ValueError(kind)


def _anonymise_table(doctype: str, names: list[str], extra: dict | None = None) -> None:
	"""One UPDATE of the identifying fields of `names` (per chunk of IN_LIST_LIMIT)."""
	params = {"erased_text": rules.ERASED_TEXT, "anonymous": rules.ANONYMOUS}
	columns = set(frappe.db.get_table_columns(doctype))
	assignments = [
		f"`{field}` = {_value_sql(doctype, field, kind, params)}"
		for field, kind in IDENTIFYING_FIELDS[doctype].items()
		if field in columns
	]
	for field, value in (extra or {}).items():
		params[f"extra_{field}"] = value
		assignments.append(f"`{field}` = %(extra_{field})s")
	for chunk in in_chunks(names):
		frappe.db.sql(
			f"update `tab{doctype}` set {', '.join(assignments)} where name in %(names)s",
			{**params, "names": tuple(chunk)},
		)


def _person_values(prospects: list[str]) -> dict[str, list[str]]:
	"""Her values as a text may hold them, per prospect (read before they are erased)."""
	values = {}
	for chunk in in_chunks(prospects):
		for row in frappe.db.sql(
			"""select name, first_name, last_name, phone, email, date_of_birth
			from `tabNEST Prospect` where name in %(names)s""",
			{"names": tuple(chunk)},
			as_dict=True,
		):
			values[row.name] = rules.person_values(
				row.first_name,
				row.last_name,
				row.phone,
				row.email,
				row.date_of_birth,
				_national_number(row.phone),
			)
	return values


def _national_number(e164: str | None) -> str | None:
	"""`+221771234567` -> `771234567`: the number as typed in its country."""
	import phonenumbers

	try:
		return str(phonenumbers.parse(e164, None).national_number) if e164 else None
	except phonenumbers.NumberParseException:
		return None


def _owner_of(records: dict[str, list[str]]) -> dict[tuple[str, str], str]:
	"""Which prospect each record is about, for the values to scrub from its Versions."""
	owner: dict[tuple[str, str], str] = {(PROSPECT, name): name for name in records.get(PROSPECT, ())}
	queries = {
		INTERACTION: "select name, party from `tabNEST Interaction` where name in %(names)s",
		REVIEW: "select name, prospect from `tabNEST Conversion Review` where name in %(names)s",
		APPOINTMENT: "select name, party from `tabNEST Appointment` where name in %(names)s",
		REFERRAL: "select name, prospect from `tabNEST Referral` where name in %(names)s",
		TODO: "select name, reference_type, reference_name from `tabToDo` where name in %(names)s",
		COMMENT: "select name, reference_doctype, reference_name from `tabComment` where name in %(names)s",
		COMMUNICATION: """select c.name, l.link_doctype, l.link_name from `tabCommunication` c
			left join `tabCommunication Link` l on l.parent = c.name and l.link_doctype = 'NEST Prospect'
			where c.name in %(names)s""",
	}
	for doctype in (INTERACTION, REVIEW, APPOINTMENT, REFERRAL, TODO, COMMUNICATION, COMMENT):
		for chunk in in_chunks(records.get(doctype, ())):
			for row in frappe.db.sql(queries[doctype], {"names": tuple(chunk)}):
				person = row[1] if len(row) == 2 else owner.get((row[1], row[2]))
				if person is not None:
					owner[(doctype, row[0])] = person
			if doctype == COMMUNICATION:
				# A mail about an interaction (not linked to the prospect): that interaction's person.
				for name, ref_doctype, ref_name in frappe.db.sql(
					"""select name, reference_doctype, reference_name from `tabCommunication`
					where name in %(names)s""",
					{"names": tuple(chunk)},
				):
					if owner.get((ref_doctype, ref_name)):
						owner.setdefault((COMMUNICATION, name), owner[(ref_doctype, ref_name)])
	return {key: person for key, person in owner.items() if person}


VERSIONED = (PROSPECT, INTERACTION, REVIEW, APPOINTMENT, REFERRAL, TODO, COMMUNICATION, COMMENT)


def _rewrite_versions(records: dict[str, list[str]], values: dict[str, list[str]]) -> int:
	"""The Version rows of these records, their identifying values erased (rules.scrub_version_data):
	one SELECT and one UPDATE (a CASE over the rows) per doctype and chunk."""
	owner = _owner_of(records)
	fields = rules.identifying_fieldnames()
	rewritten = 0
	for doctype in VERSIONED:
		for chunk in in_chunks(records.get(doctype, ())):
			rows = frappe.db.sql(
				"select name, docname, data from `tabVersion` where ref_doctype = %(doctype)s and docname in %(names)s",
				{"doctype": doctype, "names": tuple(chunk)},
				as_dict=True,
			)
			new_data = {}
			for row in rows:
				person_values = values.get(owner.get((doctype, row.docname)), [])
				try:
					data = json.loads(row.data or "{}")
				except ValueError:
					data = {}
				new_data[row.name] = json.dumps(
					rules.scrub_version_data(data, person_values, fields), separators=(",", ":"), default=str
				)
			for part in in_chunks(list(new_data)):
				params = {"names": tuple(part)}
				cases = []
				for i, name in enumerate(part):
					params[f"n{i}"], params[f"d{i}"] = name, new_data[name]
					cases.append(f"when %(n{i})s then %(d{i})s")
				frappe.db.sql(
					f"update `tabVersion` set data = case name {' '.join(cases)} end where name in %(names)s",
					params,
				)
				rewritten += len(part)
	return rewritten


def anonymise_prospects(
	prospects: list[str],
	requested_by: str,
	request_received_on=None,
	now: datetime | None = None,
) -> str | None:
	"""Anonymise these prospects and everything about them; return the erasure log's name.

	Prospects already anonymised are left out (a second run changes nothing). The caller checks
	who may do it and commits.
	"""
	now = now or now_datetime()
	prospects = [
		name
		for chunk in in_chunks(prospects)
		for name in _names(
			"select name from `tabNEST Prospect` where name in %(names)s and anonymised_on is null",
			{"names": tuple(chunk)},
		)
	]
	if not prospects:
		return None
	records = records_of(prospects)
	values = _person_values(prospects)
	# The Versions first: their owners are found through the records' references.
	_rewrite_versions(records, values)
	_anonymise_table(PROSPECT, prospects, {"anonymised_on": now})
	for doctype in (
		INTERACTION,
		REVIEW,
		APPOINTMENT,
		REFERRAL,
		TODO,
		COMMUNICATION,
		COMMUNICATION_LINK,
		COMMENT,
		NOTIFICATION_LOG,
	):
		if records.get(doctype):
			_anonymise_table(doctype, records[doctype])
	_drop_copies(records)
	_stop_follow_up(records)
	for name in records.get("File", ()):
		frappe.delete_doc("File", name, ignore_permissions=True, force=True)
	for doctype, names in records.items():
		for name in names:
			frappe.clear_document_cache(doctype, name)
	return write_log(records, requested_by, request_received_on, now)


def _stop_follow_up(records: dict[str, list[str]]) -> None:
	"""Nobody calls an erased person (her contact is gone): her open tasks are cancelled, as the
	review cancels those of a prospect who left the follow-up; the closed ones stay as they were."""
	for chunk in in_chunks(records.get(TODO, ())):
		frappe.db.sql(
			"update `tabToDo` set status = 'Cancelled', modified = %(now)s where name in %(names)s and status = 'Open'",
			{"now": now_datetime(), "names": tuple(chunk)},
		)
	refresh_next_tasks(records.get(PROSPECT, []))


def _drop_copies(records: dict[str, list[str]]) -> None:
	"""What holds a copy of her data outside the records: the mail queue (the mails as sent,
	recipients included) and the deleted-documents bin (a deleted comment or task of hers)."""
	queued: set[str] = set()
	for chunk in in_chunks(records.get(COMMUNICATION, ())):
		queued.update(
			_names(
				"select name from `tabEmail Queue` where communication in %(names)s", {"names": tuple(chunk)}
			)
		)
	# Notification mails (an assignment, a reminder) refer to the record, not to a Communication.
	queued.update(_referencing("Email Queue", "reference_doctype", "reference_name", records, VERSIONED))
	for part in in_chunks(sorted(queued)):
		frappe.db.sql(
			"delete from `tabEmail Queue Recipient` where parent in %(names)s", {"names": tuple(part)}
		)
		frappe.db.sql("delete from `tabEmail Queue` where name in %(names)s", {"names": tuple(part)})
	# A deleted task, comment, mail or interaction of hers names her prospect in its data.
	for chunk in in_chunks(records.get(PROSPECT, ())):
		params = {"doctypes": VERSIONED, **{f"p{i}": f'%"{name}"%' for i, name in enumerate(chunk)}}
		refers = " or ".join(f"data like %(p{i})s" for i in range(len(chunk)))
		frappe.db.sql(
			f"delete from `tabDeleted Document` where deleted_doctype in %(doctypes)s and ({refers})", params
		)


def write_log(records: dict[str, list[str]], requested_by: str, request_received_on, now: datetime) -> str:
	"""The act, without personal data: who, when, on whose request, which records."""
	listed = {doctype: names for doctype, names in records.items() if doctype != COMMUNICATION_LINK}
	log = frappe.get_doc(
		{
			"doctype": ERASURE_LOG,
			"erased_on": now,
			"erased_by": frappe.session.user,
			"requested_by": requested_by,
			"request_received_on": request_received_on,
			"prospect_count": len(records.get(PROSPECT, ())),
			"record_count": sum(len(names) for names in listed.values()),
			"records": rules.records_summary(listed),
		}
	)
	log.flags.written_by_app = True
	log.insert(ignore_permissions=True)
	return log.name


# Export --------------------------------------------------------------------------------------


def export_data(prospect: str) -> dict:
	"""Everything the app holds on the person of `prospect`, as one JSON-ready dict."""
	records = records_of([prospect])
	out: dict = {
		"exported_on": now_datetime(),
		"exported_by": frappe.session.user,
		"prospect": frappe.get_doc(PROSPECT, prospect).as_dict(convert_dates_to_str=True),
	}
	patient = out["prospect"].get("patient")
	if patient and frappe.db.exists("NEST Patient", patient):
		out["patient"] = frappe.get_doc("NEST Patient", patient).as_dict(convert_dates_to_str=True)
	sections = {
		"interactions": INTERACTION,
		"conversion_review": REVIEW,
		"appointments": APPOINTMENT,
		"referrals": REFERRAL,
		"follow_up_tasks": FOLLOW_UP_TASK,
		"todos": TODO,
		"communications": COMMUNICATION,
		"comments": COMMENT,
		"files": "File",
	}
	for key, doctype in sections.items():
		out[key] = [
			frappe.get_doc(doctype, name).as_dict(convert_dates_to_str=True)
			for name in records.get(doctype, ())
		]
	out["versions"] = [
		row
		for doctype in VERSIONED
		for chunk in in_chunks(records.get(doctype, ()))
		for row in frappe.db.sql(
			"""select name, ref_doctype, docname, owner, creation, data from `tabVersion`
			where ref_doctype = %(doctype)s and docname in %(names)s order by creation""",
			{"doctype": doctype, "names": tuple(chunk)},
			as_dict=True,
		)
	]
	return out
