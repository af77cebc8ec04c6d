"""Routing a request to a specialist, in a site: the referral, its mail, its feedback.

The rules are routing.rules (who is eligible, who is chosen, the deadline, the feedback check);
this module reads the competence table (NEST Staff Member's competences and "accepts new
requests"), writes the NEST Referral, sends the specialist the referral mail (the Email
Template REFERRAL_TEMPLATE, with the standard sentence asking for feedback within 7 days), on
the prospect's timeline, and puts the referral on her to-do list (a ToDo assigned to her, closed
when her feedback is recorded).
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial

import frappe
from frappe import _
from frappe.database.database import savepoint
from frappe.desk.form.assign_to import notify_assignment
from frappe.utils import escape_html, format_date, get_url_to_form, getdate, now_datetime

from nest_prospects.constants import (
	INTERACTION,
	MANAGERS,
	PROSPECT,
	REFERRAL,
	REQUEST_TYPE,
	SETTINGS,
	STAFF_MEMBER,
)
from nest_prospects.followup.todos import insert_todo
from nest_prospects.languages.lookup import user_language
from nest_prospects.routing.rules import (
	ANY_SITE,
	NO_ELIGIBLE,
	NOT_NEEDED,
	NOT_THE_SPECIALIST,
	OPEN,
	ROUTING_OFF,
	Competence,
	RoutingError,
	Specialist,
	check_feedback,
	choose_specialist,
	feedback_due,
)

COMPETENCE = "NEST Staff Competence"
REFERRAL_TEMPLATE = "NEST - Transmission à un spécialiste"


def routing_enabled() -> bool:
	return bool(frappe.db.get_single_value(SETTINGS, "enable_routing"))


def feedback_within_days() -> int:
	return int(frappe.db.get_single_value(SETTINGS, "feedback_within_days") or 7)


def needs_specialist(request_types) -> list[str]:
	"""Those of `request_types` that need a specialist (NEST Request Type's flag), in order."""
	codes = [code for code in dict.fromkeys(request_types) if code]
	if not codes:
		return []
	flagged = set(
		frappe.get_all(REQUEST_TYPE, filters={"name": ("in", codes), "needs_specialist": 1}, pluck="name")
	)
	return [code for code in codes if code in flagged]


def lock_specialists(request_type: str) -> None:
	"""Serialise the choice: the staff members who take `request_type` locked (SELECT … FOR
	UPDATE, in name order) until the routing's transaction ends, so that two routings at once do
	not both pick the least loaded specialist: the second waits for the first's referral."""
	frappe.db.sql(
		f"""select member.name from `tab{STAFF_MEMBER}` member
		where member.name in (
			select competence.parent from `tab{COMPETENCE}` competence
			where competence.parenttype = %(staff)s and competence.request_type = %(request_type)s
		)
		order by member.name for update""",
		{"staff": STAFF_MEMBER, "request_type": request_type},
	)


def specialists_for(request_type: str) -> list[Specialist]:
	"""The staff members as routing sees them, with their competences for `request_type` and
	the open referrals of those who take it: two queries, whatever the size of the table, after the lock
	(lock_specialists). The open referrals are a locking read: it sees what the routing that
	held the lock before committed, which a plain read of an older snapshot would not."""
	lock_specialists(request_type)
	member = frappe.qb.DocType(STAFF_MEMBER)
	user = frappe.qb.DocType("User")
	competence = frappe.qb.DocType(COMPETENCE)
	rows = (
		frappe.qb.from_(member)
		.join(user)
		.on(user.name == member.name)
		.left_join(competence)
		.on(
			(competence.parent == member.name)
			& (competence.parenttype == STAFF_MEMBER)
			& (competence.request_type == request_type)
		)
		.select(
			member.name,
			member.active,
			member.accepts_new_requests,
			user.enabled,
			competence.request_type,
			competence.clinic_site,
		)
		.run(as_dict=True)
	)
	# Only those who take this request type can be chosen: their open referrals alone are
	# counted (and locked), so that routings of other types do not wait on them.
	candidates = sorted({row.name for row in rows if row.request_type})
	referral = frappe.qb.DocType(REFERRAL)
	open_counts = (
		dict(
			frappe.qb.from_(referral)
			.select(referral.specialist, frappe.query_builder.functions.Count("*"))
			.where(referral.status == OPEN)
			.where(referral.specialist.isin(candidates))
			.groupby(referral.specialist)
			.for_update()
			.run()
		)
		if candidates
		else {}
	)
	members: dict[str, dict] = {}
	competences: dict[str, list[Competence]] = defaultdict(list)
	for row in rows:
		members[row.name] = row
		if row.request_type:
			competences[row.name].append(Competence(row.request_type, row.clinic_site or None))
	return [
		Specialist(
			name,
			bool(row.active and row.enabled),
			bool(row.accepts_new_requests),
			tuple(competences[name]),
			int(open_counts.get(name, 0)),
		)
		for name, row in members.items()
	]


def request_site(prospect, interaction=None) -> str | None:
	"""The site the request is about: the interaction's, else the prospect's (if it has one)."""
	if interaction is not None and interaction.get("clinic_site"):
		return interaction.clinic_site
	return prospect.get("clinic_site") or None


def route(prospect, request_type: str, site: str | None = None, interaction: str | None = None) -> str:
	"""Route `request_type` of `prospect` (a NEST Prospect document) to its specialist: the
	referral created and its mail sent. A refusal (routing off, a request that needs no
	specialist, nobody eligible, no outgoing mail account) is a ValidationError naming the field,
	and nothing is created. Returns the referral's name."""
	if not routing_enabled():
		frappe.throw(_(ROUTING_OFF), title=_("Not routed"))
	if not needs_specialist([request_type]):
		_refuse(NOT_NEEDED, "request_type", request_type)
	choice = choose_specialist(
		specialists_for(request_type), request_type, site, own_specialist=prospect.get("own_specialist")
	)
	if choice is None:
		_refuse(NO_ELIGIBLE, "specialist", request_type, site or _(ANY_SITE))
	from frappe.email.doctype.email_account.email_account import EmailAccount

	if not EmailAccount.find_outgoing(match_by_doctype=PROSPECT):
		frappe.throw(
			_("No outgoing email account is set up: ask the administrator to set one up."),
			title=_("Not routed"),
		)
	now = now_datetime()
	referral = frappe.get_doc(
		{
			"doctype": REFERRAL,
			"prospect": prospect.name,
			"request_type": request_type,
			"clinic_site": site,
			"interaction": interaction,
			"specialist": choice.user,
			"chosen_by": choice.chosen_by,
			"routed_on": now,
			"routed_by": frappe.session.user,
			"due_on": feedback_due(now, feedback_within_days()),
			"status": OPEN,
		}
	)
	referral.flags.written_by_app = True
	referral.insert(ignore_permissions=True)
	send_referral_mail(referral, prospect)
	assign_referral(referral, prospect)
	return referral.name


def assign_referral(referral, prospect) -> str:
	"""The referral on its specialist's to-do list: a ToDo assigned to her (Frappe's assignment:
	the "Assigned" comment, the referral's `_assign`, her notification), in her language, due
	on the feedback's day. One open ToDo per referral: a second call returns the first."""
	known = frappe.db.get_value(
		"ToDo", {"reference_type": REFERRAL, "reference_name": referral.name, "status": "Open"}, "name"
	)
	if known:
		return known
	lang = user_language(referral.specialist)
	person = escape_html(prospect.full_name or prospect.name)
	if prospect.get("phone"):
		person += f" ({escape_html(prospect.phone)})"
	description = _("Request {0} for {1}: record your feedback by {2}.", lang=lang).format(
		escape_html(referral.request_type), person, format_date(referral.due_on)
	)
	todo = insert_todo(
		{
			"doctype": "ToDo",
			"status": "Open",
			"priority": "Medium",
			"date": referral.due_on,
			"allocated_to": referral.specialist,
			"description": f"<p>{description}</p>",
			"reference_type": REFERRAL,
			"reference_name": referral.name,
			"assigned_by": frappe.session.user,
		},
		notify=False,
	)
	# Her notification once the referral is committed: routing runs inside an interaction's
	# savepoint (route_interaction), which a notification sent at once (tests) would end.
	frappe.db.after_commit.add(
		partial(
			notify_assignment,
			todo.assigned_by,
			todo.allocated_to,
			REFERRAL,
			referral.name,
			action="ASSIGN",
			description=todo.description,
		)
	)
	return todo.name


def close_referral_todos(referral: str) -> None:
	"""Her feedback is recorded: the referral's open ToDos closed (as Frappe's assign_to.set_status
	does: ToDo's controller updates the referral's `_assign`), whoever routed it told once committed."""
	for name in frappe.get_all(
		"ToDo",
		filters={"reference_type": REFERRAL, "reference_name": referral, "status": "Open"},
		pluck="name",
	):
		todo = frappe.get_doc("ToDo", name)
		todo.status = "Closed"
		todo.save(ignore_permissions=True)
		frappe.db.after_commit.add(
			partial(notify_assignment, todo.assigned_by, todo.allocated_to, REFERRAL, referral)
		)


def _refuse(template: str, field: str, *args) -> None:
	label = _(frappe.get_meta(REFERRAL).get_label(field), context=REFERRAL)
	frappe.throw(_(template).format(label, *args), frappe.ValidationError, title=_("Not routed"))


def mail_context(referral, prospect) -> dict:
	"""What the referral template reads: the specialist, the prospect (the "fiche client"), the
	request, the deadline, the links."""
	specialist_name = frappe.db.get_value("User", referral.specialist, "full_name") or referral.specialist
	comments = None
	if referral.interaction:
		comments = frappe.db.get_value(INTERACTION, referral.interaction, "comments")
	return {
		"specialist_name": specialist_name,
		"full_name": prospect.full_name,
		"phone": prospect.phone,
		"email": prospect.email,
		"request_type": referral.request_type,
		"clinic_site": referral.clinic_site,
		"comments": comments or prospect.get("initial_comments"),
		"due_on": frappe.utils.format_date(referral.due_on),
		"feedback_within_days": (getdate(referral.due_on) - getdate(referral.routed_on)).days,
		"prospect_url": get_url_to_form(PROSPECT, prospect.name),
		"referral_url": get_url_to_form(REFERRAL, referral.name),
		"sender_name": frappe.utils.get_fullname(frappe.session.user),
		"doc": referral,
	}


def send_referral_mail(referral, prospect) -> str:
	"""The referral mail to the specialist (copy to the settings' address), through the mail
	queue, on the prospect's timeline. Returns the Communication."""
	from frappe.core.doctype.communication.email import _make

	template = frappe.get_doc("Email Template", REFERRAL_TEMPLATE)
	context = mail_context(referral, prospect)
	recipient = frappe.db.get_value("User", referral.specialist, "email") or referral.specialist
	copy = (frappe.db.get_single_value(SETTINGS, "referral_copy_to") or "").strip()
	communication = _make(
		doctype=PROSPECT,
		name=prospect.name,
		content=template.get_formatted_response(context),
		subject=template.get_formatted_subject(context),
		recipients=[recipient],
		cc=[copy] if copy else None,
		send_email=True,
		email_template=REFERRAL_TEMPLATE,
		communication_type="Communication",
	)
	return communication["name"]


def record_feedback(referral, feedback: str | None) -> dict:
	"""The specialist's feedback (she or a manager only): the referral Answered, with its text,
	date and author. A refusal names the field; nothing is changed."""
	referral.flags.for_update = True
	referral.load_from_db()
	referral.check_permission("read")
	if frappe.session.user != referral.specialist and set(MANAGERS).isdisjoint(frappe.get_roles()):
		frappe.throw(_(NOT_THE_SPECIALIST), frappe.PermissionError)
	try:
		text = check_feedback(referral.status, feedback if isinstance(feedback, str) else None)
	except RoutingError as error:
		label = _(referral.meta.get_label(error.field), context=REFERRAL)
		frappe.throw(
			_(error.template).format(label, *(_(a) for a in error.arguments)),
			frappe.ValidationError,
			title=_("Not saved"),
		)
	referral.feedback = text
	referral.feedback_on = now_datetime()
	referral.feedback_by = frappe.session.user
	referral.status = "Answered"
	referral.flags.written_by_app = True
	referral.save(ignore_permissions=True)  # read checked above, and she or a manager
	close_referral_todos(referral.name)
	return {"status": referral.status, "feedback_on": referral.feedback_on}


def route_interaction(interaction) -> list[str]:
	"""An interaction recorded with requests that need a specialist: each routed. Recording the
	interaction never fails for it: a request nobody can take is said to the desk user (the
	refusal's message, in the reply) and routed later from the prospect's form; a visitor of the
	website is told nothing of it."""
	if interaction.party_type != PROSPECT or not routing_enabled():
		return []
	codes = needs_specialist(row.request_type for row in interaction.request_types)
	if not codes:
		return []
	prospect = frappe.get_doc(PROSPECT, interaction.party)
	site = request_site(prospect, interaction)
	routed: list[str] = []
	muted = frappe.flags.mute_messages
	frappe.flags.mute_messages = muted or frappe.session.user == "Guest"
	try:
		for code in codes:
			with savepoint(catch=frappe.ValidationError):
				routed.append(route(prospect, code, site, interaction.name))
	finally:
		frappe.flags.mute_messages = muted
	if routed and frappe.session.user != "Guest":
		frappe.msgprint(
			_("Routed to a specialist: {0}").format(", ".join(routed)), title=_("Routed"), indicator="green"
		)
	return routed
