"""The retention rule: lost and inactive prospects are anonymised N years after their last
interaction (NEST Prospect Settings › Personal Data), by a daily job.

Set-based and idempotent: one query finds the prospects due (`rules.due_for_anonymisation` in
SQL), then each batch is anonymised by `erasure.anonymise_prospects` (one UPDATE per table),
logged and committed; an anonymised prospect is never due again, so a second run changes nothing.
"""

from __future__ import annotations

import frappe
from frappe.utils import getdate

from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.personal_data.erasure import anonymise_prospects
from nest_prospects.personal_data.rules import PATIENT_STATUSES, RETENTION_RULE, retention_cutoff
from nest_prospects.sql import single_run

BATCH_SIZE = 500


def due_prospects(cutoff) -> list[str]:
	"""The prospects the retention rule anonymises (rules.due_for_anonymisation, in SQL): not
	anonymised yet, never linked to a patient nor reconciled with one, no interaction since `cutoff`."""
	return frappe.db.sql_list(
		"""select name from `tabNEST Prospect`
		where anonymised_on is null and ifnull(patient, '') = '' and status not in %(patient_statuses)s
			and last_interaction_on < %(cutoff)s
		order by last_interaction_on, name""",
		{"cutoff": cutoff, "patient_statuses": PATIENT_STATUSES},
	)


@single_run(lambda: {"anonymised": 0, "logs": []})
def anonymise_expired_prospects(on_date=None, batch_size: int = BATCH_SIZE) -> dict:
	"""Anonymise the prospects due as of `on_date` (today), `batch_size` per transaction."""
	cutoff = retention_cutoff(getdate(on_date), get_settings().anonymise_after_years)
	if cutoff is None:
		return {"anonymised": 0, "logs": []}
	names = due_prospects(cutoff)
	logs = []
	for start in range(0, len(names), batch_size):
		log = anonymise_prospects(names[start : start + batch_size], RETENTION_RULE)
		if log:
			logs.append(log)
		frappe.db.commit()  # nosemgrep: each batch stands on its own, as hrms' long jobs commit
	return {"anonymised": len(names), "logs": logs}
