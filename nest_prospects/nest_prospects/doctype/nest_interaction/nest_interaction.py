# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from nest_prospects.people import PARTY_TYPES, PATIENT, PROSPECT
from nest_prospects.rules.followup import DOCUMENTATION_MAIL, SEVEN_DAY_RECALL


class NESTInteraction(Document):
	"""One contact with a prospect, or with a patient who asks as a prospect would."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from nest_prospects.nest_prospects.doctype.nest_interaction_request_type.nest_interaction_request_type import (
			NESTInteractionRequestType,
		)

		answers_request: DF.Check
		channel: DF.Literal[
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
		comments: DF.SmallText | None
		documents: DF.SmallText | None
		documents_sent: DF.Check
		interaction_on: DF.Datetime
		logged_by: DF.Link | None
		party: DF.DynamicLink
		party_name: DF.Data | None
		party_type: DF.Literal["NEST Prospect", "NEST Patient"]
		processed: DF.Check
		processed_by: DF.Link | None
		processed_on: DF.Datetime | None
		request_types: DF.TableMultiSelect[NESTInteractionRequestType]
	# end: auto-generated types

	def validate(self) -> None:
		if self.party_type not in PARTY_TYPES:
			frappe.throw(_("An interaction is with a prospect or a patient."))
		self.party_name = frappe.db.get_value(self.party_type, self.party, "full_name")
		if self.party_name is None:
			frappe.throw(_("{0} {1} does not exist.").format(_(self.party_type), frappe.bold(self.party)))
		if get_datetime(self.interaction_on) > now_datetime():
			frappe.throw(_("An interaction cannot be dated in the future."))
		self.logged_by = self.logged_by or frappe.session.user
		if not self.documents_sent:
			self.documents = None
		elif not (self.documents or "").strip():
			frappe.throw(_("Say which documents were sent."), frappe.MandatoryError)
		else:
			# Documents sent answer the question: the answer window closes with them.
			self.answers_request = 1
		self.keep_review_state()

	def keep_review_state(self) -> None:
		"""The morning review alone sets the processed state: a form saved, even one opened before
		the review, keeps the state stored."""
		if self.is_new():
			self.processed, self.processed_by, self.processed_on = 0, None, None
			return
		stored = frappe.db.get_value(
			self.doctype, self.name, ["processed", "processed_by", "processed_on"], as_dict=True
		)
		if stored:
			self.update(stored)

	def on_update(self) -> None:
		if self.party_type == PROSPECT:
			prospect = frappe.get_doc(PROSPECT, self.party)
			prospect.record_interaction(self.interaction_on, self.name)
		else:
			last = frappe.db.get_value(PATIENT, self.party, "last_interaction_on")
			if not last or get_datetime(self.interaction_on) > get_datetime(last):
				frappe.db.set_value(
					PATIENT, self.party, "last_interaction_on", self.interaction_on, update_modified=False
				)

		self.follow_up()

	def after_insert(self) -> None:
		"""A call or visit does the call a task asked for; a RAPPEL 7 JOURS does the recall."""
		from nest_prospects.jobs.followup import CALL_REASONS, SPOKEN_CHANNELS, close_tasks

		if self.channel in SPOKEN_CHANNELS:
			close_tasks(self.party_type, self.party, CALL_REASONS)
		if self.is_recall():
			close_tasks(self.party_type, self.party, (SEVEN_DAY_RECALL,))

	def follow_up(self) -> None:
		"""The first answer to a prospect's question, and the documentation mail task it ends."""
		from nest_prospects.jobs.followup import close_tasks

		if self.answers_request and self.party_type == PROSPECT:
			prospects = frappe.qb.DocType(PROSPECT)
			frappe.qb.update(prospects).set(prospects.first_answered_on, self.interaction_on).where(
				(prospects.name == self.party)
				& (prospects.first_answered_on.isnull() | (prospects.first_answered_on > self.interaction_on))
			).run()
		if self.documents_sent and (self.is_new() or self.has_value_changed("documents_sent")):
			close_tasks(self.party_type, self.party, (DOCUMENTATION_MAIL,))

	def is_recall(self) -> bool:
		from nest_prospects.jobs.followup import RECALL_CATEGORY

		codes = [row.request_type for row in self.request_types if row.request_type]
		return bool(codes) and bool(
			frappe.db.exists("NEST Request Type", {"name": ("in", codes), "category": RECALL_CATEGORY})
		)

	def on_trash(self) -> None:
		"""Interactions are the clinic's record of contacts: nobody deletes them from the desk."""
		if "System Manager" not in frappe.get_roles():
			frappe.throw(_("Interactions are never deleted."), frappe.PermissionError)
