# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

"""The morning review: yesterday's interactions with prospects and patients, and which are processed.

On a Monday "yesterday" is Friday to Sunday, after a holiday it starts at the last working day
(`previous_day` in the follow-up rules), so no interaction falls between two reviews.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder.functions import GroupConcat
from frappe.utils import getdate, today

from nest_prospects.constants import PARTY_TYPES
from nest_prospects.followup.rules.tasks import previous_day
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.nest_prospects.report.utils import column

TO_PROCESS = "To Process"
PROCESSED = "Processed"


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	review_day = getdate(filters.get("review_date") or today())
	start, end = review_window(review_day)
	rows = data(filters, start, end)
	done = sum(1 for row in rows if row.processed)
	message = _("Interactions from {0} to {1}: {2} to process, {3} processed.").format(
		frappe.utils.format_datetime(start, "dd/MM/yyyy HH:mm"),
		frappe.utils.format_datetime(end, "dd/MM/yyyy HH:mm"),
		len(rows) - done,
		done,
	)
	return columns(), rows, message


def review_window(review_day):
	from datetime import datetime

	calendar = get_settings().working_calendar(datetime.combine(review_day, datetime.min.time()))
	return previous_day(review_day, calendar)


def columns() -> list[dict]:
	return [
		column("name", _("Interaction"), "Link", 150, options="NEST Interaction"),
		column("interaction_on", _("Date and Time"), "Datetime", 150),
		column("party_type", _("With"), "Data", 100),
		column("party", _("Prospect or Patient"), "Dynamic Link", 140, options="party_type_value"),
		column("party_name", _("Name"), "Data", 160),
		column("channel", _("Channel"), "Data", 110),
		column("request_types", _("Requests"), "Data", 180),
		column("comments", _("Comments"), "Data", 220),
		column("documents_sent", _("Documents Sent by Mail"), "Check", 90),
		column("logged_by", _("Logged By"), "Link", 150, options="User"),
		column("processed", _("Processed"), "Check", 90),
		column("processed_by", _("Processed By"), "Link", 150, options="User"),
		column("processed_on", _("Processed On"), "Datetime", 150),
	]


def data(filters, start, end) -> list[dict]:
	interaction = frappe.qb.DocType("NEST Interaction")
	request = frappe.qb.DocType("NEST Interaction Request Type")
	requests = (
		frappe.qb.from_(request)
		.select(GroupConcat(request.request_type).as_("codes"))
		.where((request.parent == interaction.name) & (request.parenttype == "NEST Interaction"))
	)
	query = (
		frappe.qb.from_(interaction)
		.select(
			interaction.name,
			interaction.interaction_on,
			interaction.party_type,
			interaction.party,
			interaction.party_name,
			interaction.channel,
			requests.as_("request_types"),
			interaction.comments,
			interaction.documents_sent,
			interaction.logged_by,
			interaction.processed,
			interaction.processed_by,
			interaction.processed_on,
		)
		.where((interaction.interaction_on >= start) & (interaction.interaction_on < end))
		.orderby(interaction.processed)
		.orderby(interaction.interaction_on)
	)
	if filters.get("party_type") in PARTY_TYPES:
		query = query.where(interaction.party_type == filters.party_type)
	if filters.get("show") == TO_PROCESS:
		query = query.where(interaction.processed == 0)
	elif filters.get("show") == PROCESSED:
		query = query.where(interaction.processed == 1)
	rows = query.run(as_dict=True)
	for row in rows:
		row.party_type_value = row.party_type
		row.party_type = _(row.party_type)
		row.channel = _(row.channel)
		row.request_types = (row.request_types or "").replace(",", ", ")
	return rows
