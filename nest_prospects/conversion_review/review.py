"""The conversion review and the reconciliation of prospects with patients, in a site.

The outcome itself is conversion_review.rules.outcomes.review_outcome; this module gathers its facts from
the database, in a handful of queries for any number of prospects, and writes the results.

A prospect's creation, for the review, is its first contact (`first_contact_on`): the desk
fills it with the moment it is typed, and an imported prospect keeps the day she really
called, which is what the procedure compares with the patient's registration.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from nest_prospects.constants import APPOINTMENT, PATIENT, PROSPECT
from nest_prospects.conversion_review.rules.outcomes import (
	CANCELLATION,
	Appointment,
	KnownPatient,
	KnownProspect,
	ReviewedProspect,
	ReviewResult,
	Sentence,
	Term,
	parse_detail,
	review_outcome,
)
from nest_prospects.conversion_review.rules.summary import is_informative
from nest_prospects.languages.lookup import site_language
from nest_prospects.sql import IN_LIST_LIMIT

# Prospects per batch of fact queries: keeps the IN (...) lists and the memory bounded, and
# each list a range on its index (sql.IN_LIST_LIMIT: a list of 1,000 names or more became
# a subquery that, on a freshly loaded site, was joined by scanning the million interactions).
BATCH_SIZE = IN_LIST_LIMIT


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


def gather_facts(
	prospect_names: Iterable[str], categories: dict[str, str] | None = None
) -> dict[str, ProspectFacts]:
	"""The facts of the given prospects, in four queries per batch of BATCH_SIZE.

	`categories`: request_categories(), which a caller looping over batches reads once.
	"""
	names = list(dict.fromkeys(prospect_names))
	facts: dict[str, ProspectFacts] = {}
	categories = request_categories() if categories is None else categories
	for start in range(0, len(names), BATCH_SIZE):
		facts.update(_gather_batch(names[start : start + BATCH_SIZE], categories))
	return facts


def request_categories() -> dict[str, str]:
	"""Each request type's category (a handful of rows): read once, not joined to every request."""
	return dict(frappe.get_all("NEST Request Type", fields=["name", "category"], as_list=True))


def _gather_batch(names: list[str], categories: dict[str, str]) -> dict[str, ProspectFacts]:
	if not names:
		return {}
	# Plain SQL with the names as one parameter: the query builder spends longer writing a long
	# IN list than the database reading it.
	rows = frappe.db.sql(
		f"""select name, first_contact_on, creation, phone, match_key, full_name, source, temperature
		from `tab{PROSPECT}` where name in %(names)s""",
		{"names": tuple(names)},
		as_dict=True,
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

	for row in _known_people(list(facts)):
		created_on = get_datetime(row.created_on or row.creation)
		for item in candidates(row).values():
			if row.doctype == PATIENT:
				item.patients.append(KnownPatient(row.name, created_on, row.phone, row.match_key))
			elif row.name != item.prospect.name:
				item.other_prospects.append(KnownProspect(row.name, created_on, row.phone, row.match_key))

	for row in frappe.db.sql(
		f"""select party, scheduled_on, status from `tab{APPOINTMENT}`
		where party_type = %(party_type)s and party in %(names)s""",
		{"party_type": PROSPECT, "names": tuple(facts)},
		as_dict=True,
	):
		facts[row.party].appointments.append(Appointment(get_datetime(row.scheduled_on), row.status))

	# Only the interactions that say something count (conversion_review.rules.summary.is_informative):
	# one recording a request, or else a comment. One row per prospect: the database gathers her
	# requests (their categories come from `categories`), counts her interactions with a request
	# (a request row always has its type: the field is mandatory) and lists the comments of the
	# others, for the rule to read.
	for row in frappe.db.sql(
		"""select i.party,
			group_concat(distinct r.request_type separator '\n') as codes,
			count(distinct case when r.request_type <> '' then i.name end) as with_request,
			json_arrayagg(case when r.name is null then i.comments end) as other_comments
		from `tabNEST Interaction` i
		left join `tabNEST Interaction Request Type` r
			on r.parent = i.name and r.parenttype = 'NEST Interaction'
		where i.party_type = %(party_type)s and i.party in %(names)s
		group by i.party""",
		{"party_type": PROSPECT, "names": tuple(facts)},
		as_dict=True,
	):
		item = facts[row.party]
		codes = [code for code in (row.codes or "").split("\n") if code]
		item.request_codes.update(codes)
		item.request_categories.update(categories[code] for code in codes if categories.get(code))
		comments = json.loads(row.other_comments or "[]")
		item.interaction_count += int(row.with_request or 0) + sum(
			1 for comment in comments if comment is not None and is_informative((), comment)
		)
	return facts


def _known_people(names: list[str]) -> list[dict]:
	"""The patients and the other prospects sharing a phone or a names-and-birth-date key with
	one of these prospects.

	One UNION of four joins, each from the prospects (by name) to one index (phone or key, of
	the patients or the prospects), forced in that order: an OR of two IN lists let the
	optimizer scan both tables whole, and so did IN lists of the phones and keys themselves.
	Patients first, then by creation, so that the facts come in the same order every time.
	"""
	branches = []
	for kind, (doctype, created_field) in enumerate(
		((PATIENT, "created_in_patient_system_on"), (PROSPECT, "first_contact_on"))
	):
		for column in ("phone", "match_key"):
			other = " and x.name != d.name" if doctype == PROSPECT else ""
			branches.append(
				f"""select {kind} as kind, '{doctype}' as doctype, x.name, x.{created_field} as created_on,
					x.creation, x.phone, x.match_key
				from `tab{PROSPECT}` d
				straight_join `tab{doctype}` x on x.{column} = d.{column}{other}
				where d.name in %(names)s"""
			)
	query = " union ".join(f"({branch})" for branch in branches) + " order by kind, created_on, name"
	return frappe.db.sql(query, {"names": tuple(names)}, as_dict=True)


def detail_text(result: ReviewResult, lang: str | None = None) -> str:
	"""The review's detail, its sentences translated into `lang` (the site's language by default).

	A review is read by every secretary and manager, and mostly written by a job: its text is
	stored in the site's language, not in that of whoever ran the job; `translate_detail` shows
	an English one to each reader in her language.
	"""
	lang = lang or site_language()
	return " ".join(_sentence(sentence, lang) for sentence in result.sentences)


def translate_detail(detail: str | None, lang: str | None = None) -> str | None:
	"""A stored detail for a reader of `lang` (the current user's by default).

	A detail stored in English (an English site's, or one written before the detail was
	translated) is read back into its sentences and translated; any other is shown as stored.
	"""
	sentences = parse_detail(detail)
	if not sentences:
		return detail
	lang = lang or frappe.local.lang
	return " ".join(_sentence(sentence, lang) for sentence in sentences)


def _sentence(sentence: Sentence, lang: str) -> str:
	args = []
	for arg in sentence.args:
		if isinstance(arg, Term):
			arg = _(arg, lang=lang)
		elif isinstance(arg, datetime):
			# What format_datetime(arg, "dd/MM/yyyy HH:mm") writes (digits only, the same in every
			# language), without babel's cost: the daily job writes tens of thousands of them.
			arg = arg.strftime("%d/%m/%Y %H:%M")
		args.append(arg)
	return _(sentence.template, lang=lang).format(*args)


def review_values(facts: ProspectFacts, now: datetime, lang: str | None = None) -> dict:
	"""The fields of the prospect's review, comments excepted (they belong to the secretaries).

	The detail is written in `lang`, the site's language by default (`detail_text`).
	"""
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
		"detail": detail_text(result, lang),
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
