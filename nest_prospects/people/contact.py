"""Who asks, for whom (seed 002): the prospect's contact person, whom the calls and mails go to,
and the prospect's account manager ("responsable clientèle"). The rules are in people/rules/."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import frappe
from frappe import _

from nest_prospects.constants import AGENT_ROLE, CONTACT_PERSON, MANAGER_ROLE, PROSPECT
from nest_prospects.people.rules.colleagues import ColleagueSearch, matches_name
from nest_prospects.people.rules.contacts import Reach, choose_reach, contact_problems
from nest_prospects.sql import in_chunks

# Who may be a prospect's account manager: an enabled user of the app's desk, those the
# follow-up gives tasks to (followup.due_tasks._assignee_sql; the others' go to the pool user).
ACCOUNT_MANAGER_ROLES = (AGENT_ROLE, MANAGER_ROLE)


def validate_who_asks(doc) -> None:
	"""The prospect's contact person, her relation and the account manager, or a 417 naming the field."""
	also_prospect = doc.contact_person and frappe.db.get_value(
		CONTACT_PERSON, doc.contact_person, "also_prospect"
	)
	if not doc.contact_person:
		doc.reach_through_contact = 1  # the default, should she get one later
	for template, fieldname in contact_problems(
		None if doc.is_new() else doc.name, doc.contact_person, also_prospect, doc.contact_relation
	):
		frappe.throw(
			_(template).format(_(doc.meta.get_label(fieldname)), frappe.bold(doc.get(fieldname))),
			title=_("Contact person"),
		)
	# The website's inquiry page (Guest) gives her the settings' pool user.
	changed = doc.is_new() or doc.has_value_changed("responsible_user")
	if doc.responsible_user and changed and frappe.session.user != "Guest":
		refuse_unless_account_manager(doc.responsible_user, doc.meta.get_label("responsible_user"))


def refuse_unless_account_manager(user: str, label: str) -> None:
	"""An account manager is an enabled colleague of the app's desk (NEST Agent or a manager)."""
	if user == "Administrator":  # the site's own (tests, imports, the demo's loader)
		return
	enabled = frappe.db.get_value("User", user, "enabled")
	has_role = frappe.db.exists(
		"Has Role", {"parent": user, "parenttype": "User", "role": ("in", ACCOUNT_MANAGER_ROLES)}
	)
	if not (enabled and has_role):
		frappe.throw(
			_(
				"Field {0}: {1} is not a colleague who follows prospects (an active user of the NEST desk)."
			).format(_(label), frappe.bold(user)),
			title=_("Account manager"),
		)


def _reach_of(row) -> Reach:
	return Reach(name=row.full_name, phone=row.phone, email=row.email)


def reach_for_many(prospects: Iterable[str]) -> dict[str, Reach]:
	"""Whom to call or mail about each prospect (people.rules.contacts.choose_reach): one query
	per chunk of prospects, her contact person joined."""
	prospect = frappe.qb.DocType(PROSPECT)
	contact = frappe.qb.DocType(CONTACT_PERSON)
	reaches: dict[str, Reach] = {}
	for chunk in in_chunks(sorted(set(prospects))):
		rows = (
			frappe.qb.from_(prospect)
			.left_join(contact)
			.on(contact.name == prospect.contact_person)
			.select(
				prospect.name,
				prospect.full_name,
				prospect.phone,
				prospect.email,
				prospect.reach_through_contact,
				contact.name.as_("contact"),
				contact.full_name.as_("contact_name"),
				contact.phone.as_("contact_phone"),
				contact.email.as_("contact_email"),
			)
			.where(prospect.name.isin(chunk))
			.run(as_dict=True)
		)
		for row in rows:
			person = _reach_of(row)
			through = None
			if row.contact:
				through = Reach(name=row.contact_name, phone=row.contact_phone, email=row.contact_email)
			reaches[row.name] = choose_reach(person, through, bool(row.reach_through_contact))
	return reaches


def reach_for(prospect: str) -> Reach:
	"""Whom to call or mail about this prospect: (name, phone, email, through_contact)."""
	return reach_for_many([prospect])[prospect]


def through_contacts(tasks: list, languages: dict[str, str] | None = None) -> list:
	"""The follow-up tasks (followup.rules.tasks.DueTask) of prospects reached through their
	contact person, with her name and phone: "Moussa Diop (personne de contact) pour Awa Diop" in the assignee's
	language (`languages`: user -> language). One query per chunk of prospects."""
	reaches = reach_for_many(task.reference_name for task in tasks if task.reference_type == PROSPECT)
	languages = languages or {}
	result = []
	for task in tasks:
		reach = reaches.get(task.reference_name) if task.reference_type == PROSPECT else None
		if reach and reach.through_contact:
			lang = languages.get(task.assignee)
			task = replace(
				task,
				party_name=_("{0} (contact person) for {1}", lang=lang).format(reach.name, task.party_name),
				phone=reach.phone,
			)
		result.append(task)
	return result


def addressee(party_type: str, doc) -> tuple[str | None, dict]:
	"""The documentation mail's recipient, and the names its template greets: the contact
	person's when the prospect is reached through her (`prospect_name` then says for whom)."""
	if party_type != PROSPECT or not doc.get("contact_person"):
		return (doc.get("email") or "").strip() or None, {}
	reach = reach_for(doc.name)
	if not reach.through_contact:
		return reach.email, {}
	contact = frappe.db.get_value(
		CONTACT_PERSON, doc.contact_person, ["first_name", "last_name", "full_name"], as_dict=True
	)
	return reach.email, {**contact, "prospect_name": doc.full_name}


def describe_people(people: list[dict]) -> list[dict]:
	"""Add to each found person her site (her account manager's, NEST Staff Member) and, for a
	contact person, the prospects she asks for: two queries for the whole list."""
	managers = {person.get("responsible_user") for person in people if person.get("responsible_user")}
	sites = dict(
		frappe.get_all(
			"NEST Staff Member",
			filters={"user": ("in", list(managers))},
			fields=["user", "clinic_site"],
			as_list=True,
		)
		if managers
		else []
	)
	contacts = [person["name"] for person in people if person["doctype"] == CONTACT_PERSON]
	asks_for: dict[str, list[str]] = {}
	if contacts and frappe.has_permission(PROSPECT, "read"):
		for row in frappe.get_list(
			PROSPECT,
			filters={"contact_person": ("in", contacts)},
			fields=["contact_person", "full_name"],
			order_by="modified desc",
			limit_page_length=100,
		):
			asks_for.setdefault(row.contact_person, []).append(row.full_name)
	for person in people:
		person.pop("modified", None)
		person["site"] = sites.get(person.get("responsible_user"))
		if person["doctype"] == CONTACT_PERSON:
			person["asks_for"] = asks_for.get(person["name"], [])
	return people


def colleagues(search: ColleagueSearch, limit: int) -> list[dict]:
	"""The enabled users of the NEST desk who may be account managers, with their staff directory
	entry (service, site) when they have an active one; filtered on the search's service and site
	in one query, on her name's words here (the directory is the clinic's staff: a few dozen)."""
	user = frappe.qb.DocType("User")
	has_role = frappe.qb.DocType("Has Role")
	staff = frappe.qb.DocType("NEST Staff Member")
	query = (
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.left_join(staff)
		.on(staff.user == user.name)
		.select(user.name, user.full_name, staff.service, staff.clinic_site, staff.active)
		.distinct()
		.where(user.enabled == 1)
		.where(user.name.notin(("Administrator", "Guest")))
		.where(has_role.role.isin(ACCOUNT_MANAGER_ROLES))
		.where(staff.name.isnull() | (staff.active == 1))
	)
	if search.service:
		query = query.where(staff.service == search.service)
	if search.site:
		query = query.where(staff.clinic_site == search.site)
	rows = [
		row
		for row in query.run(as_dict=True)
		if matches_name(row.full_name, search.name_words) or matches_name(row.name, search.name_words)
	]
	# the directory's colleagues first, then by name
	rows.sort(key=lambda row: (row.service is None, (row.full_name or row.name).casefold()))
	return rows[:limit]


def attach_contact_person(prospect, contact_person: str, relation: str, reach_through_contact) -> dict:
	"""Give the stored prospect (locked) her contact person, checked as the form's save is."""
	prospect.flags.for_update = True
	prospect.load_from_db()
	prospect.check_permission("write")
	if not contact_person or not frappe.db.exists(CONTACT_PERSON, contact_person):
		frappe.throw(
			_("Field {0}: choose a contact person.").format(_(prospect.meta.get_label("contact_person"))),
			frappe.MandatoryError,
		)
	frappe.has_permission(CONTACT_PERSON, "read", doc=contact_person, throw=True)
	prospect.contact_person = contact_person
	prospect.contact_relation = relation
	prospect.reach_through_contact = 1 if str(reach_through_contact) in ("1", "true", "True") else 0
	prospect.save()
	return {
		"contact_person": prospect.contact_person,
		"contact_relation": prospect.contact_relation,
		"reach_through_contact": prospect.reach_through_contact,
	}


def contact_person_from(doctype: str, name: str) -> str:
	"""The contact person who is this prospect or patient: the one already linked to her, or the
	one with her phone or email, else a new one made from her record (read permission needed)."""
	frappe.has_permission(doctype, "read", doc=name, throw=True)
	link = "also_prospect" if doctype == PROSPECT else "also_patient"
	person = frappe.db.get_value(doctype, name, ["first_name", "last_name", "phone", "email"], as_dict=True)
	for filters in ({link: name}, {"phone": person.phone}, {"email": person.email}):
		if all(filters.values()):
			known = frappe.db.get_value(CONTACT_PERSON, filters, "name")
			if known:
				return known
	frappe.has_permission(CONTACT_PERSON, "create", throw=True)
	return (
		frappe.get_doc({"doctype": CONTACT_PERSON, **person, link: name, "person_role": "Relative"})
		.insert()
		.name
	)
