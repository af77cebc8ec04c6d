"""A pushed patient takes the matching active prospects out of the follow-up at once.

NEST Patient's `reconcile_prospects` (on every save) calls `reconcile_patient`; the outcome is
the review's own rule (`rules/outcomes.py`), so a reconciled prospect and its review agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from nest_prospects.constants import PROSPECT, REVIEW
from nest_prospects.conversion_review.review import evaluate_review
from nest_prospects.conversion_review.rules.outcomes import (
	ALREADY_PATIENT,
	CONVERTED,
	KnownPatient,
	ReviewedProspect,
	review_outcome,
)
from nest_prospects.followup.next_task import refresh_next_tasks
from nest_prospects.followup.todos import refresh_assignment
from nest_prospects.languages.lookup import site_language
from nest_prospects.people.queries import find_matches

# Prospect status for each reconciliation outcome (the prospect doctype's stored values).
RECONCILED_STATUS = {CONVERTED: "Converted", ALREADY_PATIENT: "Already Patient"}


def reconcile_patient(patient) -> list[str]:
	"""A patient was pushed: every matching active prospect leaves the follow-up at once.

	The prospect becomes Converted (or Already Patient when the patient was registered before
	her first contact, as the review decides), is linked to the patient, and its open
	follow-up tasks are cancelled. It is saved as a document, so its history shows the change.
	Returns the names of the reconciled prospects.
	"""
	matches = find_matches(
		patient.phone, patient.match_key, active_prospects_only=True, limit=0, doctypes=(PROSPECT,)
	)
	names = [match["name"] for match in matches]
	known = KnownPatient(
		patient.name,
		get_datetime(patient.created_in_patient_system_on),
		patient.phone,
		patient.match_key,
	)
	now = now_datetime()
	reconciled = []
	for name in names:
		prospect = frappe.get_doc(PROSPECT, name)
		status = _status_against(prospect, known, now)
		if status is None:  # the rules found no match after all: leave the prospect alone
			continue
		_mark_reconciled(prospect, status, patient.name)
		reconciled.append(name)
	if reconciled:
		_refresh_existing_reviews(reconciled)
	return reconciled


def reconciled_status(prospect, patient) -> str | None:
	"""The status the reconciliation gives `prospect` with `patient` (Converted, or Already Patient
	when she was registered before her first contact), None when the two do not match on the
	phone or on the names and date of birth: the review's own rule, as for a pushed patient."""
	known = KnownPatient(
		patient.name,
		get_datetime(patient.created_in_patient_system_on),
		patient.phone,
		patient.match_key,
	)
	return _status_against(prospect, known, now_datetime())


def _status_against(prospect, known: KnownPatient, now) -> str | None:
	reviewed = ReviewedProspect(
		prospect.name,
		get_datetime(prospect.first_contact_on or prospect.creation),
		prospect.phone,
		prospect.match_key,
	)
	result = review_outcome(reviewed, [known], [], [], [], 0, False, now)
	return RECONCILED_STATUS.get(result.outcome)


def _mark_reconciled(prospect, status: str, patient_name: str) -> None:
	prospect.status = status
	prospect.patient = patient_name
	prospect.flags.ignore_permissions = True  # the patient system's user cannot write prospects
	prospect.flags.written_by_app = True  # status and patient are the app's (nest_prospects.guards)
	savepoint = "nest_reconcile_prospect"
	frappe.db.savepoint(savepoint)
	try:
		with muted_messages():
			prospect.save(ignore_version=False)
	except frappe.ValidationError:
		# An old prospect that no longer passes today's form checks (no date of birth, say)
		# must not block the patient's registration: write the link, keep a note of it.
		frappe.db.rollback(save_point=savepoint)
		frappe.log_error(f"Reconciling prospect {prospect.name}", reference_doctype=PROSPECT)
		frappe.db.set_value(PROSPECT, prospect.name, {"status": status, "patient": patient_name})
		# Written by the patient system's request, read at the desk: in the site's language.
		lang = site_language()
		frappe.get_doc(PROSPECT, prospect.name).add_comment(
			"Info",
			_("Reconciled with patient {0}: status {1}.", lang=lang).format(
				patient_name, _(status, lang=lang)
			),
		)
	cancel_open_todos(prospect.name)


@contextmanager
def muted_messages() -> Iterator[None]:
	"""Frappe's `mute_messages` flag for the block: the prospect's messages (a refusal handled by
	the caller included) are not the answer of whoever saved the patient. Errors still raise."""
	muted = frappe.flags.mute_messages
	frappe.flags.mute_messages = True
	try:
		yield
	finally:
		frappe.flags.mute_messages = muted


def cancel_open_todos(prospect_name: str) -> None:
	"""The prospect is out of the follow-up: its open tasks (recalls, first calls) are cancelled."""
	ToDo = frappe.qb.DocType("ToDo")
	(
		frappe.qb.update(ToDo)
		.set(ToDo.status, "Cancelled")
		.set(ToDo.modified, now_datetime())
		.where(
			(ToDo.reference_type == PROSPECT)
			& (ToDo.reference_name == prospect_name)
			& (ToDo.status == "Open")
		)
	).run()
	refresh_assignment(PROSPECT, prospect_name)
	refresh_next_tasks([prospect_name])


def _refresh_existing_reviews(prospect_names: list[str]) -> None:
	"""A review already made for these prospects now says what the reconciliation found."""
	for name in frappe.get_all(REVIEW, filters={"prospect": ("in", prospect_names)}, pluck="name"):
		review = frappe.get_doc(REVIEW, name)
		evaluate_review(review)
		review.flags.ignore_permissions = True
		review.save()
