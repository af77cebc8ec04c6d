"""Desk actions of the daily follow-up: the documentation mail and the morning review.

curl examples are in the README ("Follow-up API").
"""

# No `from __future__ import annotations`: Frappe validates whitelisted arguments against real
# type hints (it skips hints that are strings).
import json

import frappe
from frappe import _
from frappe.utils import now_datetime

from nest_prospects.access import needs_permission, roles_only
from nest_prospects.constants import INTERACTION, MANAGERS, PARTY_TYPES, SETTINGS
from nest_prospects.followup.rules.tasks import DOCUMENTATION_MAIL, closed_days
from nest_prospects.followup.rules.working_time import public_holidays
from nest_prospects.followup.todos import close_tasks
from nest_prospects.languages.rules import holiday_language
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.people.contact import addressee

# The clinic's documentation mails are the Email Templates named "NEST - …" (those the app installs
# and those a manager adds the same way), and those the documentation kit names. The other Email
# Templates of the site (ERPNext's shipping notices, leave approvals…) are never offered nor sent.
DOCUMENTATION_TEMPLATE_PREFIX = "NEST - "


def mail_context(party) -> dict:
	"""What the templates can say: the person's names, whom to ask for, how to reach the clinic."""
	settings = get_settings()
	return {
		"doc": party.as_dict(),
		"first_name": party.get("first_name") or "",
		"last_name": party.get("last_name") or "",
		"full_name": party.get("full_name") or "",
		"account_manager": settings.account_manager_name or "",
		"clinic_phone": settings.clinic_phone or "",
		"clinic_address": settings.clinic_address or "",
		"website_url": settings.website_url or "",
		"facebook_url": settings.facebook_url or "",
		"sender_name": frappe.utils.get_fullname(frappe.session.user),
	}


def kit_for(email_template: str) -> list[dict]:
	"""The documentation kit files to attach with this template (rows without a template: always)."""
	rows = []
	for row in get_settings().documentation_kit:
		if row.email_template and row.email_template != email_template:
			continue
		file_name = frappe.db.get_value("File", {"file_url": row.file}, "name")
		if not file_name:
			frappe.throw(
				_(
					"The documentation kit file {0} ({1}) is missing: attach it again in NEST Prospect Settings."
				).format(frappe.bold(row.document_title), row.file)
			)
		rows.append({"title": row.document_title, "file": file_name})
	return rows


@frappe.whitelist(methods=["POST"])
def send_documentation(
	party_type: str, party: str, email_template: str, interaction: str | None = None
) -> dict:
	"""Mail the template with the documentation kit through the mail queue, on the timeline.

	The interaction given is marked "documents sent"; without one, a new Email interaction
	records the mail. Returns the Communication and the interaction.
	"""
	if party_type not in PARTY_TYPES:
		frappe.throw(_("Documentation is sent to a prospect or a patient."))
	if not frappe.db.exists(party_type, party):
		frappe.throw(_("{0} {1} does not exist.").format(_(party_type), frappe.bold(party)))
	doc = frappe.get_doc(party_type, party)
	doc.check_permission("read")
	frappe.has_permission(INTERACTION, "create", throw=True)
	interaction_doc = None
	if interaction:
		interaction_doc = frappe.get_doc(INTERACTION, interaction)
		interaction_doc.check_permission("write")
		if (interaction_doc.party_type, interaction_doc.party) != (party_type, party):
			frappe.throw(_("This interaction is not with {0}.").format(frappe.bold(doc.get("full_name"))))
	# A prospect reached through her contact person: the mail goes to the contact person.
	recipient, greeted = addressee(party_type, doc)
	if not recipient:
		frappe.throw(
			_("{0} has no email address: add it to the record, or send the documents another way.").format(
				frappe.bold(doc.get("full_name") or party)
			),
			title=_("No email address"),
		)
	if not email_template or not frappe.db.exists("Email Template", email_template):
		frappe.throw(_("Choose a mail template."))
	if email_template not in documentation_template_names():
		frappe.throw(
			_(
				"{0}: {1} is not a documentation mail. Choose one of the clinic's templates, whose names start with {2}."
			).format(
				_("Mail Template"), frappe.bold(email_template), frappe.bold(DOCUMENTATION_TEMPLATE_PREFIX)
			),
			title=_("Mail not sent"),
		)
	from frappe.email.doctype.email_account.email_account import EmailAccount

	if not EmailAccount.find_outgoing(match_by_doctype=party_type):
		frappe.throw(
			_("No outgoing email account is set up: ask the administrator to set one up."),
			title=_("Mail not sent"),
		)
	template = frappe.get_doc("Email Template", email_template)
	context = {**mail_context(doc), **greeted}
	subject = template.get_formatted_subject(context)
	message = template.get_formatted_response(context)
	kit = kit_for(email_template)

	from frappe.core.doctype.communication.email import _make

	# _make skips the "email" permission of the record: reading it and logging interactions suffice.
	communication = _make(
		doctype=party_type,
		name=party,
		content=message,
		subject=subject,
		recipients=[recipient],
		send_email=True,
		attachments=[row["file"] for row in kit],
		email_template=email_template,
		communication_type="Communication",
	)
	documents = ", ".join([template.name] + [row["title"] for row in kit])
	if interaction_doc is not None:
		interaction_doc.documents_sent = 1
		interaction_doc.answers_request = 1
		earlier = (interaction_doc.documents or "").strip()
		interaction_doc.documents = f"{earlier}\n{documents}".strip() if earlier else documents
		interaction_doc.save()
	else:
		interaction_doc = frappe.get_doc(
			{
				"doctype": INTERACTION,
				"party_type": party_type,
				"party": party,
				"interaction_on": now_datetime(),
				"channel": "Email",
				"documents_sent": 1,
				"answers_request": 1,
				"documents": documents,
				"comments": _("Documentation mail: {0}").format(subject),
			}
		).insert()
	close_tasks(party_type, party, (DOCUMENTATION_MAIL,))
	return {"communication": communication["name"], "interaction": interaction_doc.name}


@frappe.whitelist(methods=["POST"])
@roles_only(*MANAGERS, message=lambda: _("Only the follow-up manager marks interactions processed."))
def mark_processed(interactions: list[str] | str, processed: int = 1) -> int:
	"""The morning review: mark interactions processed (or not). Nothing is ever deleted."""
	if isinstance(interactions, str):
		interactions = json.loads(interactions) if interactions.strip().startswith("[") else [interactions]
	names = sorted({name for name in interactions if name})
	if not names:
		frappe.throw(_("Select the interactions to mark."))
	found = frappe.get_all(INTERACTION, filters={"name": ("in", names)}, pluck="name")
	missing = sorted(set(names) - set(found))
	if missing:
		frappe.throw(_("These interactions do not exist: {0}").format(", ".join(missing)))
	for name in names:
		frappe.has_permission(INTERACTION, "write", doc=name, throw=True)
	table = frappe.qb.DocType(INTERACTION)
	processed = 1 if int(processed) else 0
	frappe.qb.update(table).set(table.processed, processed).set(
		table.processed_by, frappe.session.user if processed else None
	).set(table.processed_on, now_datetime() if processed else None).where(table.name.isin(names)).run()
	return len(names)


def documentation_template_names() -> list[str]:
	"""The clinic's documentation mail templates, by name (see DOCUMENTATION_TEMPLATE_PREFIX)."""
	in_kit = {row.email_template for row in get_settings().documentation_kit if row.email_template}
	names = set(
		frappe.get_all(
			"Email Template", filters={"name": ("like", f"{DOCUMENTATION_TEMPLATE_PREFIX}%")}, pluck="name"
		)
	)
	if in_kit:
		names.update(frappe.get_all("Email Template", filters={"name": ("in", sorted(in_kit))}, pluck="name"))
	return sorted(names)


@frappe.whitelist()
@needs_permission(INTERACTION, "create")
def documentation_templates() -> list[str]:
	"""The mail templates the "Send documentation" dialog offers: the clinic's documentation only."""
	return documentation_template_names()


@frappe.whitelist()
@needs_permission(SETTINGS, "read")
def holidays_of_year(year: int | None = None) -> list[dict]:
	"""The days off of a year from the settings: public holidays and clinic closures, by date.

	For the manager to check the estimated dates of the Islamic holidays against the announced ones.
	"""
	from frappe.utils import getdate

	year = int(year or getdate().year)
	if not 1900 < year < 2200:
		frappe.throw(_("Give a year such as {0}.").format(getdate().year))
	settings = get_settings()
	days = {}
	if settings.holiday_country:
		# The holidays' names in the reader's language, not the library's default for the country.
		language = holiday_language(settings.holiday_country, frappe.local.lang)
		for day, name in public_holidays(settings.holiday_country, [year], language=language).items():
			days[day] = name
	closures = [
		(getdate(row.from_date), getdate(row.to_date) if row.to_date else None, row.reason)
		for row in settings.clinic_closures
	]
	for start, end, reason in closures:
		for day in closed_days([(start, end)]):
			if day.year == year:
				days[day] = reason or _("Clinic closure")
	return [{"date": day, "name": name} for day, name in sorted(days.items())]
