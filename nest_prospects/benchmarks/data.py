"""The benchmark's data set: built with a few INSERT ... SELECT, tagged, and removed set-based.

Every row the benchmark writes is tagged with the name prefix `BENCH-` (its prospects,
patients, interactions, request rows, appointments, history rows and the tasks it seeds), or
belongs to one of its users `bench-agent-N@nest-bench.invalid`, or points to one of those
(the ToDos, follow-up tasks and conversion reviews the jobs create, their notifications and
mails). `cleanup()` deletes exactly that, in batches, and is safe to run at any time.

The shape follows a clinic's site after a few years, for `prospects` = N:

- N prospects first seen over the last 180 days (a prime stride spreads them evenly), hot 30 %,
  warm 40 %, cold 30 %; 80 % active; every 97th one a tolerated duplicate of the one before;
- 9 interactions per prospect and 2 per patient (10 N), spread from the first contact over
  0 to 90 % of the prospect's age, so that some prospects never heard from again and others are
  recent;
- 4 N request rows (two on the first interaction, one later for each prospect, one on half the
  prospects' own initial requests, one per patient's first interaction);
- N / 2 patients: a quarter share a prospect's phone (registered before or after her first
  contact), a quarter her names and date of birth, the rest strangers;
- N / 5 appointments, 90 % of prospects, in the four statuses;
- one temperature history row per prospect, and a requalification to hot in the last ten days
  for every 20th prospect; a closed qualification call for every 50th (warm) prospect.

Prospects and interactions are named after the moment they were recorded (BENCH-P<minute>-<n>,
BENCH-I<minute>-<n>-<k>), so that, as with the app's naming series, the order of the names is
that of the records: the jobs read the rows of a period together, as they would on a real site.
They are inserted in that order (a B-tree filled from left to right, as a site fills it).

It needs MariaDB (the `seq_0_to_N` tables of its Sequence engine), as the app does.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import frappe
from frappe.utils import get_datetime, now_datetime

from nest_prospects.sql import affected_rows

PREFIX = "BENCH-"
LIKE_PREFIX = PREFIX + "%"
USER_DOMAIN = "nest-bench.invalid"
AGENTS = tuple(f"bench-agent-{k}@{USER_DOMAIN}" for k in range(6))
SPAN_DAYS = 180
SPAN_MINUTES = SPAN_DAYS * 24 * 60
INTERACTIONS_PER_PROSPECT = 9
INTERACTIONS_PER_PATIENT = 2

FIRST_NAMES = (
	"Awa", "Fatou", "Aminata", "Mariama", "Khady", "Ndeye", "Astou", "Coumba", "Binta", "Aissatou",
	"Rokhaya", "Sokhna", "Adama", "Dieynaba", "Marieme", "Oumou", "Seynabou", "Yacine", "Ramatoulaye",
	"Penda",
)  # fmt: skip
LAST_NAMES = (
	"Diop", "Ndiaye", "Fall", "Sow", "Diallo", "Faye", "Gueye", "Sarr", "Ba", "Cisse", "Mbaye", "Niang",
	"Seck", "Kane", "Thiam", "Sy", "Diouf", "Ndour", "Camara", "Toure", "Wade", "Sene", "Mbengue",
	"Dieng", "Lo",
)  # fmt: skip
SOURCES = ("Téléphone", "Mail", "Visite", "Facebook", "Site web", "WhatsApp", "Recommandation")
FIRST_REQUESTS = (
	"DEVIS ACCOUCHEMENT", "DEVIS MYOMECTOMIE", "DEVIS", "TARIFS", "INFOS PROGRAMME", "RDV",
	"INFOS GÉNÉRALES",
)  # fmt: skip
LATER_REQUESTS = ("RAPPEL 7 JOURS", "DEVIS", "TARIFS", "RDV", "ANNULATION RDV")
LAST_REQUESTS = ("RAPPEL 7 JOURS", "INFOS GÉNÉRALES", "DEVIS")
PATIENT_REQUESTS = ("DEVIS ACCOUCHEMENT", "TARIFS", "INFOS PROGRAMME", "RDV", "INFOS GÉNÉRALES")
CHANNELS = ("Inbound Call", "Outbound Call", "Email", "WhatsApp", "Visit")
APPOINTMENT_STATUSES = ("Scheduled", "Attended", "No-show", "Cancelled")

# The ToDos of the benchmark's prospects and patients.
TODOS = "reference_type in ('NEST Prospect', 'NEST Patient') and reference_name like %(like)s"
# Tables the benchmark writes to, and how its rows are recognised in each (for counts and cleanup).
# Deleted in this order: the rows pointing to others first.
TAGGED = (
	(
		"Email Queue",
		"name in (select parent from `tabEmail Queue Recipient` where recipient like %(user_like)s)",
	),
	("Email Queue Recipient", "recipient like %(user_like)s"),
	("Notification Log", "for_user like %(user_like)s"),
	# the follow-up job's ToDos, inserted as documents: their Version, the "Assigned" comments
	("Version", f"ref_doctype = 'ToDo' and docname in (select name from `tabToDo` where {TODOS})"),
	("Comment", "reference_doctype in ('NEST Prospect', 'NEST Patient') and reference_name like %(like)s"),
	("ToDo", TODOS),
	("ToDo", "allocated_to like %(user_like)s"),
	("NEST Follow-up Task", "reference_name like %(like)s"),
	("NEST Conversion Review", "name like %(like)s"),
	("NEST Classification Change", "parent like %(like)s"),
	("NEST Interaction Request Type", "parent like %(like)s"),
	("NEST Interaction", "name like %(like)s"),
	("NEST Appointment", "name like %(like)s"),
	("NEST Prospect", "name like %(like)s"),
	("NEST Patient", "name like %(like)s"),
	("Email Account", "name like %(like)s"),
	("Version", "ref_doctype like 'NEST %%' and docname like %(like)s"),  # reviews re-evaluated too
	("Has Role", "parent like %(user_like)s"),
	("User", "name like %(user_like)s"),
)
# The tables whose size the benchmark reports (and the cleanup test compares).
COUNTED = tuple(dict.fromkeys(doctype for doctype, _where in TAGGED))


def _params() -> dict:
	return {"like": LIKE_PREFIX, "user_like": f"%@{USER_DOMAIN}%"}


def _quoted(values) -> str:
	return ", ".join(frappe.db.escape(value) for value in values)


def _pick(values, index_sql: str) -> str:
	"""SQL choosing one of `values` by an integer expression."""
	return f"elt(1 + ({index_sql}) mod {len(values)}, {_quoted(values)})"


def _name(kind: str, index_sql: str, suffix_sql: str | None = None) -> str:
	parts = [f"'{PREFIX}{kind}'", f"lpad({index_sql}, 7, '0')"]
	if suffix_sql:
		parts += ["'-'", suffix_sql]
	return f"concat({', '.join(parts)})"


# A prospect's values as SQL expressions of its number i (the same in every table that repeats them).
def _age_minutes(i: str) -> str:
	return f"(({i}) * 7919 mod {SPAN_MINUTES})"


def _first_contact(i: str) -> str:
	return f"(%(now)s - interval {_age_minutes(i)} minute)"


def _spread(i: str) -> str:
	"""Tenths of its age over which a prospect's interactions are spread (0: all on the first day)."""
	return f"(({i}) div 100 mod 10)"


def _interaction_on(i: str, k: str) -> str:
	return f"({_first_contact(i)} + interval floor({_age_minutes(i)} * {_spread(i)} * ({k}) / 90) minute)"


def _stamp(moment_sql: str) -> str:
	return f"date_format({moment_sql}, '%%Y%%m%%d%%H%%i')"


def _prospect(i: str) -> str:
	"""A prospect's name: its first contact first, so that the names follow the order in which
	the prospects were recorded, like the app's naming series (PRO-2026-00001, ...)."""
	return f"concat('{PREFIX}P', {_stamp(_first_contact(i))}, '-', lpad({i}, 7, '0'))"


def _interaction(i: str, k: str) -> str:
	"""An interaction's name, in the order of the interactions, like INT-2026-000001."""
	return f"concat('{PREFIX}I', {_stamp(_interaction_on(i, k))}, '-', lpad({i}, 7, '0'), '-', {k})"


def _patient_interaction_on(j: str, k: str) -> str:
	return f"(%(now)s - interval ({j} * 6007 mod {SPAN_MINUTES} div ({k} * 2 + 1)) minute)"


def _patient_interaction(j: str, k: str) -> str:
	return f"concat('{PREFIX}J', {_stamp(_patient_interaction_on(j, k))}, '-', lpad({j}, 7, '0'), '-', {k})"


def _first_name(i: str) -> str:
	return _pick(FIRST_NAMES, i)


def _last_name(i: str) -> str:
	return _pick(LAST_NAMES, f"({i}) div 20")


def _birth(i: str) -> str:
	"""Forty years of birthdays, shifted every 14,600 prospects: names and birth dates rarely repeat."""
	return f"(date('1965-01-01') + interval ((({i}) * 7919 + ({i}) div 14600 * 7) mod 14600) day)"


def _match_key(first: str, last: str, birth: str) -> str:
	# The names are plain ASCII: lower() is people.rules.matching.fold_name for them.
	return f"concat(lower({last}), '|', lower({first}), '|', date_format({birth}, '%%Y-%%m-%%d'))"


def _phone(i: str) -> str:
	return f"concat('+22177', lpad({i}, 7, '0'))"


def _temperature(i: str) -> str:
	return f"(case when ({i}) mod 10 < 3 then 'Hot' when ({i}) mod 10 < 7 then 'Warm' else 'Cold' end)"


def _status(i: str) -> str:
	return f"(case ({i}) div 10 mod 10 when 8 then 'Converted' when 9 then 'Abandoned' else 'Active' end)"


def _agent(index_sql: str) -> str:
	return _pick(AGENTS, index_sql)


def _seq(count: int) -> str:
	"""MariaDB's Sequence engine: a virtual table of the integers 0 .. count - 1."""
	return f"seq_0_to_{max(count - 1, 0)}"


def fixed_now(now: datetime | str | None = None) -> datetime:
	"""The instant the data set and the jobs are built around, to the minute."""
	moment = get_datetime(now) if now else now_datetime()
	return moment.replace(second=0, microsecond=0)


def has_real_data() -> bool:
	"""Whether the site holds prospects the benchmark did not create."""
	return bool(
		frappe.db.sql("select 1 from `tabNEST Prospect` where name not like %(like)s limit 1", _params())
	)


def table_counts() -> dict[str, int]:
	return {
		doctype: frappe.db.sql(f"select count(*) from `tab{doctype}`")[0][0]
		for doctype in (*COUNTED, "NEST Prospect Settings")
		if not frappe.get_meta(doctype).issingle
	}


def build(prospects: int, now: datetime | str | None = None) -> dict:
	"""Insert the data set for `prospects` prospects around `now`; return the rows per table.

	Commits: the jobs commit too (per batch), and the cleanup removes it all.
	"""
	if prospects < 1:
		raise ValueError("the benchmark needs at least one prospect")
	now = fixed_now(now)
	patients = prospects // 2
	appointments = prospects // 5
	params = {**_params(), "now": now}
	started = time.perf_counter()
	_insert_users(now)
	_insert_prospects(prospects, params)
	_insert_patients(prospects, patients, params)
	_insert_interactions(prospects, patients, params)
	_insert_requests(prospects, patients, params)
	_insert_appointments(prospects, patients, appointments, params)
	_insert_history(prospects, params)
	_insert_closed_qualification_calls(prospects, params)
	_insert_outgoing_account(now)
	frappe.db.commit()
	counts = {
		doctype: frappe.db.sql(f"select count(*) from `tab{doctype}` where {where}", params)[0][0]
		for doctype, where in TAGGED
		if doctype.startswith("NEST ")
	}
	return {"seconds": round(time.perf_counter() - started, 2), "now": now, "rows": counts}


COMMON = "name, creation, modified, modified_by, owner, docstatus, idx"


def _insert_users(now: datetime) -> None:
	rows = []
	roles = []
	for k, email in enumerate(AGENTS):
		rows.append((email, now, now, "Administrator", "Administrator", email, "Agent", f"Bench {k}"))
		roles.append((f"{PREFIX}role-{k}", now, now, "Administrator", "Administrator", email))
	frappe.db.sql(
		"insert into `tabUser` (name, creation, modified, modified_by, owner, email, first_name,"
		" last_name, full_name, enabled, user_type, language, send_welcome_email) values "
		+ ", ".join(
			f"({_quoted(row)}, {frappe.db.escape(row[6] + ' ' + row[7])}, 1, 'System User', 'fr', 0)"
			for row in rows
		)
	)
	frappe.db.sql(
		"insert into `tabHas Role` (name, creation, modified, modified_by, owner, parent, parenttype,"
		" parentfield, role, idx) values "
		+ ", ".join(f"({_quoted(row)}, 'User', 'roles', 'NEST Agent', 1)" for row in roles)
	)


def _insert_prospects(count: int, params: dict) -> None:
	i = "s.seq"
	first, last, birth = _first_name(i), _last_name(i), _birth(i)
	duplicate = f"({i} mod 97 = 96)"
	phone_of = f"(case when {duplicate} then {i} - 1 else {i} end)"
	frappe.db.sql(
		f"""
		insert into `tabNEST Prospect` ({COMMON}, first_name, last_name, full_name, date_of_birth,
			phone, email, first_contact_on, source, responsible_user, last_interaction_on,
			first_answered_on, temperature, ageing_state, status, patient, initial_channel,
			initial_comments, allow_duplicate, match_key)
		select {_prospect(i)}, {_first_contact(i)}, %(now)s, 'Administrator', {_agent(i)}, 0, 0,
			{first}, {last}, concat({first}, ' ', {last}), {birth},
			{_phone(phone_of)},
			if({i} mod 2 = 0, concat('p', {i}, '@bench.invalid'), null),
			{_first_contact(i)}, {_pick(SOURCES, i)}, {_agent(i)},
			{_interaction_on(i, str(INTERACTIONS_PER_PROSPECT - 1))},
			if({_spread(i)} >= 3, {_interaction_on(i, "1")}, null),
			{_temperature(i)}, 'Normal', {_status(i)},
			if({i} mod 8 = 0 and {_status(i)} = 'Converted', {_name("PAT", f"{i} div 2")}, null),
			'Inbound Call', 'Première demande', if({duplicate}, 1, 0),
			{_match_key(first, last, birth)}
		from {_seq(count)} s
		order by 1
		""",
		params,
	)


def _insert_patients(prospects: int, count: int, params: dict) -> None:
	if not count:
		return
	j = "s.seq"
	# A quarter share prospect 2j's phone, a quarter prospect 2j+1's names and date of birth.
	by_phone, by_key = f"({j} mod 4 = 0)", f"({j} mod 4 = 1)"
	paired = f"(case when {by_key} then 2 * {j} + 1 else 2 * {j} end)"
	first = f"if({by_key}, {_first_name(paired)}, {_pick(FIRST_NAMES, f'{j} * 7 + 3')})"
	last = f"if({by_key}, {_last_name(paired)}, {_pick(LAST_NAMES, f'{j} * 11 + 5')})"
	birth = f"if({by_key}, {_birth(paired)}, date('1970-01-01') + interval ({j} * 7907 mod 12000) day)"
	registered = (
		f"(case when {j} mod 4 < 2 and {paired} < {prospects} then"
		f" least(%(now)s, {_first_contact(paired)} + interval if({j} mod 8 < 2, -30, 10) day)"
		f" else %(now)s - interval ({j} * 6007 mod {3 * SPAN_MINUTES}) minute end)"
	)
	frappe.db.sql(
		f"""
		insert into `tabNEST Patient` ({COMMON}, external_id, first_name, last_name, full_name,
			date_of_birth, phone, created_in_patient_system_on, provenance, last_interaction_on,
			source_updated_at, match_key)
		select {_name("PAT", j)}, {registered}, %(now)s, 'Administrator', 'Administrator', 0, 0,
			{_name("PAT", j)}, {first}, {last}, concat({first}, ' ', {last}), {birth},
			if({by_phone} and {paired} < {prospects}, {_phone(paired)}, concat('+22178', lpad({j}, 7, '0'))),
			{registered}, 'benchmark',
			%(now)s - interval ({j} * 6007 mod {SPAN_MINUTES} div 3) minute,
			{registered}, {_match_key(first, last, birth)}
		from {_seq(count)} s
		""",
		params,
	)


def _insert_interactions(prospects: int, patients: int, params: dict) -> None:
	i, k = "s.seq", "k.seq"
	first, last = _first_name(i), _last_name(i)
	at = _interaction_on(i, k)
	channel = f"if({k} = 0, 'Inbound Call', {_pick(CHANNELS, f'{i} + {k}')})"
	frappe.db.sql(
		f"""
		insert into `tabNEST Interaction` ({COMMON}, party_type, party, party_name, interaction_on,
			channel, logged_by, comments, documents_sent, answers_request, processed, processed_by,
			processed_on)
		select {_interaction(i, k)}, {at}, {at}, {_agent(f"{i} + {k}")}, {_agent(f"{i} + {k}")}, 0, 0,
			'NEST Prospect', {_prospect(i)}, concat({first}, ' ', {last}), {at},
			{channel}, {_agent(f"{i} + {k}")},
			case when {k} = 0 then 'Première demande' when {k} mod 3 = 0 then 'Rappel fait' end,
			if({channel} = 'Email' and ({i} + {k}) mod 2 = 0, 1, 0),
			if({k} = 1 and {_spread(i)} >= 3, 1, 0),
			if({at} < %(now)s - interval 1 day, 1, 0),
			if({at} < %(now)s - interval 1 day, {_agent(i)}, null),
			if({at} < %(now)s - interval 1 day, {at} + interval 1 day, null)
		from {_seq(prospects)} s cross join {_seq(INTERACTIONS_PER_PROSPECT)} k
		order by 1
		""",
		params,
	)
	if not patients:
		return
	j = "s.seq"
	at = _patient_interaction_on(j, k)
	frappe.db.sql(
		f"""
		insert into `tabNEST Interaction` ({COMMON}, party_type, party, party_name, interaction_on,
			channel, logged_by, comments, documents_sent, answers_request, processed)
		select {_patient_interaction(j, k)}, {at}, {at}, {_agent(j)}, {_agent(j)}, 0, 0,
			'NEST Patient', pa.name, pa.full_name, {at},
			{_pick(CHANNELS, f"{j} + {k}")}, {_agent(j)}, 'Patiente', 0, 0, if({at} < %(now)s - interval 1 day, 1, 0)
		from {_seq(patients)} s cross join {_seq(INTERACTIONS_PER_PATIENT)} k
		join `tabNEST Patient` pa on pa.name = {_name("PAT", j)}
		order by 1
		""",
		params,
	)


def _insert_requests(prospects: int, patients: int, params: dict) -> None:
	i = "s.seq"
	rows = [
		# (name suffix, parent, parenttype, parentfield, idx, request type, condition)
		("a", _interaction(i, "0"), "NEST Interaction", "request_types", 1, _pick(FIRST_REQUESTS, i), "1"),
		("b", _interaction(i, "0"), "NEST Interaction", "request_types", 2, _pick(FIRST_REQUESTS, f"{i} + 3"), "1"),
		("c", _interaction(i, "4"), "NEST Interaction", "request_types", 1, _pick(LATER_REQUESTS, f"{i} div 7"), f"{i} mod 5 < 3"),
		("d", _interaction(i, "7"), "NEST Interaction", "request_types", 1, _pick(LAST_REQUESTS, f"{i} div 3"), f"{i} mod 5 >= 3"),
		("e", _prospect(i), "NEST Prospect", "initial_request_types", 1, _pick(FIRST_REQUESTS, i), f"{i} mod 2 = 0"),
	]  # fmt: skip
	for suffix, parent, parenttype, parentfield, idx, request_type, condition in rows:
		frappe.db.sql(
			f"""
			insert into `tabNEST Interaction Request Type` ({COMMON}, parent, parenttype, parentfield,
				request_type)
			select {_name("R", i, f"'{suffix}'")}, %(now)s, %(now)s, 'Administrator', 'Administrator', 0,
				{idx}, {parent}, '{parenttype}', '{parentfield}', {request_type}
			from {_seq(prospects)} s where {condition}
			""",
			params,
		)
	if patients:
		frappe.db.sql(
			f"""
			insert into `tabNEST Interaction Request Type` ({COMMON}, parent, parenttype, parentfield,
				request_type)
			select {_name("R", i, "'j'")}, %(now)s, %(now)s, 'Administrator', 'Administrator', 0, 1,
				{_patient_interaction(i, "0")}, 'NEST Interaction', 'request_types', {_pick(PATIENT_REQUESTS, i)}
			from {_seq(patients)} s
			""",
			params,
		)


def _insert_appointments(prospects: int, patients: int, count: int, params: dict) -> None:
	if not count:
		return
	a = "s.seq"
	i = f"({a} * 5)"
	for_patient = f"({a} mod 10 = 9 and {a} < {patients})"
	frappe.db.sql(
		f"""
		insert into `tabNEST Appointment` ({COMMON}, party_type, party, party_name, scheduled_on,
			status, source)
		select {_name("APT", a)}, %(now)s, %(now)s, 'Administrator', 'Administrator', 0, 0,
			if({for_patient}, 'NEST Patient', 'NEST Prospect'),
			if({for_patient}, {_name("PAT", a)}, {_prospect(i)}),
			if({for_patient}, null, concat({_first_name(i)}, ' ', {_last_name(i)})),
			if({for_patient}, %(now)s + interval (cast({a} mod 60 as signed) - 30) day,
				{_first_contact(i)} + interval (3 + {a} mod 20) day),
			{_pick(APPOINTMENT_STATUSES, f"{a} div 10")}, 'Desk'
		from {_seq(count)} s where {i} < {prospects}
		""",
		params,
	)


def _insert_history(prospects: int, params: dict) -> None:
	i = "s.seq"
	frappe.db.sql(
		f"""
		insert into `tabNEST Classification Change` ({COMMON}, parent, parenttype, parentfield,
			changed_on, classification, from_value, to_value, changed_by, reason)
		select {_name("C", i)}, {_first_contact(i)}, {_first_contact(i)}, {_agent(i)}, {_agent(i)}, 0, 1,
			{_prospect(i)}, 'NEST Prospect', 'classification_history',
			{_first_contact(i)}, 'Temperature', null, {_temperature(i)}, {_agent(i)}, 'Created'
		from {_seq(prospects)} s
		""",
		params,
	)
	# Every 20th prospect (a hot one) was requalified from warm in the last ten days.
	changed_on = f"(%(now)s - interval ({i} div 20 mod 10) day - interval 3 hour)"
	frappe.db.sql(
		f"""
		insert into `tabNEST Classification Change` ({COMMON}, parent, parenttype, parentfield,
			changed_on, classification, from_value, to_value, changed_by, reason)
		select {_name("Q", i)}, {changed_on}, {changed_on}, {_agent(i)}, {_agent(i)}, 0, 2,
			{_prospect(i)}, 'NEST Prospect', 'classification_history',
			{changed_on}, 'Temperature', 'Warm', 'Hot', {_agent(i)}, 'Changed on the form'
		from {_seq(prospects)} s where {i} mod 20 = 0 and {_first_contact(i)} < {changed_on}
		""",
		params,
	)


def _insert_closed_qualification_calls(prospects: int, params: dict) -> None:
	"""Every 50th prospect (warm) had its qualification call done yesterday: a documentation mail is due."""
	i = "s.seq"
	where = f"{i} mod 50 = 26 and {_first_contact(i)} < %(now)s - interval 3 day"
	due = f"({_first_contact(i)} + interval 2 day)"
	frappe.db.sql(
		f"""
		insert into `tabToDo` ({COMMON}, status, priority, date, allocated_to, description,
			reference_type, reference_name, assigned_by)
		select {_name("D", i)}, {due}, %(now)s - interval 1 day, 'Administrator', 'Administrator', 0, 0,
			'Closed', 'Medium', date({due}), {_agent(i)}, 'Qualification call',
			'NEST Prospect', {_prospect(i)}, 'Administrator'
		from {_seq(prospects)} s where {where}
		""",
		params,
	)
	frappe.db.sql(
		f"""
		insert into `tabNEST Follow-up Task` ({COMMON}, task_key, reason, reference_type, reference_name,
			todo, assigned_to, due_on)
		select {_name("T", i)}, {due}, {due}, 'Administrator', 'Administrator', 0, 0,
			concat('Qualification call|NEST Prospect|', {_prospect(i)}), 'Qualification call',
			'NEST Prospect', {_prospect(i)}, {_name("D", i)}, {_agent(i)}, {due}
		from {_seq(prospects)} s where {where}
		""",
		params,
	)


def _insert_outgoing_account(now: datetime) -> None:
	"""Without an outgoing account the reminders job mails nothing: lend it one, never used to send."""
	if frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1}):
		return
	frappe.db.sql(
		"""insert into `tabEmail Account` (name, creation, modified, modified_by, owner, email_account_name,
			email_id, enable_outgoing, default_outgoing, smtp_server, smtp_port, no_smtp_authentication)
		values (%(name)s, %(now)s, %(now)s, 'Administrator', 'Administrator', %(name)s, %(email)s, 1, 1,
			'localhost', 25, 1)""",
		{"name": f"{PREFIX}outgoing", "email": f"clinic@{USER_DOMAIN}", "now": now},
	)
	frappe.local.outgoing_email_account = {}


def cleanup(batch: int = 50_000) -> dict[str, int]:
	"""Delete every row of the benchmark (see the module's docstring), in batches; return the counts."""
	frappe.db.rollback()
	params = _params()
	deleted: dict[str, int] = {}
	for doctype, where in TAGGED:
		while True:
			frappe.db.sql(f"delete from `tab{doctype}` where {where} limit {batch}", params)
			rows = affected_rows()
			frappe.db.commit()
			deleted[doctype] = deleted.get(doctype, 0) + rows
			if rows < batch:
				break
	frappe.db.sql("delete from `__Auth` where doctype = 'User' and name like %(user_like)s", params)
	frappe.db.commit()
	for email in AGENTS:
		frappe.cache.hdel("roles", email)
	frappe.local.outgoing_email_account = {}
	frappe.clear_document_cache("Email Account", f"{PREFIX}outgoing")
	return deleted


@contextmanager
def count_queries() -> Iterator[list[tuple[str, object]]]:
	"""Collect the SQL statements (and their values) run through frappe.db.sql inside the block."""
	queries: list[tuple[str, object]] = []
	sql = frappe.db.sql

	def counting(query, *args, **kwargs):
		queries.append((query, args[0] if args else kwargs.get("values")))
		return sql(query, *args, **kwargs)

	frappe.db.sql = counting
	try:
		yield queries
	finally:
		frappe.db.sql = sql
