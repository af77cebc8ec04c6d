"""The seed records without the settings' hidden `seeded_records`: the last migrate that seeds.

Until now every migrate created the seeds missing, but those the settings' `seeded_records`
listed as created once (a manager had deleted them). From this version on, seeds are created at
install, and a version that adds one brings it with a patch of its own, run once: this patch
creates, for the last time, the seeds the site never had, then drops the bookkeeping. The
field is gone from the doctype (post_model_sync); its stored value is read from Singles.
"""

from __future__ import annotations

from collections import defaultdict

import frappe

from nest_prospects.constants import SETTINGS
from nest_prospects.followup import setup as followup
from nest_prospects.personal_data import setup as personal_data
from nest_prospects.pipeline import setup as pipeline
from nest_prospects.setup import install
from nest_prospects.sql import stored_single_value

FIELD = "seeded_records"


def execute() -> None:
	seeded = recorded_seeds()
	# Created when missing at every migrate until now: once more, then never again.
	install.create_roles()
	install.create_sources()
	install.create_request_types()
	install.set_settings_defaults()
	followup.create_email_templates(skip=seeded["Email Template"])
	followup.create_callback_scripts(skip=seeded["NEST Callback Script"])
	followup.let_managers_edit_email_templates()
	install.create_list_settings(skip=seeded["List View Settings"])
	# The seeders the features added while every migrate still seeded (idempotent).
	personal_data.install()
	pipeline.install()
	install.likelihood_floor()
	frappe.db.delete("Singles", {"doctype": SETTINGS, "field": FIELD})
	frappe.clear_document_cache(SETTINGS, SETTINGS)


def recorded_seeds() -> dict[str, set[str]]:
	"""The records `seeded_records` listed ("Doctype:name" lines), by doctype."""
	seeded: dict[str, set[str]] = defaultdict(set)
	for line in (stored_single_value(SETTINGS, FIELD) or "").splitlines():
		doctype, _sep, name = line.strip().partition(":")
		if name:
			seeded[doctype].add(name)
	return seeded
