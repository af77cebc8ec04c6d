"""Marking a prospect won or lost (NEST Prospect.mark_won / mark_lost), in a site.

The rules are pipeline.rules.check_outcome; the status a won prospect takes is the
reconciliation's (conversion_review.reconciliation.reconciled_status: Converted, or Already
Patient), so the prospect, its conversion review and a later reconciliation agree; a lost one is
Abandoned. Both leave the follow-up: their open tasks are cancelled.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from nest_prospects.constants import OUTCOME_REASON, PATIENT, PIPELINE_STAGE, RECONCILED, SETTINGS
from nest_prospects.conversion_review.reconciliation import (
	_refresh_existing_reviews,
	cancel_open_todos,
	reconciled_status,
)
from nest_prospects.pipeline.rules import (
	ABANDONED,
	ACTIVE,
	LOST,
	NO_SUCH_PATIENT,
	PATIENT_DOES_NOT_MATCH,
	PIPELINE_OFF,
	WON,
	OutcomeError,
	OutcomeRequest,
	Stage,
	check_outcome,
	won_stage,
)


def pipeline_enabled() -> bool:
	return bool(frappe.db.get_single_value(SETTINGS, "enable_pipeline"))


def mark_outcome(
	prospect,
	outcome: str,
	factors: list | None,
	justification: str | None = None,
	patient: str | None = None,
) -> dict:
	"""Mark `prospect` won or lost: checked, then saved with its factors (its Version keeps the
	history). A refusal is a ValidationError naming the field; nothing is changed."""
	if not pipeline_enabled():
		frappe.throw(_(PIPELINE_OFF))
	prospect.flags.for_update = True
	prospect.load_from_db()  # the stored prospect, locked: not the form's copy
	prospect.check_permission("write")
	active_reasons = frappe.get_all(OUTCOME_REASON, filters={"outcome": outcome, "active": 1}, pluck="name")
	request = OutcomeRequest(
		outcome,
		tuple(str(f) for f in (factors or ()) if isinstance(f, str)),
		justification if isinstance(justification, str) else None,
		patient if isinstance(patient, str) else None,
	)
	try:
		checked = check_outcome(request, prospect.status, active_reasons, prospect.patient)
	except OutcomeError as error:
		_refuse(prospect, error.field, error.template, *(_(a) for a in error.arguments))
	status_before = prospect.status
	if checked.outcome == WON and prospect.status in (ACTIVE, ABANDONED):
		if not frappe.db.exists(PATIENT, checked.patient):
			_refuse(prospect, "patient", NO_SUCH_PATIENT, checked.patient)
		frappe.has_permission(PATIENT, "read", doc=checked.patient, throw=True)
		status = reconciled_status(prospect, frappe.get_doc(PATIENT, checked.patient))
		if status is None:
			_refuse(prospect, "patient", PATIENT_DOES_NOT_MATCH, checked.patient)
		prospect.status = status
		prospect.patient = checked.patient
	elif checked.outcome == LOST:
		prospect.status = ABANDONED
	if checked.outcome == WON:
		move_to_won_stage(prospect)
	prospect.outcome = checked.outcome
	prospect.outcome_on = now_datetime()
	prospect.outcome_by = frappe.session.user
	rows = [{"reason": factor} for factor in checked.factors]
	prospect.set("win_factors", rows if checked.outcome == WON else [])
	prospect.set("loss_factors", rows if checked.outcome == LOST else [])
	prospect.loss_justification = checked.justification if checked.outcome == LOST else None
	prospect.flags.written_by_app = True  # status, patient, outcome: the app's (nest_prospects.guards)
	prospect.flags.ignore_permissions = True  # write permission checked above; the fields are level 2
	prospect.save(ignore_version=False)  # the history of the outcome, in tests too
	if status_before == ACTIVE:
		cancel_open_todos(prospect.name)
	if prospect.status in RECONCILED and status_before not in RECONCILED:
		_refresh_existing_reviews([prospect.name])
	return {"status": prospect.status, "outcome": prospect.outcome, "patient": prospect.patient}


def move_to_won_stage(prospect) -> None:
	"""A won prospect's stage: the won stage of the editable list (pipeline.rules.won_stage);
	left as it was when the list has no active stage."""
	stages = frappe.get_all(PIPELINE_STAGE, fields=["name", "probability", "stage_order", "active"])
	stage = won_stage(
		Stage(s.name, float(s.probability or 0), int(s.stage_order or 0), bool(s.active)) for s in stages
	)
	if stage:
		prospect.pipeline_stage = stage
		prospect.stage_probability = next(s.probability for s in stages if s.name == stage)


def _refuse(prospect, field: str, template: str, *args) -> None:
	label = (
		_(prospect.meta.get_label(field), context=prospect.doctype)
		if prospect.meta.get_field(field)
		else field
	)
	frappe.throw(_(template).format(label, *args), frappe.ValidationError, title=_("Not saved"))


def clear_outcome_if_reopened(prospect) -> None:
	"""A prospect back in the follow-up (Active) is neither won nor lost any more; the factors it
	had stay in its Version history."""
	if prospect.status == ACTIVE and prospect.outcome:
		prospect.outcome = None
		prospect.outcome_on = None
		prospect.outcome_by = None
		prospect.set("win_factors", [])
		prospect.set("loss_factors", [])
		prospect.loss_justification = None
