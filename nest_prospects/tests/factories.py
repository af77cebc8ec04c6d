"""Records for the integration tests (run inside a site by `bench run-tests`)."""

from __future__ import annotations

import random

import frappe
from frappe.utils import add_days, now_datetime

AGENT = "nest.agent@example.com"
MANAGER = "nest.manager@example.com"
PATIENT_SYSTEM = "nest.patient.system@example.com"
OUTSIDER = "nest.outsider@example.com"

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
