# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

# No `from __future__ import annotations`: Frappe validates the arguments of a whitelisted method
# against real type hints (it skips hints that are strings).
from datetime import date, datetime, time

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, get_link_to_form, getdate, now_datetime, today

from nest_prospects.access import roles_only
from nest_prospects.ageing.rules import HOT, WARM, ageing_state
from nest_prospects.constants import ACTIVE, MANAGERS, PATIENT, PROSPECT, RECONCILED
from nest_prospects.followup.due_tasks import create_requalified_call
from nest_prospects.followup.planned import plan_prospect_task, tasks_of
from nest_prospects.followup.rules.last_action import is_last_action
from nest_prospects.followup.rules.tasks import (
	answer_deadlines,
	answer_status,
	answer_wait,
	is_requalification,
)
from nest_prospects.followup.rules.working_time import format_duration_fr
from nest_prospects.guards import MAX_REASON_LENGTH, keep_app_fields
from nest_prospects.languages.lookup import site_language
from nest_prospects.nest_prospects.doctype.nest_interaction.nest_interaction import interactions_of
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.people.contact import attach_contact_person, validate_who_asks
from nest_prospects.people.queries import find_matches, normalise_person
from nest_prospects.people.rules.matching import PHONE, person_key
from nest_prospects.personal_data.api import erase_prospect, export_prospect
from nest_prospects.pipeline.outcome import clear_outcome_if_reopened, mark_outcome, pipeline_enabled
from nest_prospects.pipeline.rules import LOST, WON, month_start
from nest_prospects.routing.referrals import request_site, route, routing_enabled

TEMPERATURE = "Temperature"
AGEING_STATE = "Ageing State"


class NESTProspect(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from nest_prospects.nest_prospects.doctype.nest_classification_change.nest_classification_change import (
			NESTClassificationChange,
		)
		from nest_prospects.nest_prospects.doctype.nest_interaction_request_type.nest_interaction_request_type import (
			NESTInteractionRequestType,
		)
		from nest_prospects.nest_prospects.doctype.nest_prospect_outcome_factor.nest_prospect_outcome_factor import (
			NESTProspectOutcomeFactor,
		)

		ageing_state: DF.Literal["Normal", "Dormant", "Lost"]
		allow_duplicate: DF.Check
		anonymised_on: DF.Datetime | None
		city: DF.Data | None
		classification_history: DF.Table[NESTClassificationChange]
		comments: DF.Text | None
		date_of_birth: DF.Date | None
		email: DF.Data | None
		expected_on: DF.Date | None
		first_answered_on: DF.Datetime | None
		first_contact_on: DF.Datetime
		first_name: DF.Data
		full_name: DF.Data | None
		initial_channel: DF.Literal[
			"Inbound Call",
			"Outbound Call",
			"Email",
			"Visit",
			"Facebook",
			"WhatsApp",
			"SMS",
			"Event",
			"Website",
			"First contact",
			"Request",
			"Quote request",
			"Template mail",
			"Messaging",
			"Proposal",
			"Chase-up",
			"Appointment",
			"Answer questions",
			"Failure",
			"Other",
		]
		last_action_on: DF.Datetime | None
		initial_comments: DF.SmallText | None
		initial_request_types: DF.TableMultiSelect[NESTInteractionRequestType]
		last_action: DF.Literal[
			"Inbound Call",
			"Outbound Call",
			"Email",
			"Visit",
			"Facebook",
			"WhatsApp",
			"SMS",
			"Event",
			"Website",
		]
		last_interaction_on: DF.Datetime | None
		last_name: DF.Data
		loss_factors: DF.TableMultiSelect[NESTProspectOutcomeFactor]
		loss_justification: DF.SmallText | None
		match_key: DF.Data | None
		outcome: DF.Literal["", "Won", "Lost"]
		outcome_by: DF.Link | None
		outcome_on: DF.Datetime | None
		patient: DF.Link | None
		phone: DF.Data | None
		pipeline_stage: DF.Link | None
		responsible_user: DF.Link | None
		source: DF.Link | None
		stage_probability: DF.Percent
		status: DF.Literal["Active", "Converted", "Already Patient", "Duplicate", "Abandoned"]
		temperature: DF.Literal["Hot", "Warm", "Cold"]
		win_factors: DF.TableMultiSelect[NESTProspectOutcomeFactor]

	# end: auto-generated types
	def before_validate(self) -> None:
		"""The fields the app computes keep their stored values (nest_prospects.guards)."""
		keep_app_fields(self)

	def validate(self) -> None:
		normalise_person(self)
		self.city = (self.city or "").strip() or None
		self.expected_on = month_start(self.expected_on)
		if self.anonymised_on:
			# Erased: her contact, names and date of birth are gone for good (personal_data).
			self.match_key = None
			self.track_classification()
			return
		self.validate_contact()
		self.match_key = person_key(self.last_name, self.first_name, self.date_of_birth)
		if self.is_new():
			self.last_interaction_on = self.first_contact_on
			# her first interaction (record_interaction)
			self.last_action, self.last_action_on = self.initial_channel, self.first_contact_on
			# A visitor of the website (Guest) is nobody's secretary.
			self.responsible_user = self.responsible_user or (
				frappe.session.user if frappe.session.user != "Guest" else None
			)
		validate_who_asks(self)
		if self.is_new() or self.has_value_changed("phone"):
			self.refuse_exact_duplicate()
		self.track_classification()
		clear_outcome_if_reopened(self)

	def validate_contact(self) -> None:
		if not (self.phone or self.email):
			frappe.throw(_("Enter a phone number or an email address."), title=_("Missing contact"))
		# The website's inquiry page asks for it without requiring it (flags.date_of_birth_optional).
		if (
			get_settings().require_date_of_birth
			and not self.date_of_birth
			and not self.flags.date_of_birth_optional
		):
			frappe.throw(_("Enter the date of birth."), title=_("Missing date of birth"))
		if self.date_of_birth and getdate(self.date_of_birth) > getdate(today()):
			frappe.throw(_("The date of birth cannot be in the future."))
		if get_datetime(self.first_contact_on) > now_datetime():
			frappe.throw(_("The date of first contact cannot be in the future."))

	def refuse_exact_duplicate(self) -> None:
		"""The procedure's first step: no second record for a patient or an active prospect."""
		if not self.phone or self.allow_duplicate:
			return
		for match in find_matches(self.phone, None, exclude=self.name, active_prospects_only=True):
			if match["matched_on"] != PHONE:
				continue
			if match["doctype"] == PATIENT:
				message = _("This phone number belongs to the patient {0}.")
			else:
				message = _("This phone number belongs to the active prospect {0}.")
			frappe.throw(
				message.format(get_link_to_form(match["doctype"], match["name"], match["full_name"]))
				+ " "
				+ _("Open that record instead, or ask a manager to allow the duplicate."),
				title=_("Already known"),
				exc=frappe.DuplicateEntryError,
			)

	def track_classification(self) -> None:
		"""Keep the history of both classifications and keep the ageing state true to the rule."""
		before = None if self.is_new() else self.get_doc_before_save()
		if before is None or before.temperature != self.temperature:
			self.log_change(TEMPERATURE, before.temperature if before else None, self.temperature)
		state = current_ageing_state(self.temperature, self.last_interaction_on)
		if self.is_new():
			self.ageing_state = state
		elif state != self.ageing_state:
			self.log_change(AGEING_STATE, self.ageing_state, state)
			self.ageing_state = state

	def log_change(
		self, classification: str, from_value: str | None, to_value: str, reason: str | None = None
	):
		return self.append(
			"classification_history",
			{
				"changed_on": now_datetime(),
				"classification": classification,
				"from_value": from_value,
				"to_value": to_value,
				"changed_by": frappe.session.user,
				"reason": reason or (_("Created") if self.is_new() else _("Changed on the form")),
			},
		)

	def onload(self) -> None:
		"""For the form: the answer window ("dans les 15 jours, idéalement 48 heures ouvrées"), and
		the requests of the prospect's interactions (the initial request's types included), which
		the form shows once the initial request's section is gone."""
		self.set_onload("answer", answer_window(self))
		self.set_onload("pipeline_enabled", pipeline_enabled())
		self.set_onload("routing_enabled", routing_enabled())
		if not self.is_new():
			self.set_onload("interactions", interactions_of(PROSPECT, self.name))
			self.set_onload("follow_up", follow_up_summary(self.name))
			self.set_onload("matches", self.known_as())

	def known_as(self) -> list[dict]:
		"""The patients and other prospects this prospect may be (same phone, or same names and
		date of birth), those the reader may see: on a saved form as on a new one."""
		return [
			{
				key: match[key]
				for key in ("doctype", "name", "full_name", "matched_on", "status")
				if key in match
			}
			for match in find_matches(self.phone, self.match_key, exclude=self.name)
			if not (match["doctype"] == PATIENT and match["name"] == self.patient)
			and frappe.has_permission(match["doctype"], "read", doc=match["name"])
		]

	def on_update(self) -> None:
		before = self.get_doc_before_save()
		if (
			before is not None
			and self.status == ACTIVE
			and is_requalification(before.temperature, self.temperature)
		):
			create_requalified_call(self.name)

	def after_insert(self) -> None:
		"""Record the first request as the first interaction ("ajouter immédiatement une interaction")."""
		frappe.get_doc(
			{
				"doctype": "NEST Interaction",
				"party_type": PROSPECT,
				"party": self.name,
				"interaction_on": self.first_contact_on,
				"channel": self.initial_channel or "Inbound Call",
				"request_types": [{"request_type": row.request_type} for row in self.initial_request_types],
				"comments": self.initial_comments,
			}
		).insert(ignore_permissions=bool(self.flags.ignore_permissions))

	@frappe.whitelist(methods=["POST"])
	def export_personal_data(self) -> dict:
		"""The form's "Export Personal Data": everything the app holds on her, as one JSON file
		(managers only; nest_prospects.personal_data)."""
		return export_prospect(self.name)

	@frappe.whitelist(methods=["POST"])
	def erase_personal_data(
		self, requested_by: str | None = None, request_received_on: str | None = None
	) -> dict:
		"""The form's "Erase Personal Data": anonymise her everywhere, on whose request; logged."""
		return erase_prospect(self.name, requested_by, request_received_on)

	@frappe.whitelist(methods=["POST"])
	def plan_task(
		self,
		action_type: str | None = None,
		date: str | None = None,
		assigned_to: str | None = None,
		description: str | None = None,
	) -> dict:
		"""The form's "Plan a Task": a follow-up task by hand, recorded done when its date is past
		(followup.planned)."""
		return plan_prospect_task(self, action_type, date, assigned_to, description)

	@frappe.whitelist(methods=["POST"])
	def mark_won(self, factors: list | None = None, patient: str | None = None) -> dict:
		"""The form's "Won": one or more win factors and her patient (pipeline.outcome)."""
		return mark_outcome(self, WON, factors, patient=patient)

	@frappe.whitelist(methods=["POST"])
	def mark_lost(self, factors: list | None = None, justification: str | None = None) -> dict:
		"""The form's "Lost": one or more loss factors and a written justification (pipeline.outcome)."""
		return mark_outcome(self, LOST, factors, justification=justification)

	@frappe.whitelist(methods=["POST"])
	def attach_contact_person(
		self, contact_person: str, relation: str, reach_through_contact: int | str = 1
	) -> dict:
		"""The form's "Contact Person" (seed 002, "Mise à jour plus tard"): the person who asks
		for her, picked among the contact persons or just created (people.contact)."""
		return attach_contact_person(self, contact_person, relation, reach_through_contact)

	@frappe.whitelist(methods=["POST"])
	def route_to_specialist(self, request_type: str, clinic_site: str | None = None) -> dict:
		"""The form's "Route to a Specialist": the request to her own specialist, else one of the
		competence table (routing.referrals.route); a refusal names the field, nothing created."""
		self.load_from_db()  # the stored prospect (her own specialist), not the form's copy
		self.check_permission("write")
		return {"referral": route(self, request_type, clinic_site or request_site(self))}

	@frappe.whitelist(methods=["POST"])
	@roles_only(*MANAGERS, message=lambda: _("Only a manager changes the status of a reconciled prospect."))
	def change_reconciled_status(self, status: str, reason: str) -> dict:
		"""The form's "Change Status" on a Converted (or Already Patient) prospect: a manager takes
		her out of that status, with a reason (nest_prospects.guards keeps it otherwise).

		The link to the patient is removed and the reason logged as a comment on the prospect (its
		Version records the change of status). The form sends the document: only the stored one,
		locked, is changed. Returns the new status and the comment.
		"""
		reason = (reason or "").strip()
		if not reason:
			frappe.throw(_("Give the reason for the change of status."), frappe.MandatoryError)
		if len(reason) > MAX_REASON_LENGTH:
			frappe.throw(_("The reason is longer than {0} characters.").format(MAX_REASON_LENGTH))
		self.flags.for_update = True
		self.load_from_db()
		self.check_permission("write")
		if self.status not in RECONCILED:
			frappe.throw(_("Prospect {0} is not reconciled with a patient.").format(frappe.bold(self.name)))
		options = self.meta.get_field("status").options.split("\n")
		if status not in options or status in RECONCILED:
			frappe.throw(
				_("Choose one of the statuses {0}.").format(
					", ".join(option for option in options if option not in RECONCILED)
				)
			)
		before_status, patient = self.status, self.patient
		self.status = status
		self.flags.status_change_reason = reason
		self.save()
		# Read at the desk by everyone: in the site's language, as the app's other notes.
		lang = site_language()
		comment = self.add_comment(
			"Comment",
			_("Status changed from {0} to {1} (patient {2}). Reason: {3}", lang=lang).format(
				_(before_status, lang=lang),
				_(status, lang=lang),
				patient or "-",
				frappe.utils.escape_html(reason),
			),
		)
		return {"status": self.status, "comment": comment.name}

	def record_interaction(self, interaction_on, interaction_name: str, channel: str | None = None) -> None:
		"""An interaction happened: move the last-interaction date forward and re-age the prospect,
		and make its channel the list's "Dernière action" unless something was done later.

		Written straight to the database, with its history row, so that a form opened on the
		prospect is not outdated by an interaction logged elsewhere.
		"""
		interaction_on = get_datetime(interaction_on)
		values = {}
		if is_last_action(interaction_on, self.last_action_on):
			values = {"last_action": channel or self.last_action, "last_action_on": interaction_on}
		if not self.last_interaction_on or interaction_on > get_datetime(self.last_interaction_on):
			values["last_interaction_on"] = interaction_on
			state = current_ageing_state(self.temperature, interaction_on)
			if state != self.ageing_state:
				reason = _("Interaction {0}").format(interaction_name)
				self.log_change(AGEING_STATE, self.ageing_state, state, reason).db_insert()
				values["ageing_state"] = state
		if values:
			self.db_set(values, update_modified=False)

	def record_task_done(self, action_type: str, done_on: date) -> None:
		"""A task recorded done (planned with a past date, seed 003) is her last action unless
		something was done on a later day. A task is dated by its day: on the day of the last
		action, the task recorded now comes after it."""
		done_at = datetime.combine(done_on, time.min)
		if is_last_action(done_at, self.last_action_on, whole_day=True):
			self.db_set({"last_action": action_type, "last_action_on": done_at}, update_modified=False)


@frappe.whitelist(methods=["POST"])
def change_reconciled_status(prospect: str, status: str, reason: str) -> dict:
	"""The documented path `nest_prospects.guards.change_reconciled_status` (hooks.py's
	override_whitelisted_methods): the prospect's own method, for a caller outside the form."""
	return frappe.get_doc(PROSPECT, prospect).change_reconciled_status(status=status, reason=reason)


def answer_window(prospect) -> dict | None:
	"""Where the answer to a hot or warm prospect's first question stands, None for a cold one."""
	if prospect.is_new() or prospect.temperature not in (HOT, WARM) or not prospect.first_contact_on:
		return None
	settings = get_settings()
	now = now_datetime()
	first_contact_on = get_datetime(prospect.first_contact_on)
	answered_on = get_datetime(prospect.first_answered_on) if prospect.first_answered_on else None
	calendar = settings.working_calendar(now)
	ideal, latest = answer_deadlines(
		first_contact_on, calendar, settings.answer_within_days, settings.first_call_after_hours
	)
	waited = answer_wait(first_contact_on, answered_on or now, calendar)
	return {
		"status": answer_status(
			prospect.temperature, first_contact_on, answered_on, now, settings.answer_within_days
		),
		"answered_on": answered_on,
		# As people read it ("2 j 3 h", working days), for the form's headline; the hours for code.
		"waited": format_duration_fr(waited),
		"waited_hours": round(waited, 1),
		"ideal": ideal,
		"latest": latest,
	}


def follow_up_summary(name: str) -> dict:
	"""For the form's head of "Suivi": the next open follow-up task and the conversion review."""
	task = frappe.db.sql(
		"""select t.reason, td.date, td.allocated_to from `tabNEST Follow-up Task` t
		join `tabToDo` td on td.name = t.todo
		where t.reference_type = %(doctype)s and t.reference_name = %(name)s and td.status = 'Open'
		order by td.date, t.due_on limit 1""",
		{"doctype": PROSPECT, "name": name},
		as_dict=True,
	)
	review = frappe.db.get_value("NEST Conversion Review", name, ["outcome", "reviewed_on"], as_dict=True)
	return {
		"next_task": {**task[0], "reason": _(task[0].reason)} if task else None,
		"tasks": tasks_of(name),
		"review": {**review, "outcome": _(review.outcome)} if review else None,
	}


def current_ageing_state(temperature: str, last_interaction_on) -> str:
	return ageing_state(
		temperature, get_datetime(last_interaction_on), now_datetime(), get_settings().ageing_thresholds()
	)


def on_doctype_update() -> None:
	"""The daily ageing job reads active prospects by temperature and last interaction."""
	frappe.db.add_index(PROSPECT, ["status", "temperature", "last_interaction_on"])
