"""Seed records of the pipeline: its stages and the win and loss reasons. Idempotent.

Called at install (setup.install.create_seed_records) and, on the sites installed before, once by
the patch `patches/v1_0/pipeline_lists`: it creates what is missing and never changes a record
that exists, so a manager's edits (a probability, a reason made inactive) are kept.
"""

from __future__ import annotations

import frappe

from nest_prospects.constants import OUTCOME_REASON, PIPELINE_STAGE, SETTINGS
from nest_prospects.sql import stored_single_value

# Seed 003's stages: (name, probability %, order).
STAGES = (
	("Suspect", 5, 1),
	("Qualifié", 20, 2),
	("Évalué", 50, 3),
	("En négociation", 75, 4),
	("Gagné", 99, 5),
)
WIN_REASONS = (
	"Recommandation",
	"Suivi du programme",
	"Accueil",
	"Réputation des médecins",
	"Proximité",
	"Tarifs",
)
LOSS_REASONS = (
	"Prix",
	"Distance",
	"Choisi une autre clinique",
	"Grossesse interrompue",
	"Injoignable",
	"Pas de prise en charge",
	"Autre",
)
ENABLE_FIELD = "enable_pipeline"


def install() -> None:
	create_stages()
	create_reasons()
	enable_by_default()


def create_stages() -> None:
	for name, probability, order in STAGES:
		if not frappe.db.exists(PIPELINE_STAGE, name):
			frappe.get_doc(
				{
					"doctype": PIPELINE_STAGE,
					"stage_name": name,
					"probability": probability,
					"stage_order": order,
				}
			).insert(ignore_permissions=True)


def create_reasons() -> None:
	for outcome, names in (("Won", WIN_REASONS), ("Lost", LOSS_REASONS)):
		for name in names:
			if not frappe.db.exists(OUTCOME_REASON, name):
				frappe.get_doc({"doctype": OUTCOME_REASON, "reason_name": name, "outcome": outcome}).insert(
					ignore_permissions=True
				)


def enable_by_default() -> None:
	"""The setting's default (on) when it was never stored; a manager's choice is kept."""
	if stored_single_value(SETTINGS, ENABLE_FIELD) is None:
		frappe.db.set_single_value(SETTINGS, ENABLE_FIELD, 1)
