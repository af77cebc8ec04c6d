"""What a site needs before the secretaries can work: roles, sources, request types, settings.

Every function here is idempotent: it creates what is missing and never overwrites what a
manager has changed, so it also runs after each migrate.
"""

from __future__ import annotations

import frappe

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
}


def before_install() -> None:
	create_roles()


def after_install() -> None:
	from nest_prospects.setup import conversion, followup

	create_roles()
	create_sources()
	create_request_types()
	followup.install()
	conversion.install()


def after_migrate() -> None:
	"""An upgrade brings the seed records a newer version added, and keeps the others as edited."""
	after_install()


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
				}
			).insert(ignore_permissions=True)


def before_tests() -> None:
	"""Integration tests run on a site where the app's records exist, as after an install."""
	frappe.clear_cache()
	after_install()
	frappe.db.commit()  # nosemgrep: tests need the seed committed before they start
