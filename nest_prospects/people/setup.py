"""Seed records of seed 002 (who asks, for whom): the languages a person may speak. Idempotent.

Called at install (setup.install.create_seed_records) and, on the sites installed before, once by
the patch `patches/v1_0/who_asks_lists`: it creates what is missing and never changes a record
that exists, so a manager's edits (a language made inactive) are kept.

Why an app list and not Frappe's Language doctype: Frappe's Language is the desk's own list of
interface languages (System Manager's), without Wolof, Pulaar or Sérère; a Wolof record there
would offer Wolof as a desk language with no translation. The clinic's managers edit this one.
"""

from __future__ import annotations

import frappe

LANGUAGE = "NEST Language"
# The languages spoken by the clinic's patients in Dakar, the clinic's word for each.
LANGUAGES = (
	"Français",
	"Wolof",
	"Anglais",
	"Pulaar",
	"Sérère",
	"Diola",
	"Mandingue",
	"Soninké",
	"Arabe",
	"Portugais",
)


def install() -> None:
	for name in LANGUAGES:
		if not frappe.db.exists(LANGUAGE, name):
			frappe.get_doc({"doctype": LANGUAGE, "language_name": name}).insert(ignore_permissions=True)
