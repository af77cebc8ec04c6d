# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

"""Hot and warm prospects whose first question has no answer yet, and how long they have waited.

The procedure: answer within 15 days of the first contact, ideally within 48 working hours
("48 heures ouvrées": two working days). The wait counts working days only, and reads as people
say it ("2 j 3 h"); a numeric column in hours keeps the sorting right. "Most likely first" orders by
the likelihood of converting (likelihood.jobs), those without one last, then by the wait.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from nest_prospects.followup.rules.tasks import OVERDUE, answer_deadlines, answer_status
from nest_prospects.followup.rules.working_time import WorkingHoursTable, format_duration_fr
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.nest_prospects.report.utils import column


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	settings = get_settings()
	now = now_datetime()
	calendar = settings.working_calendar(now)
	prospect = frappe.qb.DocType("NEST Prospect")
	query = (
		frappe.qb.from_(prospect)
		.select(
			prospect.name,
			prospect.full_name,
			prospect.phone,
			prospect.email,
			prospect.temperature,
			prospect.first_contact_on,
			prospect.responsible_user,
			prospect.conversion_likelihood,
			prospect.likelihood_factors,
		)
		.where(
			(prospect.status == "Active")
			& prospect.temperature.isin(["Hot", "Warm"])
			& prospect.first_answered_on.isnull()
		)
		.orderby(prospect.first_contact_on)
	)
	if filters.get("responsible_user"):
		query = query.where(prospect.responsible_user == filters.responsible_user)
	rows = []
	prospects = query.run(as_dict=True)
	# The working hours waited, for every row from one pass over the calendar's days (not one
	# walk from each first contact to now): the rows come oldest first.
	hours = WorkingHoursTable(
		calendar, get_datetime(prospects[0].first_contact_on) if prospects else now, now
	)
	for row in prospects:
		if row.pop("likelihood_factors") is None:
			row.conversion_likelihood = None  # none given (below the floor): likelihood.jobs
		first_contact_on = get_datetime(row.first_contact_on)
		ideal, latest = answer_deadlines(
			first_contact_on, calendar, settings.answer_within_days, settings.first_call_after_hours
		)
		status = answer_status(row.temperature, first_contact_on, None, now, settings.answer_within_days)
		waited = hours.hours_between(first_contact_on, now)  # followup.rules.tasks.answer_wait
		row.update(
			{
				"waiting": format_duration_fr(waited),
				"waited_hours": round(waited, 1),
				"ideal_by": ideal,
				"latest_by": latest,
				"answer_status": _(status),
				"late": int(status == OVERDUE or now > ideal),
				"temperature": _(row.temperature),
			}
		)
		rows.append(row)
	if filters.get("most_likely_first"):
		# stable: the oldest first contact first within the same likelihood
		rows.sort(key=lambda row: (row.conversion_likelihood is None, -(row.conversion_likelihood or 0)))
	return columns(), rows


def columns() -> list[dict]:
	return [
		column("name", _("Prospect"), "Link", 140, options="NEST Prospect"),
		column("full_name", _("Name"), "Data", 170),
		column("temperature", _("Temperature"), "Data", 90),
		column("conversion_likelihood", _("Likelihood of Converting"), "Percent", 110),
		column("phone", _("Phone"), "Data", 130),
		column("email", _("Email"), "Data", 170),
		column("first_contact_on", _("First Contact On"), "Datetime", 150),
		column("waiting", _("Waiting (working days)"), "Data", 120),
		column("waited_hours", _("Waiting (hours of working days)"), "Float", 120, precision=1),
		column("ideal_by", _("Ideally Answered By"), "Datetime", 150),
		column("latest_by", _("Answer at the Latest By"), "Datetime", 150),
		column("answer_status", _("Answer"), "Data", 100),
		column("responsible_user", _("Responsible"), "Link", 150, options="User"),
	]
