"""The daily reminder of missing feedback: one mail per specialist for her open referrals past
their due day, once per referral (`reminder_sent_on`), in her language."""

from __future__ import annotations

from datetime import datetime

import frappe
from frappe import _
from frappe.utils import escape_html, format_date, get_datetime, get_url_to_form, now_datetime

from nest_prospects.constants import SETTINGS
from nest_prospects.languages.lookup import site_language
from nest_prospects.reminder_mails import recipients, remind_each
from nest_prospects.routing.referrals import REFERRAL
from nest_prospects.routing.rules import OPEN
from nest_prospects.sql import single_run

# At most this many referrals listed in one mail; the others are counted.
LISTED_REFERRALS = 50
# Open referrals past their due day (rules.is_overdue: the day after it), not reminded yet, with
# their specialist (enabled, with an email address).
TABLES = f"""`tab{REFERRAL}` r
	join `tabUser` u on u.name = r.specialist and u.enabled = 1 and ifnull(u.email, '') != ''"""
OVERDUE = "r.status = %(open)s and r.reminder_sent_on is null and r.due_on < %(today)s"


@single_run(lambda: {"reminders": 0, "referrals": 0})
def send_feedback_reminders(now: datetime | str | None = None) -> dict[str, int]:
	"""One query finds the specialists to remind; per specialist (a few dozen at most), the first
	LISTED_REFERRALS are read for her mail and all of them marked by one UPDATE. A second run the
	same day finds nothing to send. Without an outgoing mail account nothing is marked, so the
	next run sends them."""
	now = get_datetime(now) if now else now_datetime()
	values = {"open": OPEN, "today": now.date()}
	specialists = recipients("r.specialist", TABLES, OVERDUE, values, count_as="referrals")
	if not specialists:
		return {"reminders": 0, "referrals": 0}
	default_language = site_language()
	copy = (frappe.db.get_single_value(SETTINGS, "referral_copy_to") or "").strip()

	def send(specialist: dict) -> None:
		listed = frappe.db.sql(
			f"""select r.name, r.prospect, r.request_type, r.routed_on, r.due_on,
				coalesce(p.full_name, r.prospect) as prospect_name
			from {TABLES} left join `tabNEST Prospect` p on p.name = r.prospect
			where {OVERDUE} and r.specialist = %(specialist)s
			order by r.due_on, r.name limit {LISTED_REFERRALS}""",
			{**values, "specialist": specialist.specialist},
			as_dict=True,
		)
		send_reminder(specialist, listed, specialist.language or default_language, copy)

	def mark(specialist: dict) -> None:
		frappe.db.sql(
			f"update {TABLES} set r.reminder_sent_on = %(now)s where {OVERDUE} and r.specialist = %(specialist)s",
			{**values, "specialist": specialist.specialist, "now": now},
		)

	reminded = remind_each(specialists, send, mark, "Referral feedback reminders: no outgoing email account")
	return {"reminders": len(reminded), "referrals": sum(specialist.referrals for specialist in reminded)}


def send_reminder(specialist: dict, listed: list, lang: str | None, copy: str | None = None) -> None:
	"""The reminder mail of one specialist, in `lang`: her referrals without feedback."""
	items = []
	for row in listed:
		url = get_url_to_form(REFERRAL, row.name)
		label = f"{escape_html(row.request_type)}, {escape_html(row.prospect_name)}"
		due = _("due on {0}", lang=lang).format(format_date(row.due_on))
		items.append(f"<li><a href='{url}'>{label}</a> ({due})</li>")
	more = ""
	if specialist.referrals > len(listed):
		more = "<p>" + _("And {0} more.", lang=lang).format(specialist.referrals - len(listed)) + "</p>"
	frappe.sendmail(
		recipients=[specialist.email],
		cc=[copy] if copy else None,
		subject=_("Referrals: {0} without feedback", lang=lang).format(specialist.referrals),
		message=_("Hello {0},", lang=lang).format(escape_html(specialist.user_name))
		+ "<p>"
		+ _("These requests were routed to you and their feedback is late:", lang=lang)
		+ f"</p><ul>{''.join(items)}</ul>{more}<p>"
		+ _(
			"Open each one and record the actions taken (call made on…, appointment booked…): a missing feedback counts as a malus on your scorecard.",
			lang=lang,
		)
		+ "</p>",
		reference_doctype=REFERRAL,
		reference_name=listed[0].name if listed else None,
	)
