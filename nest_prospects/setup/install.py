"""What a site needs before the secretaries can work: roles, sources, request types, settings.

Every seeder here is idempotent: it creates what is missing and never changes what exists.
They run at install; the sites installed before a version that adds a record get it through a
patch (`patches/v1_0/...`, listed in patches.txt), which Frappe runs once per site, so that a
manager who changed or deleted a seeded record keeps the change on every later migrate.
"""

from __future__ import annotations

from collections.abc import Collection

import frappe
from frappe.model import no_value_fields

from nest_prospects.constants import SETTINGS
from nest_prospects.followup import setup as followup
from nest_prospects.likelihood.rules import DEFAULT_FLOOR
from nest_prospects.people import setup as people
from nest_prospects.personal_data import setup as personal_data
from nest_prospects.pipeline import setup as pipeline
from nest_prospects.routing import setup as routing
from nest_prospects.setup import landing

ROLES = {
	"NEST Agent": {"desk_access": 1, "home_page": "/app/nest-prospects"},
	"NEST Manager": {"desk_access": 1, "home_page": "/app/nest-prospects"},
	"NEST Patient System": {"desk_access": 0},
}

SOURCES = [
	"Téléphone",
	"Mail",
	"Visite",
	"Facebook",
	"Site web",
	"WhatsApp",
	"Évènement NEST",
	"Offre gratuite",
	"Campagne de prospection",
	"Recommandation",
]

# code: (category, triggers the 7-day recall)
REQUEST_TYPES = {
	"DEVIS ACCOUCHEMENT": ("Quote", 1),
	"DEVIS MYOMECTOMIE": ("Quote", 1),
	"DEVIS": ("Quote", 1),
	"TARIFS": ("Prices", 1),
	"INFOS PROGRAMME": ("Programme", 1),
	"RDV": ("Appointment", 0),
	"ANNULATION RDV": ("Cancellation", 0),
	"RAPPEL 7 JOURS": ("Recall", 0),
	"INFOS GÉNÉRALES": ("Other", 0),
	"SUIVI PÉDIATRIQUE": ("Other", 0),
	"FERTILITÉ": ("Other", 0),
}
# The request types the website's inquiry page offers (web_inquiries), with what visitors read.
PUBLIC_REQUEST_TYPES = {
	"DEVIS ACCOUCHEMENT": "Devis pour un accouchement",
	"INFOS PROGRAMME": "Programme NEST",
	"SUIVI PÉDIATRIQUE": "Suivi pédiatrique",
	"FERTILITÉ": "Fertilité",
}


def before_install() -> None:
	create_roles()


def after_install() -> None:
	create_seed_records()
	landing.set_for_existing_users()


def after_uninstall() -> None:
	"""Frappe keeps the site's hooks cached after an uninstall: without this, every request still
	calls the app's before_request hook and the site answers 417 "App nest_prospects is not installed"."""
	frappe.clear_cache()


def create_seed_records() -> None:
	"""Every seed record the app ships, those missing created (install, tests)."""
	create_roles()
	create_sources()
	create_request_types()
	set_settings_defaults()
	followup.create_email_templates()
	followup.create_callback_scripts()
	followup.let_managers_edit_email_templates()
	pipeline.install()
	people.install()
	routing.install()
	create_list_settings()
	personal_data.install()
	likelihood_floor()


def likelihood_floor() -> None:
	"""The likelihood's floor at its default until a manager sets it (the job writes the tables
	beside it, so the single's defaults would not show)."""
	if not frappe.db.get_single_value("NEST Likelihood Model", "minimum_reviewed"):
		frappe.db.set_single_value("NEST Likelihood Model", "minimum_reviewed", DEFAULT_FLOOR)


def create_roles() -> None:
	for role_name, values in ROLES.items():
		if not frappe.db.exists("Role", role_name):
			frappe.get_doc({"doctype": "Role", "role_name": role_name, **values}).insert(
				ignore_permissions=True
			)


def create_sources() -> None:
	for source in SOURCES:
		if not frappe.db.exists("NEST Prospect Source", source):
			frappe.get_doc({"doctype": "NEST Prospect Source", "source_name": source}).insert(
				ignore_permissions=True
			)


def create_request_types() -> None:
	for code, (category, triggers_recall) in REQUEST_TYPES.items():
		if not frappe.db.exists("NEST Request Type", code):
			frappe.get_doc(
				{
					"doctype": "NEST Request Type",
					"request_code": code,
					"category": category,
					"triggers_recall": triggers_recall,
					"public": int(code in PUBLIC_REQUEST_TYPES),
					"public_label": PUBLIC_REQUEST_TYPES.get(code),
				}
			).insert(ignore_permissions=True)


# The list columns a secretary needs. Frappe shows 4 columns on a laptop screen unless the doctype's
# List View Settings say otherwise, and the title, the tags and the status count among them: the
# temperature, the ageing state, the channel or the requests would be cut.
LIST_SETTINGS = {
	# name, tags, status (and stage), phone, email, city, source, last action (channel and date),
	# temperature (and ageing state), next task (its reason and due date): nest_prospect_list.js
	"NEST Prospect": {"total_fields": "10"},
	# name, tags, date, channel, requests
	"NEST Interaction": {"total_fields": "5"},
}


def create_list_settings(skip: Collection[str] = ()) -> None:
	"""The List View Settings of the app's lists that have none (but those in `skip`)."""
	for doctype, values in LIST_SETTINGS.items():
		if doctype in skip or frappe.db.exists("List View Settings", doctype):
			continue
		doc = frappe.new_doc("List View Settings")
		doc.name = doctype
		doc.update(values)
		doc.insert(ignore_permissions=True)


def set_settings_defaults() -> None:
	"""Store the default of every setting never stored, as the settings' doctype JSON gives it.

	A setting a newer version adds gets its default on the sites installed before from a patch
	calling this. A stored value, even empty, is a manager's and is kept; but for a time with
	microseconds: Frappe's install writes the Singles of a new app with every Time field at the
	current time, whatever its default (v15's init_singles and set_dynamic_default_values), and
	the form never stores microseconds.
	"""
	Singles = frappe.qb.DocType("Singles")
	stored = dict(
		frappe.qb.from_(Singles).select(Singles.field, Singles.value).where(Singles.doctype == SETTINGS).run()
	)
	for df in frappe.get_meta(SETTINGS).fields:
		if df.fieldtype in no_value_fields or df.default in (None, ""):
			continue
		if df.fieldname in stored and not (df.fieldtype == "Time" and "." in (stored[df.fieldname] or "")):
			continue
		frappe.db.set_single_value(SETTINGS, df.fieldname, df.default)
	frappe.clear_document_cache(SETTINGS, SETTINGS)


def before_tests() -> None:
	"""Integration tests run on a site where the app's records exist, as after an install, with
	the test users (nest_prospects/tests/factories.py) made once for every test module."""
	from nest_prospects.tests.factories import USERS, ensure_users

	frappe.clear_cache()
	after_install()
	ensure_users()
	for user in USERS:
		# Frappe sends the mail of an assignment at once in tests, and commits doing it: the test
		# users read theirs in the bell only, so that the tasks a test creates stay in its transaction.
		if not frappe.db.exists("Notification Settings", user):
			frappe.get_doc({"doctype": "Notification Settings", "name": user}).insert(ignore_permissions=True)
		frappe.db.set_value("Notification Settings", user, "enable_email_assignment", 0)
	frappe.db.commit()  # nosemgrep: tests need the seed committed before they start
