"""Records for the integration tests (run inside a site by `bench run-tests`)."""

from __future__ import annotations

import random

import frappe
from frappe.utils import add_days, now_datetime

from nest_prospects.sql import insert_rows

AGENT = "nest.agent@example.com"
MANAGER = "nest.manager@example.com"
PATIENT_SYSTEM = "nest.patient.system@example.com"
OUTSIDER = "nest.outsider@example.com"
ENGLISH_MANAGER = "nest.manager.en@example.com"

USERS = {
	AGENT: ["NEST Agent"],
	MANAGER: ["NEST Manager"],
	PATIENT_SYSTEM: ["NEST Patient System"],
	OUTSIDER: ["Blogger"],
}


def ensure_users() -> None:
	for email, roles in USERS.items():
		if frappe.db.exists("User", email):
			continue
		user = frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": email.split("@")[0], "send_welcome_email": 0}
		)
		user.insert(ignore_permissions=True)
		user.add_roles(*roles)


def ensure_english_manager() -> str:
	"""A manager who reads English, for the tests of what each manager reads in her language;
	made by the first test that needs her, in its transaction."""
	if not frappe.db.exists("User", ENGLISH_MANAGER):
		user = frappe.get_doc(
			{"doctype": "User", "email": ENGLISH_MANAGER, "first_name": "Manager", "send_welcome_email": 0}
		).insert(ignore_permissions=True)
		user.add_roles("NEST Manager")
	return ENGLISH_MANAGER


def random_mobile() -> str:
	"""A valid Senegalese mobile, as a secretary would type it."""
	return f"77 {random.randint(100, 999)} {random.randint(10, 99)} {random.randint(10, 99)}"


def make_prospect(**values) -> frappe.model.document.Document:
	doc = frappe.get_doc(
		{
			"doctype": "NEST Prospect",
			"first_name": "Awa",
			"last_name": "Diop",
			"date_of_birth": "1992-04-12",
			"phone": random_mobile(),
			"source": "Téléphone",
			**values,
		}
	)
	return doc.insert()


def make_patient(**values) -> frappe.model.document.Document:
	doc = frappe.get_doc(
		{
			"doctype": "NEST Patient",
			"external_id": frappe.generate_hash(length=12),
			"first_name": "Fatou",
			"last_name": "Sarr",
			"date_of_birth": "1985-01-20",
			"phone": random_mobile(),
			"created_in_patient_system_on": now_datetime(),
			**values,
		}
	)
	return doc.insert(ignore_permissions=True)


def age_prospect(name: str, days: int) -> None:
	"""Pretend the prospect's last interaction was `days` days ago."""
	frappe.db.set_value(
		"NEST Prospect", name, "last_interaction_on", add_days(now_datetime(), -days), update_modified=False
	)


def ensure_outgoing_email_account() -> None:
	"""An enabled default outgoing account, so the mail queue accepts mails (nothing is sent in tests)."""
	name = "NEST Test Outgoing"
	if frappe.db.exists("Email Account", name):
		frappe.db.set_value("Email Account", name, {"enable_outgoing": 1, "default_outgoing": 1})
	else:
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": name,
				"email_id": "clinique@nest.example",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "smtp.nest.example",
				"password": "secret",
			}
		).insert(ignore_permissions=True)
	forget_outgoing_email_account()


def forget_outgoing_email_account() -> None:
	"""Frappe keeps the outgoing account found during a request in frappe.local."""
	frappe.local.outgoing_email_account = {}


def ensure_source(name: str) -> str:
	"""A prospect source (NEST Prospect Source) of that name."""
	if not frappe.db.exists("NEST Prospect Source", name):
		frappe.get_doc({"doctype": "NEST Prospect Source", "source_name": name}).insert(
			ignore_permissions=True
		)
	return name


def make_review(prospect: str, outcome: str, reviewed_on=None) -> str:
	"""A conversion review of `prospect` with this outcome, written as the daily job writes it."""
	now = now_datetime()
	reviewed_on = reviewed_on or now
	values = frappe.db.get_value(
		"NEST Prospect", prospect, ["full_name", "first_contact_on", "source", "temperature"], as_dict=True
	)
	insert_rows(
		"NEST Conversion Review",
		(
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"docstatus",
			"idx",
			"prospect",
			"prospect_name",
			"prospect_created_on",
			"source",
			"temperature",
			"outcome",
			"reviewed_on",
			"reviewed_by",
		),
		[
			(
				prospect,
				now,
				now,
				"Administrator",
				"Administrator",
				0,
				0,
				prospect,
				values.full_name,
				values.first_contact_on,
				values.source,
				values.temperature,
				outcome,
				reviewed_on,
				"Administrator",
			)
		],
	)
	return prospect


def make_reviewed_prospects(count: int, converted: int, reviewed_on=None, **values) -> list[str]:
	"""`count` prospects alike (`values`), reviewed: the first `converted` Converted, the others
	"Information" (not converted)."""
	names = []
	for i in range(count):
		prospect = make_prospect(last_name="T" + frappe.generate_hash(length=8), **values)
		make_review(prospect.name, "Converted" if i < converted else "Information", reviewed_on)
		names.append(prospect.name)
	return names


def ensure_clinic_site(site_name: str, city: str = "Dakar") -> str:
	"""A site of the staff directory (NEST Clinic Site), made once."""
	if not frappe.db.exists("NEST Clinic Site", site_name):
		frappe.get_doc({"doctype": "NEST Clinic Site", "site_name": site_name, "city": city}).insert(
			ignore_permissions=True
		)
	return site_name


def make_staff_member(user: str, service: str = "Reception", clinic_site: str | None = None, **values):
	"""The user's entry in the staff directory (NEST Staff Member), replaced if she has one."""
	if frappe.db.exists("NEST Staff Member", user):
		frappe.delete_doc("NEST Staff Member", user, ignore_permissions=True, force=True)
	return frappe.get_doc(
		{
			"doctype": "NEST Staff Member",
			"user": user,
			"service": service,
			"clinic_site": clinic_site and ensure_clinic_site(clinic_site),
			**values,
		}
	).insert(ignore_permissions=True)
