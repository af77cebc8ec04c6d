"""A person's records, exported or anonymised: the database side of `personal_data.rules`.

The erasure a manager asks for on a person's request and the daily retention job both call
`anonymise_prospects`: one UPDATE per table over a batch of prospects (their interactions,
review, appointments, tasks, mails, comments found first, by their indexed references), the
Version rows of those records rewritten by one UPDATE per chunk, the act logged.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

import frappe
from frappe.utils import now_datetime

from nest_prospects.constants import (
	APPOINTMENT,
	CONTACT_PERSON,
	FOLLOW_UP_TASK,
	INTERACTION,
	PROSPECT,
	REVIEW,
)
from nest_prospects.followup.next_task import refresh_next_tasks
from nest_prospects.personal_data import rules
from nest_prospects.personal_data.rules import (
	CLEAR,
	CLEAR_IF_RECEIVED,
	COMMENT,
	COMMUNICATION,
	COMMUNICATION_LINK,
	FIRST_NAME,
	FREE_TEXT_FIELDS,
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
	CONTACT_PERSON: "name",
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
	return _with_frappe_records(records, PROSPECT, (PROSPECT, INTERACTION, REVIEW, APPOINTMENT, REFERRAL))


def contact_records_of(contacts: list[str]) -> dict[str, list[str]]:
	"""Every record the app holds on these contact persons (seed 002): their own records and the
	ToDos, mails, comments, bell notifications and files about them."""
	records: dict[str, list[str]] = defaultdict(list)
	records[CONTACT_PERSON] = list(contacts)
	return _with_frappe_records(records, CONTACT_PERSON, (CONTACT_PERSON,))


def _with_frappe_records(
	records: dict[str, list[str]], person_doctype: str, parents: tuple[str, ...]
) -> dict[str, list[str]]:
	"""`records` with Frappe's records about them: the ToDos, the mails (by reference to any of
	`parents`, or by timeline link to the person), the comments on any of these, the bell
	notifications, the files attached."""
	for chunk in in_chunks(records[person_doctype]):
		records[COMMUNICATION_LINK] += _names(
			"""select name from `tabCommunication Link`
			where link_doctype = %(doctype)s and link_name in %(names)s and parenttype = 'Communication'""",
			{"names": tuple(chunk), "doctype": person_doctype},
		)
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


def _person_values(prospects: list[str], doctype: str = PROSPECT) -> dict[str, list[str]]:
	"""Her values as a text may hold them, per prospect (or contact person, who has no date of
	birth), read before they are erased."""
	birth = "date_of_birth" if doctype == PROSPECT else "null as date_of_birth"
	values = {}
	for chunk in in_chunks(prospects):
		for row in frappe.db.sql(
			f"""select name, first_name, last_name, phone, email, {birth}
			from `tab{doctype}` where name in %(names)s""",
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
	return _scrub_versions(
		records, lambda doctype, docname: values.get(owner.get((doctype, docname)), []), VERSIONED
	)


def _scrub_versions(
	records: dict[str, list[str]],
	values_of: Callable[[str, str], list[str]],
	doctypes: tuple[str, ...],
	fields: frozenset[str] | None = None,
) -> int:
	"""The Version rows of `records` (of `doctypes`): the identifying `fields`' values erased
	(all of them by default) and the person's values (`values_of(doctype, docname)`) replaced in
	every text; one SELECT and one UPDATE (a CASE over the changed rows) per doctype and chunk."""
	fields = rules.identifying_fieldnames() if fields is None else fields
	rewritten = 0
	for doctype in doctypes:
		for chunk in in_chunks(records.get(doctype, ())):
			rows = frappe.db.sql(
				"select name, docname, data from `tabVersion` where ref_doctype = %(doctype)s and docname in %(names)s",
				{"doctype": doctype, "names": tuple(chunk)},
				as_dict=True,
			)
			new_data = {}
			for row in rows:
				try:
					data = json.loads(row.data or "{}")
				except ValueError:
					data = {}
				scrubbed = json.dumps(
					rules.scrub_version_data(data, values_of(doctype, row.docname), fields),
					separators=(",", ":"),
					default=str,
				)
				if scrubbed != row.data:
					new_data[row.name] = scrubbed
			_update_by_name("Version", "data", new_data)
			rewritten += len(new_data)
	return rewritten


def _update_by_name(doctype: str, field: str, new_values: dict[str, str | None]) -> None:
	"""`field` of each row named in `new_values` set to its value: one UPDATE (a CASE) per chunk."""
	for part in in_chunks(list(new_values)):
		params = {"names": tuple(part)}
		cases = []
		for i, name in enumerate(part):
			params[f"n{i}"], params[f"d{i}"] = name, new_values[name]
			cases.append(f"when %(n{i})s then %(d{i})s")
		frappe.db.sql(
			f"update `tab{doctype}` set `{field}` = case name {' '.join(cases)} end where name in %(names)s",
			params,
		)


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
	prospects = _not_anonymised(PROSPECT, prospects)
	if not prospects:
		return None
	# Who asked for her alone goes with her (before her link to that person is cleared).
	contact_records = _erase_contacts(contacts_erased_with(prospects), now)
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
	for doctype, names in contact_records.items():
		records[doctype] = sorted({*records.get(doctype, ()), *names})
	return write_log(records, requested_by, request_received_on, now)


def _not_anonymised(doctype: str, names: list[str]) -> list[str]:
	return [
		name
		for chunk in in_chunks(names)
		for name in _names(
			f"select name from `tab{doctype}` where name in %(names)s and anonymised_on is null",
			{"names": tuple(chunk)},
		)
	]


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
	_delete_queued(sorted(queued))
	# A deleted task, comment, mail or interaction of hers names her prospect in its data.
	for person_doctype in (PROSPECT, CONTACT_PERSON):
		for chunk in in_chunks(records.get(person_doctype, ())):
			condition, params = _deleted_naming(chunk)
			frappe.db.sql(f"delete from `tabDeleted Document` where {condition}", params)


def _delete_queued(names: list[str]) -> None:
	"""These mail queue rows and their recipients."""
	for part in in_chunks(names):
		frappe.db.sql(
			"delete from `tabEmail Queue Recipient` where parent in %(names)s", {"names": tuple(part)}
		)
		frappe.db.sql("delete from `tabEmail Queue` where name in %(names)s", {"names": tuple(part)})


def _deleted_naming(names: list[str]) -> tuple[str, dict]:
	"""The condition on Deleted Document of the app's deleted records naming one of `names`."""
	params = {
		"doctypes": (*VERSIONED, CONTACT_PERSON),
		**{f"p{i}": f'%"{name}"%' for i, name in enumerate(names)},
	}
	refers = " or ".join(f"data like %(p{i})s" for i in range(len(names)))
	return f"deleted_doctype in %(doctypes)s and ({refers})", params


# Contact persons (seed 002) -----------------------------------------------------------------

CONTACT_VERSIONED = (CONTACT_PERSON, TODO, COMMUNICATION, COMMENT)


def contacts_erased_with(prospects: list[str]) -> list[str]:
	"""The contact persons of these prospects who ask for nobody else and are not a prospect or a
	patient herself (rules.contacts_erased_with): two queries per chunk."""
	asks_for: dict[str, set[str]] = defaultdict(set)
	herself: set[str] = set()
	for chunk in in_chunks(prospects):
		contacts = _names(
			"""select distinct contact_person from `tabNEST Prospect`
			where name in %(names)s and ifnull(contact_person, '') != ''""",
			{"names": tuple(chunk)},
		)
		if not contacts:
			continue
		for contact, also_prospect, also_patient, anonymised_on in frappe.db.sql(
			"""select name, also_prospect, also_patient, anonymised_on from `tabNEST Contact Person`
			where name in %(names)s""",
			{"names": tuple(contacts)},
		):
			if also_prospect or also_patient or anonymised_on:
				herself.add(contact)
		for prospect, contact in frappe.db.sql(
			"select name, contact_person from `tabNEST Prospect` where contact_person in %(names)s",
			{"names": tuple(contacts)},
		):
			asks_for[contact].add(prospect)
	return sorted(rules.contacts_erased_with(asks_for, herself, set(prospects)))


def prospects_asked_for_by(contacts: list[str]) -> list[str]:
	return [
		name
		for chunk in in_chunks(contacts)
		for name in _names(
			"select name from `tabNEST Prospect` where contact_person in %(names)s", {"names": tuple(chunk)}
		)
	]


def anonymise_contact_persons(
	contacts: list[str], requested_by: str, request_received_on=None, now: datetime | None = None
) -> str | None:
	"""Anonymise these contact persons and what is about them; return the erasure log's name.

	The prospects she asks for keep their link to her (now "Anonyme CON-…") and their relation,
	for the statistics; her values are replaced in their texts. The caller checks who may do it.
	"""
	now = now or now_datetime()
	records = _erase_contacts(contacts, now)
	return write_log(records, requested_by, request_received_on, now) if records else None


def _erase_contacts(contacts: list[str], now: datetime) -> dict[str, list[str]]:
	"""Her record and the records about her anonymised (rules.IDENTIFYING_FIELDS), her values
	replaced in the free texts and the history of the prospects she asks for
	(rules.FREE_TEXT_FIELDS), their copies dropped; what was erased, by doctype."""
	contacts = _not_anonymised(CONTACT_PERSON, contacts)
	if not contacts:
		return {}
	records = contact_records_of(contacts)
	values = sorted(
		{value for person in _person_values(contacts, CONTACT_PERSON).values() for value in person},
		key=lambda value: (-len(value), value),
	)
	asked_for = prospects_asked_for_by(contacts)
	theirs = records_of(asked_for)
	# In the prospects' records, only her values go: their own fields stay as they are.
	_scrub_versions(theirs, lambda _doctype, _name: values, VERSIONED, frozenset())
	changed = _scrub_free_texts(theirs, values)
	_drop_mentioning(theirs, asked_for, changed, values)
	_scrub_versions(records, lambda _doctype, _name: values, CONTACT_VERSIONED)
	_anonymise_table(CONTACT_PERSON, contacts, {"anonymised_on": now})
	for doctype in (TODO, COMMUNICATION, COMMUNICATION_LINK, COMMENT, NOTIFICATION_LOG):
		if records.get(doctype):
			_anonymise_table(doctype, records[doctype])
	# Nobody is reached through her any more; the link and the relation stay (statistics).
	for chunk in in_chunks(asked_for):
		frappe.db.sql(
			"update `tabNEST Prospect` set reach_through_contact = 0 where name in %(names)s",
			{"names": tuple(chunk)},
		)
	_drop_copies(records)
	_stop_follow_up(records)
	for name in records.get("File", ()):
		frappe.delete_doc("File", name, ignore_permissions=True, force=True)
	for doctype, names in (*records.items(), (PROSPECT, asked_for)):
		for name in names:
			frappe.clear_document_cache(doctype, name)
	return records


def _scrub_free_texts(records: dict[str, list[str]], values: list[str]) -> dict[str, set[str]]:
	"""Her values replaced in the free texts of `records` (rules.FREE_TEXT_FIELDS): one SELECT
	per doctype and chunk, one UPDATE per changed field; the names of the rows changed."""
	changed: dict[str, set[str]] = defaultdict(set)
	for doctype, fields in FREE_TEXT_FIELDS.items():
		columns = set(frappe.db.get_table_columns(doctype))
		fields = [field for field in fields if field in columns]
		for chunk in in_chunks(records.get(doctype, ())):
			rows = frappe.db.sql(
				f"select name, {', '.join(f'`{field}`' for field in fields)} from `tab{doctype}` where name in %(names)s",
				{"names": tuple(chunk)},
				as_dict=True,
			)
			new_values: dict[str, dict[str, str | None]] = defaultdict(dict)
			for row in rows:
				for field in fields:
					scrubbed = rules.scrub_text(row[field], values)
					if scrubbed != row[field]:
						new_values[field][row.name] = scrubbed
						changed[doctype].add(row.name)
			for field, by_name in new_values.items():
				_update_by_name(doctype, field, by_name)
	return changed


def _drop_mentioning(
	records: dict[str, list[str]], prospects: list[str], changed: dict[str, set[str]], values: list[str]
) -> None:
	"""The copies of the prospects' records that mention her: the mail queue's (a mail to her, an
	assignment's notice naming her) and the deleted-documents bin's."""
	queued = set(_referencing("Email Queue", "reference_doctype", "reference_name", records, VERSIONED))
	for chunk in in_chunks(sorted(changed.get(COMMUNICATION, ()))):
		queued.update(
			_names(
				"select name from `tabEmail Queue` where communication in %(names)s", {"names": tuple(chunk)}
			)
		)
	mentioning = []
	for chunk in in_chunks(sorted(queued)):
		mentioning += [
			name
			for name, message in frappe.db.sql(
				"select name, message from `tabEmail Queue` where name in %(names)s", {"names": tuple(chunk)}
			)
			if rules.scrub_text(message, values) != message
		]
	_delete_queued(mentioning)
	for chunk in in_chunks(prospects):
		condition, params = _deleted_naming(chunk)
		deleted = [
			name
			for name, data in frappe.db.sql(
				f"select name, data from `tabDeleted Document` where {condition}", params
			)
			if rules.scrub_text(data, values) != data
		]
		for part in in_chunks(deleted):
			frappe.db.sql("delete from `tabDeleted Document` where name in %(names)s", {"names": tuple(part)})


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
	# Who asks for her (seed 002), and her own records as someone who asks for others.
	out["contact_persons"] = _contact_persons(
		{"name": out["prospect"].get("contact_person") or ""}, out["prospect"]
	)
	out["as_contact_person"] = _contact_persons({"also_prospect": prospect})
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
	return {**out, **_exported(records, sections, VERSIONED)}


def export_contact_data(contact: str) -> dict:
	"""Everything the app holds on a contact person, as one JSON-ready dict: her record, the
	prospects she asks for (their record names and her relation to them), and what is about her."""
	records = contact_records_of([contact])
	out: dict = {
		"exported_on": now_datetime(),
		"exported_by": frappe.session.user,
		"contact_person": frappe.get_doc(CONTACT_PERSON, contact).as_dict(convert_dates_to_str=True),
		"asks_for": frappe.get_all(
			PROSPECT,
			filters={"contact_person": contact},
			fields=["name", "contact_relation", "reach_through_contact"],
			order_by="name",
		),
	}
	sections = {"todos": TODO, "communications": COMMUNICATION, "comments": COMMENT, "files": "File"}
	return {**out, **_exported(records, sections, CONTACT_VERSIONED)}


def _contact_persons(filters: dict, prospect: dict | None = None) -> list[dict]:
	"""The contact persons matching `filters` (their names, phone, email, role, language), with
	their relation to `prospect` when given."""
	rows = frappe.get_all(
		CONTACT_PERSON,
		filters=filters,
		fields=[
			"name",
			"first_name",
			"last_name",
			"full_name",
			"phone",
			"email",
			"person_role",
			"spoken_language",
		],
		order_by="name",
	)
	if prospect:
		for row in rows:
			row["relation"] = prospect.get("contact_relation")
			row["reach_through_contact"] = prospect.get("reach_through_contact")
	return rows


def _exported(records: dict[str, list[str]], sections: dict[str, str], versioned: tuple[str, ...]) -> dict:
	"""Each section's records as dicts, and the Version rows of the `versioned` doctypes' records."""
	out: dict = {
		key: [
			frappe.get_doc(doctype, name).as_dict(convert_dates_to_str=True)
			for name in records.get(doctype, ())
		]
		for key, doctype in sections.items()
	}
	out["versions"] = [
		row
		for doctype in versioned
		for chunk in in_chunks(records.get(doctype, ()))
		for row in frappe.db.sql(
			"""select name, ref_doctype, docname, owner, creation, data from `tabVersion`
			where ref_doctype = %(doctype)s and docname in %(names)s order by creation""",
			{"doctype": doctype, "names": tuple(chunk)},
			as_dict=True,
		)
	]
	return out
