# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from collections import defaultdict

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, format_datetime, get_datetime, get_link_to_form, now_datetime

from nest_prospects.constants import INTERACTION, PARTY_TYPES, PATIENT, PROSPECT
from nest_prospects.followup.rules.tasks import (
	CALL_REASONS,
	DOCUMENTATION_MAIL,
	RECALL_CATEGORY,
	SEVEN_DAY_RECALL,
	SPOKEN_CHANNELS,
)
from nest_prospects.followup.todos import close_tasks
from nest_prospects.routing.referrals import route_interaction

REQUEST_ROW = "NEST Interaction Request Type"


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
		request_summary: DF.Data | None
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
		# The list shows the requests in a column: a Table MultiSelect cannot be one.
		self.request_summary = (
			request_summary((row.request_type for row in self.request_types), max_length=140) or None
		)
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
			prospect.record_interaction(self.interaction_on, self.name, self.channel)
		else:
			last = frappe.db.get_value(PATIENT, self.party, "last_interaction_on")
			if not last or get_datetime(self.interaction_on) > get_datetime(last):
				frappe.db.set_value(
					PATIENT, self.party, "last_interaction_on", self.interaction_on, update_modified=False
				)

		self.follow_up()

	def after_insert(self) -> None:
		"""A call or visit does the call a task asked for; a RAPPEL 7 JOURS does the recall; a
		request that needs a specialist is routed to her."""
		if self.channel in SPOKEN_CHANNELS:
			close_tasks(self.party_type, self.party, CALL_REASONS)
		if self.is_recall():
			close_tasks(self.party_type, self.party, (SEVEN_DAY_RECALL,))
		route_interaction(self)

	def follow_up(self) -> None:
		"""The first answer to a prospect's question, and the documentation mail task it ends."""
		if self.answers_request and self.party_type == PROSPECT:
			prospects = frappe.qb.DocType(PROSPECT)
			frappe.qb.update(prospects).set(prospects.first_answered_on, self.interaction_on).where(
				(prospects.name == self.party)
				& (prospects.first_answered_on.isnull() | (prospects.first_answered_on > self.interaction_on))
			).run()
		if self.documents_sent and (self.is_new() or self.has_value_changed("documents_sent")):
			close_tasks(self.party_type, self.party, (DOCUMENTATION_MAIL,))

	def is_recall(self) -> bool:
		codes = [row.request_type for row in self.request_types if row.request_type]
		return bool(codes) and bool(
			frappe.db.exists("NEST Request Type", {"name": ("in", codes), "category": RECALL_CATEGORY})
		)

	def on_trash(self) -> None:
		"""Interactions are the clinic's record of contacts: nobody deletes them from the desk."""
		if "System Manager" not in frappe.get_roles():
			frappe.throw(_("Interactions are never deleted."), frappe.PermissionError)


def request_summary(codes, max_length: int | None = None) -> str:
	"""The request codes of an interaction, as the list and the timeline show them; cut with "…"
	to max_length (the list's column is a Data field)."""
	summary = ", ".join(dict.fromkeys(code for code in codes if code))
	if max_length and len(summary) > max_length:
		summary = summary[: max_length - 1].rstrip(", ") + "…"
	return summary


def interactions_of(party_type: str, party: str, limit: int = 100) -> list[dict]:
	"""A prospect's or patient's interactions, the latest first, each with its request codes.

	Two queries; nothing for a user who may not read interactions.
	"""
	if not frappe.has_permission(INTERACTION, "read"):
		return []
	rows = frappe.get_all(
		INTERACTION,
		filters={"party_type": party_type, "party": party},
		fields=["name", "interaction_on", "channel", "comments", "documents_sent", "documents", "logged_by"],
		order_by="interaction_on desc, creation desc",
		limit=limit,
	)
	if not rows:
		return rows
	codes = defaultdict(list)
	for row in frappe.get_all(
		REQUEST_ROW,
		filters={"parenttype": INTERACTION, "parent": ("in", [row.name for row in rows])},
		fields=["parent", "request_type"],
		order_by="idx asc",
	):
		codes[row.parent].append(row.request_type)
	for row in rows:
		row.request_types = codes[row.name]
	return rows


def timeline_items(doctype: str, docname: str) -> list[dict]:
	"""The interactions on the timeline of their prospect or patient (hook additional_timeline_content).

	A Dynamic Link cannot be a DocType's timeline_field (Frappe reads the pointer field's options,
	not its value), so the interactions are added to the timeline here.
	"""
	if doctype not in PARTY_TYPES:
		return []
	items = []
	for row in interactions_of(doctype, docname):
		what = _(row.channel, context=INTERACTION) if row.channel else _("Interaction")
		requests = request_summary(row.request_types)
		link = get_link_to_form(INTERACTION, row.name, _("Interaction"))
		lines = [f"<div><b>{escape_html(what)}</b> · {link}</div>"]
		if requests:
			asked = _("Requests: {0}").format(requests)
			lines.append(f"<div>{escape_html(asked)}</div>")
		if row.comments:
			lines.append(f'<div class="text-muted">{escape_html(row.comments)}</div>')
		if row.documents_sent and row.documents:
			sent = _("Documents sent: {0}").format(row.documents)
			lines.append(f'<div class="text-muted">{escape_html(sent)}</div>')
		when = format_datetime(row.interaction_on)
		lines.append(f'<div class="text-muted small">{escape_html(when)}</div>')
		items.append(
			{
				"icon": "call" if row.channel in SPOKEN_CHANNELS else "message",
				"is_card": True,
				"creation": str(row.interaction_on),
				"content": "".join(lines),
			}
		)
	return items


def on_doctype_update() -> None:
	"""The activity report counts the interactions of a range of dates by user, channel or requests:
	from this index alone, without reading the rows. The follow-up reads a list of people's
	interactions since a day (the 7-day recall's latest recalls, the last news): both conditions
	from one index, whatever the table's statistics say about `party` or `interaction_on` alone."""
	frappe.db.add_index(
		INTERACTION,
		["interaction_on", "party_type", "logged_by", "channel", "request_summary"],
		index_name="activity_index",
	)
	frappe.db.add_index(INTERACTION, ["party", "interaction_on"], index_name="party_interaction_on")
