"""The conversion review and the reconciliation of prospects with patients, in a site.

The outcome itself is rules.conversion.review_outcome; this module gathers its facts from
the database, in a handful of queries for any number of prospects, and writes the results.

A prospect's creation, for the review, is its first contact (`first_contact_on`): the desk
fills it with the moment it is typed, and an imported prospect keeps the day she really
called, which is what the procedure compares with the patient's registration.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from nest_prospects.people import PATIENT, PROSPECT, find_matches
from nest_prospects.rules.conversion import (
	ALREADY_PATIENT,
	CANCELLATION,
	CONVERTED,
	Appointment,
	KnownPatient,
	KnownProspect,
	ReviewedProspect,
	ReviewResult,
	review_outcome,
)
from nest_prospects.rules.conversion_summary import is_informative

REVIEW = "NEST Conversion Review"
APPOINTMENT = "NEST Appointment"
ACTIVE = "Active"
# Prospect status for each reconciliation outcome (the prospect doctype's stored values).
RECONCILED_STATUS = {CONVERTED: "Converted", ALREADY_PATIENT: "Already Patient"}
# Prospects per batch of fact queries: keeps the IN (...) lists and the memory bounded.
BATCH_SIZE = 500


@dataclass
class ProspectFacts:
	"""Everything review_outcome needs about one prospect, plus what the report shows."""

	prospect: ReviewedProspect
	full_name: str | None
	source: str | None
	temperature: str | None
	patients: list[KnownPatient] = field(default_factory=list)
	other_prospects: list[KnownProspect] = field(default_factory=list)
	appointments: list[Appointment] = field(default_factory=list)
	request_categories: set[str] = field(default_factory=set)
	request_codes: set[str] = field(default_factory=set)
	interaction_count: int = 0

	def outcome(self, now: datetime) -> ReviewResult:
		return review_outcome(
			self.prospect,
			self.patients,
			self.other_prospects,
			self.appointments,
			self.request_categories,
			self.interaction_count,
			CANCELLATION in self.request_categories,
			now,
		)


def gather_facts(prospect_names: Iterable[str]) -> dict[str, ProspectFacts]:
	"""The facts of the given prospects, in five queries per batch of BATCH_SIZE."""
	names = list(dict.fromkeys(prospect_names))
	facts: dict[str, ProspectFacts] = {}
	for start in range(0, len(names), BATCH_SIZE):
		facts.update(_gather_batch(names[start : start + BATCH_SIZE]))
	return facts


def _gather_batch(names: list[str]) -> dict[str, ProspectFacts]:
	if not names:
		return {}
	Prospect = frappe.qb.DocType(PROSPECT)
	rows = (
		frappe.qb.from_(Prospect)
		.select(
			Prospect.name,
			Prospect.first_contact_on,
			Prospect.creation,
			Prospect.phone,
			Prospect.match_key,
			Prospect.full_name,
			Prospect.source,
			Prospect.temperature,
		)
		.where(Prospect.name.isin(names))
		.run(as_dict=True)
	)
	facts = {
		row.name: ProspectFacts(
			prospect=ReviewedProspect(
				name=row.name,
				created_on=get_datetime(row.first_contact_on or row.creation),
				phone=row.phone,
				match_key=row.match_key,
			),
			full_name=row.full_name,
			source=row.source,
			temperature=row.temperature,
		)
		for row in rows
	}
	if not facts:
		return facts
	phones = {f.prospect.phone for f in facts.values() if f.prospect.phone}
	keys = {f.prospect.match_key for f in facts.values() if f.prospect.match_key}
	by_phone: dict[str, list[ProspectFacts]] = defaultdict(list)
	by_key: dict[str, list[ProspectFacts]] = defaultdict(list)
	for item in facts.values():
		if item.prospect.phone:
			by_phone[item.prospect.phone].append(item)
		if item.prospect.match_key:
			by_key[item.prospect.match_key].append(item)

	def candidates(row) -> dict[int, ProspectFacts]:
		"""The prospects under review that a patient or prospect row may be (by id, no dups)."""
		found = {id(f): f for f in by_phone.get(row.phone, []) if row.phone}
		found.update({id(f): f for f in by_key.get(row.match_key, []) if row.match_key})
		return found

	if phones or keys:
		for doctype, created_field in (
			(PATIENT, "created_in_patient_system_on"),
			(PROSPECT, "first_contact_on"),
		):
			table = frappe.qb.DocType(doctype)
			condition = None
			if phones:
				condition = table.phone.isin(list(phones))
			if keys:
				by_key_condition = table.match_key.isin(list(keys))
				condition = by_key_condition if condition is None else (condition | by_key_condition)
			for row in (
				frappe.qb.from_(table)
				.select(
					table.name,
					table[created_field].as_("created_on"),
					table.creation,
					table.phone,
					table.match_key,
				)
				.where(condition)
				.run(as_dict=True)
			):
				created_on = get_datetime(row.created_on or row.creation)
				for item in candidates(row).values():
					if doctype == PATIENT:
						item.patients.append(KnownPatient(row.name, created_on, row.phone, row.match_key))
					elif row.name != item.prospect.name:
						item.other_prospects.append(
							KnownProspect(row.name, created_on, row.phone, row.match_key)
						)

	Appt = frappe.qb.DocType(APPOINTMENT)
	for row in (
		frappe.qb.from_(Appt)
		.select(Appt.party, Appt.scheduled_on, Appt.status)
		.where((Appt.party_type == PROSPECT) & Appt.party.isin(list(facts)))
		.run(as_dict=True)
	):
		facts[row.party].appointments.append(Appointment(get_datetime(row.scheduled_on), row.status))

	# Only the interactions that say something count (rules.conversion_summary.is_informative).
	Interaction = frappe.qb.DocType("NEST Interaction")
	Requested = frappe.qb.DocType("NEST Interaction Request Type")
	RequestType = frappe.qb.DocType("NEST Request Type")
	interactions: dict[str, tuple[str, str | None, list[str]]] = {}
	for row in (
		frappe.qb.from_(Interaction)
		.left_join(Requested)
		.on((Requested.parent == Interaction.name) & (Requested.parenttype == "NEST Interaction"))
		.left_join(RequestType)
		.on(RequestType.name == Requested.request_type)
		.select(
			Interaction.party,
			Interaction.name,
			Interaction.comments,
			Requested.request_type,
			RequestType.category,
		)
		.where((Interaction.party_type == PROSPECT) & Interaction.party.isin(list(facts)))
		.run(as_dict=True)
	):
		item = facts[row.party]
		interactions.setdefault(row.name, (row.party, row.comments, []))[2].append(row.request_type)
		if row.request_type:
			item.request_codes.add(row.request_type)
			if row.category:
				item.request_categories.add(row.category)
	for party, comments, codes in interactions.values():
		if is_informative(codes, comments):
			facts[party].interaction_count += 1
	return facts


def review_values(facts: ProspectFacts, now: datetime) -> dict:
	"""The fields of the prospect's review, comments excepted (they belong to the secretaries)."""
	result = facts.outcome(now)
	return {
		"prospect": facts.prospect.name,
		"prospect_name": facts.full_name,
		"prospect_created_on": facts.prospect.created_on,
		"source": facts.source,
		"temperature": facts.temperature,
		"request_types": ", ".join(sorted(facts.request_codes)) or None,
		"outcome": result.outcome,
		"evidence_doctype": result.evidence_doctype,
		"evidence_name": result.evidence_name,
		"matched_on": result.matched_on,
		"detail": result.detail,
		"reviewed_on": now,
		"reviewed_by": frappe.session.user,
	}


def evaluate_review(review) -> None:
	"""Set the review's outcome from today's facts (the caller saves)."""
	facts = gather_facts([review.prospect]).get(review.prospect)
	if facts is None:
		frappe.throw(_("Prospect {0} does not exist.").format(frappe.bold(review.prospect)))
	review.update(review_values(facts, now_datetime()))
	review.flags.reevaluated = True


@frappe.whitelist(methods=["POST"])
def reevaluate_review(review: str) -> dict:
	"""The form's "Re-evaluate" button: the outcome as of now, the comments kept."""
	doc = frappe.get_doc(REVIEW, review)
	doc.check_permission("write")
	evaluate_review(doc)
	doc.save()
	return doc.as_dict()


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
		reviewed = ReviewedProspect(
			prospect.name,
			get_datetime(prospect.first_contact_on or prospect.creation),
			prospect.phone,
			prospect.match_key,
		)
		result = review_outcome(reviewed, [known], [], [], [], 0, False, now)
		status = RECONCILED_STATUS.get(result.outcome)
		if status is None:  # the rules found no match after all: leave the prospect alone
			continue
		_mark_reconciled(prospect, status, patient.name)
		reconciled.append(name)
	if reconciled:
		_refresh_existing_reviews(reconciled)
	return reconciled


def _mark_reconciled(prospect, status: str, patient_name: str) -> None:
	prospect.status = status
	prospect.patient = patient_name
	prospect.flags.ignore_permissions = True  # the patient system's user cannot write prospects
	savepoint = "nest_reconcile_prospect"
	messages_before = len(frappe.local.message_log)
	frappe.db.savepoint(savepoint)
	try:
		prospect.save(ignore_version=False)
	except frappe.ValidationError:
		# An old prospect that no longer passes today's form checks (no date of birth, say)
		# must not block the patient's registration: write the link, keep a note of it.
		frappe.db.rollback(save_point=savepoint)
		del frappe.local.message_log[messages_before:]
		frappe.log_error(f"Reconciling prospect {prospect.name}", reference_doctype=PROSPECT)
		frappe.db.set_value(PROSPECT, prospect.name, {"status": status, "patient": patient_name})
		frappe.get_doc(PROSPECT, prospect.name).add_comment(
			"Info", _("Reconciled with patient {0}: status {1}.").format(patient_name, _(status))
		)
	cancel_open_todos(prospect.name)


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


def _refresh_existing_reviews(prospect_names: list[str]) -> None:
	"""A review already made for these prospects now says what the reconciliation found."""
	for name in frappe.get_all(REVIEW, filters={"prospect": ("in", prospect_names)}, pluck="name"):
		review = frappe.get_doc(REVIEW, name)
		evaluate_review(review)
		review.flags.ignore_permissions = True
		review.save()
