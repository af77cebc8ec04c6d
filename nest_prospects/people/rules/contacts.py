"""Who asks, for whom (seed 002): whom the clinic calls and mails about a prospect.

Someone may ask on behalf of another person (a husband for his pregnant wife, a mother for her
daughter). The prospect then records her contact person, the contact person's relation to her,
and whether the calls and mails go to the contact person (the default) or to the prospect.
"""

from __future__ import annotations

from dataclasses import dataclass

from nest_prospects.rules import templates

# The role of a person who asks (on the prospect and on the contact person), stored in English.
SELF = "Self"
RELATIVE = "Relative"
PERSON_ROLES = (SELF, RELATIVE, "Referring Doctor", "Referring Midwife", "Other Caregiver")
# The contact person's relation to the prospect, stored in English.
RELATIONS = (
	"Spouse",
	"Mother",
	"Father",
	"Daughter",
	"Son",
	"Sister",
	"Brother",
	"Other Relative",
	"Friend",
	"Doctor",
	"Midwife",
	"Other Caregiver",
)

# The refusals' English templates ({0}: the field's label, {1}: the value), translated by the caller.
RELATION_NEEDED = "Field {0}: say how the contact person is related to the prospect."
RELATION_WITHOUT_CONTACT = "Field {0}: a relation needs a contact person."
UNKNOWN_RELATION = "Field {0}: {1} is not a relation the clinic records."
CONTACT_IS_PROSPECT = "Field {0}: the contact person is this prospect herself."
CONTACT_NEEDS_A_WAY = "Enter a phone number or an email address."
MESSAGES = templates(globals(), "RELATION_NEEDED", "CONTACT_NEEDS_A_WAY")


@dataclass(frozen=True)
class Reach:
	"""Whom to call or mail, and how: her name, phone and email (any may be missing)."""

	name: str | None
	phone: str | None
	email: str | None
	through_contact: bool = False


def choose_reach(prospect: Reach, contact: Reach | None, through_contact: bool) -> Reach:
	"""The contact person when there is one and the calls go to her, else the prospect.

	A contact person without a phone (or without an email) leaves that channel to the prospect:
	a mail can still reach the prospect herself when the contact person gave only her phone.
	"""
	if contact is None or not through_contact:
		return prospect
	return Reach(
		name=contact.name or prospect.name,
		phone=contact.phone or prospect.phone,
		email=contact.email or prospect.email,
		through_contact=True,
	)


def contact_problems(
	prospect_name: str | None,
	contact_person: str | None,
	contact_also_prospect: str | None,
	relation: str | None,
) -> list[tuple[str, str]]:
	"""(message template, field) of what is wrong with a prospect's contact person; empty when right."""
	if not contact_person:
		return [(RELATION_WITHOUT_CONTACT, "contact_relation")] if relation else []
	problems = []
	if prospect_name and contact_also_prospect == prospect_name:
		problems.append((CONTACT_IS_PROSPECT, "contact_person"))
	if not relation:
		problems.append((RELATION_NEEDED, "contact_relation"))
	elif relation not in RELATIONS:
		problems.append((UNKNOWN_RELATION, "contact_relation"))
	return problems
