"""Demo data: an anonymous clinic's last six months, so that a new desk opens on real-looking screens.

    bench --site S execute nest_prospects.demo.load [--kwargs "{'prospects': 300, 'force': True}"]
    bench --site S execute nest_prospects.demo.unload

`load` records prospects as the desk does (the first interaction with them), their later
interactions, the patients the patient system would push (which converts the matching
prospects), appointments, then runs the daily and hourly jobs, so that tasks, ageing states
and conversion reviews follow the rules: the jobs run again over it change nothing. It refuses
on a site that already holds prospects unless `force`. Every prospect, patient, interaction,
appointment and contact person it creates carries the tag DEMO_TAG (Frappe's `_user_tags`); `unload` removes
those and what the app derived from them (tasks, ToDos, reviews, versions), nothing else.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, time, timedelta

import frappe
from frappe import _
from frappe.utils import now_datetime

from nest_prospects.ageing.jobs import update_ageing_states
from nest_prospects.ageing.rules import ageing_state
from nest_prospects.constants import (
	APPOINTMENT,
	CLASSIFICATION_CHANGE,
	CONTACT_PERSON,
	INTERACTION,
	PATIENT,
	PIPELINE_STAGE,
	PROSPECT,
)
from nest_prospects.conversion_review.jobs import create_due_reviews
from nest_prospects.followup.due_tasks import create_due_tasks
from nest_prospects.followup.next_task import refresh_next_tasks
from nest_prospects.languages.lookup import site_language
from nest_prospects.likelihood.jobs import update_likelihoods
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.sql import in_chunks, insert_rows

DEMO_TAG = "nest-demo"
TAGGED = (PROSPECT, PATIENT, INTERACTION, APPOINTMENT, CONTACT_PERSON)
# When the replayed daily ageing job runs (the scheduler's daily jobs run in the night).
AGEING_JOB_TIME = time(1, 0)

FIRST_NAMES = (
	"Aminata Awa Fatou Mariama Khady Ndeye Adama Aïssatou Coumba Dieynaba Rokhaya Seynabou Astou Binta "
	"Oumou Yacine Nafissatou Marième Sokhna Penda Anta Bineta Maimouna Ramatoulaye Salimata Fama"
).split()
LAST_NAMES = (
	"Diop Ndiaye Fall Sow Ba Diallo Sarr Faye Gueye Mbaye Cissé Seck Ka Niang Thiam Kane Dieng Ndour Sy "
	"Touré Camara Diouf Mbengue Badji Sané Gomis Mendy Tall Wade Lô"
).split()
CHANNELS = ("Inbound Call", "Inbound Call", "Inbound Call", "Email", "Visit", "Outbound Call")
# Seed 002: the languages the demo's people speak (weights), and who asks for one in eight of them.
SPOKEN = (("Français", 45), ("Wolof", 40), ("Anglais", 5), ("Pulaar", 5), ("Sérère", 5))
CALLERS = (
	("Spouse", "Relative", "Moussa Ibrahima Cheikh Mamadou Ousmane Abdoulaye Modou Pape".split()),
	("Mother", "Relative", FIRST_NAMES),
	("Midwife", "Referring Midwife", FIRST_NAMES),
)
CITIES = ("Dakar", "Dakar", "Dakar", "Pikine", "Guédiawaye", "Rufisque", "Thiès", "Mbour", "Saint-Louis")
# The pipeline (seed 003): about half the prospects get a stage, weighted towards the early ones,
# and the staged ones an expected conversion month (this month to six months ahead), so that the
# Pipeline pondéré report has something to show.
DEMO_STAGES = (("Suspect", 30), ("Qualifié", 30), ("Évalué", 20), ("En négociation", 20))
COMMENTS = (
	"Souhaite un devis pour un accouchement par voie basse.",
	"Demande les tarifs du suivi de grossesse.",
	"Intéressée par le programme NEST, rappeler en fin de semaine.",
	"Questions sur la césarienne et la chambre individuelle.",
	"Suivi pédiatrique pour son bébé de 3 mois.",
	"",
	"",
)


def load(prospects: int = 300, force: bool = False, seed: int = 2026) -> dict[str, int]:
	"""Create the demo data set; return what was created, per kind."""
	frappe.only_for(("System Manager", "Administrator"))
	if frappe.db.count(PROSPECT) and not force:
		frappe.throw(
			_(
				"This site already holds prospects: demo data is for an empty site (pass force to add it anyway)."
			),
			title=_("Demo data refused"),
		)
	rng = random.Random(seed)
	# the list's and the pipeline's fields draw from their own generator: the rest of the data set
	# stays what it was before them
	extra = random.Random(seed + 1)
	now = now_datetime().replace(microsecond=0)
	stages = set(frappe.get_all(PIPELINE_STAGE, filters={"active": 1}, pluck="name"))
	demo_stages = [(stage, weight) for stage, weight in DEMO_STAGES if stage in stages]
	sources = frappe.get_all("NEST Prospect Source", pluck="name") or [None]
	request_types = frappe.get_all("NEST Request Type", filters={"disabled": 0}, fields=["name", "category"])
	agents = _agents()
	asks = [r.name for r in request_types if r.category != "Recall"]
	recall_codes = [r.name for r in request_types if r.category == "Recall"]
	created = {"prospects": 0, "interactions": 0, "patients": 0, "appointments": 0}
	created["staff members"] = load_staff_directory()
	names = {doctype: [] for doctype in TAGGED}
	taken_phones: set[str] = set(frappe.get_all(PROSPECT, pluck="phone")) | set(
		frappe.get_all(PATIENT, pluck="phone")
	)
	taken_phones |= set(frappe.get_all(CONTACT_PERSON, pluck="phone"))
	# who asks and in which language: drawn apart, so that the rest of the data set stays as it was
	who = random.Random(seed + 1)
	languages = set(frappe.get_all("NEST Language", pluck="name"))
	spoken = [(name, weight) for name, weight in SPOKEN if name in languages]

	for _prospect_number in range(prospects):
		first_contact = _working_moment(rng, now - timedelta(days=rng.randint(0, 182)))
		if first_contact > now:
			first_contact = now - timedelta(hours=1)
		phone = _unique_phone(rng, taken_phones)
		prospect = frappe.get_doc(
			{
				"doctype": PROSPECT,
				"first_name": rng.choice(FIRST_NAMES),
				"last_name": f"{rng.choice(LAST_NAMES)}",
				"date_of_birth": f"{rng.randint(1980, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
				"phone": phone,
				"source": rng.choice(sources),
				"temperature": rng.choices(("Hot", "Warm", "Cold"), weights=(35, 40, 25))[0],
				"first_contact_on": first_contact,
				"initial_channel": rng.choice(CHANNELS),
				"initial_request_types": [
					{"request_type": code} for code in rng.sample(asks, k=rng.randint(0, 2))
				],
				"initial_comments": rng.choice(COMMENTS),
				"responsible_user": rng.choice(agents) if agents else None,
				"city": extra.choice(CITIES),
				**_pipeline_fields(extra, demo_stages, now),
			}
		)
		_who_asks(prospect, who, spoken, taken_phones, names)
		prospect.flags.ignore_permissions = True
		prospect.insert()
		names[PROSPECT].append(prospect.name)
		created["prospects"] += 1

		moment = first_contact
		for _follow_up in range(rng.choices((0, 1, 2, 3), weights=(40, 30, 20, 10))[0]):
			moment = _working_moment(rng, moment + timedelta(days=rng.randint(1, 12)))
			if moment >= now:
				break
			recall = recall_codes and rng.random() < 0.3
			interaction = frappe.get_doc(
				{
					"doctype": INTERACTION,
					"party_type": PROSPECT,
					"party": prospect.name,
					"interaction_on": moment,
					"channel": rng.choice(CHANNELS),
					"request_types": [{"request_type": rng.choice(recall_codes if recall else asks)}],
					"answers_request": 1,
					"comments": rng.choice(COMMENTS),
					# logged by the prospect's secretary, so the activity report has someone to show
					"logged_by": prospect.responsible_user,
				}
			)
			interaction.flags.ignore_permissions = True
			interaction.insert()
			names[INTERACTION].append(interaction.name)
			created["interactions"] += 1

		days_known = (now - first_contact).days
		if days_known > 10 and rng.random() < 0.22:
			registered = min(now, first_contact + timedelta(days=rng.randint(2, min(days_known, 40))))
			patient = frappe.get_doc(
				{
					"doctype": PATIENT,
					"external_id": f"DEMO-{frappe.generate_hash(length=10).upper()}",
					"first_name": prospect.first_name,
					"last_name": prospect.last_name,
					"date_of_birth": prospect.date_of_birth,
					"phone": phone,
					"created_in_patient_system_on": registered,
					"provenance": prospect.source,
				}
			)
			patient.flags.ignore_permissions = True
			patient.insert()  # the patient system's push: the prospect is reconciled at once
			names[PATIENT].append(patient.name)
			created["patients"] += 1
		elif rng.random() < 0.12:
			scheduled = _working_moment(rng, first_contact + timedelta(days=rng.randint(3, 30)))
			status = "Scheduled" if scheduled > now else rng.choice(("Attended", "No-show", "Cancelled"))
			if status == "Attended":
				status = "Scheduled" if scheduled > now else "No-show"
			appointment = frappe.get_doc(
				{
					"doctype": APPOINTMENT,
					"party_type": PROSPECT,
					"party": prospect.name,
					"scheduled_on": scheduled,
					"status": status,
				}
			)
			appointment.flags.ignore_permissions = True
			appointment.insert()
			names[APPOINTMENT].append(appointment.name)
			created["appointments"] += 1

	created["contact persons"] = len(names[CONTACT_PERSON])
	_tag_new_interactions(names)
	for doctype, doc_names in names.items():
		_tag(doctype, doc_names)
	_backdate(names)
	_replay_ageing(names[PROSPECT], now)
	update_ageing_states()
	created.update(_replay_tasks(names[PROSPECT], now, rng))
	created["reviews"] = _replay_reviews(names[PROSPECT], now)
	# the likelihood of converting, learned from those reviews (none below the floor)
	created["likelihoods"] = update_likelihoods()["scored"]
	return created


def _pipeline_fields(rng: random.Random, stages: list[tuple[str, int]], now: datetime) -> dict:
	"""A stage for about half the prospects, with an expected conversion month ahead."""
	if not stages or rng.random() < 0.5:
		return {}
	stage = rng.choices([s for s, _w in stages], weights=[w for _s, w in stages])[0]
	expected = (now.replace(day=1) + timedelta(days=31 * rng.randint(0, 5))).date()
	return {"pipeline_stage": stage, "expected_on": expected}


def unload() -> dict[str, int]:
	"""Remove the demo records and what the app derived from them; nothing else."""
	frappe.only_for(("System Manager", "Administrator"))
	tagged = {doctype: _tagged(doctype) for doctype in TAGGED}
	parties = tagged[PROSPECT] + tagged[PATIENT]
	removed: dict[str, int] = {}
	if not parties:
		return removed
	interactions = tagged[INTERACTION] + frappe.get_all(
		INTERACTION, filters={"party": ("in", parties)}, pluck="name"
	)
	appointments = tagged[APPOINTMENT] + frappe.get_all(
		APPOINTMENT, filters={"party": ("in", parties)}, pluck="name"
	)
	derived = {
		INTERACTION: sorted(set(interactions)),
		APPOINTMENT: sorted(set(appointments)),
		"NEST Conversion Review": frappe.get_all(
			"NEST Conversion Review", filters={"prospect": ("in", tagged[PROSPECT])}, pluck="name"
		)
		if tagged[PROSPECT]
		else [],
		"NEST Follow-up Task": frappe.get_all(
			"NEST Follow-up Task", filters={"reference_name": ("in", parties)}, pluck="name"
		),
		"ToDo": frappe.get_all("ToDo", filters={"reference_name": ("in", parties)}, pluck="name"),
		PATIENT: tagged[PATIENT],
		PROSPECT: tagged[PROSPECT],
		CONTACT_PERSON: tagged[CONTACT_PERSON],
	}
	all_names = [name for doc_names in derived.values() for name in doc_names]
	for doctype, doc_names in derived.items():
		if not doc_names:
			continue
		table = frappe.qb.DocType(doctype)
		meta = frappe.get_meta(doctype)
		for child in meta.get_table_fields():
			child_table = frappe.qb.DocType(child.options)
			frappe.qb.from_(child_table).delete().where(child_table.parent.isin(doc_names)).where(
				child_table.parenttype == doctype
			).run()
		frappe.qb.from_(table).delete().where(table.name.isin(doc_names)).run()
		removed[doctype] = len(doc_names)
	_delete_history(list(derived), all_names)
	return removed


def _delete_history(doctypes: list[str], names: list[str]) -> None:
	"""The versions, comments and mails of the removed records."""
	for doctype, type_column, name_column in (
		("Version", "ref_doctype", "docname"),
		("Comment", "reference_doctype", "reference_name"),
		("Communication", "reference_doctype", "reference_name"),
	):
		table = frappe.qb.DocType(doctype)
		frappe.qb.from_(table).delete().where(table[type_column].isin(doctypes)).where(
			table[name_column].isin(names)
		).run()


def _backdate(names: dict[str, list[str]]) -> None:
	"""The records say when they happened, not when the demo was loaded: a prospect was created at
	its first contact (with its first classification rows), an interaction when it took place, a
	patient when the patient system registered her, and a converted prospect last changed then."""
	for chunk in in_chunks(names[PROSPECT]):
		values = {"names": chunk}
		frappe.db.sql(
			f"update `tab{PROSPECT}` set creation = first_contact_on where name in %(names)s", values
		)
		frappe.db.sql(
			f"""update `tab{CLASSIFICATION_CHANGE}` h join `tab{PROSPECT}` p on p.name = h.parent
			set h.changed_on = p.first_contact_on, h.creation = p.first_contact_on,
				h.modified = p.first_contact_on
			where h.parenttype = '{PROSPECT}' and h.parent in %(names)s""",
			values,
		)
		frappe.db.sql(
			f"""update `tab{PROSPECT}` p join `tab{PATIENT}` pt on pt.name = p.patient
			set p.modified = pt.created_in_patient_system_on where p.name in %(names)s""",
			values,
		)
	for chunk in in_chunks(names[INTERACTION]):
		frappe.db.sql(
			f"""update `tab{INTERACTION}` set creation = interaction_on, modified = interaction_on
			where name in %(names)s""",
			{"names": chunk},
		)
	for chunk in in_chunks(names[PATIENT]):
		frappe.db.sql(
			f"""update `tab{PATIENT}` set creation = created_in_patient_system_on,
				modified = created_in_patient_system_on where name in %(names)s""",
			{"names": chunk},
		)


def _replay_ageing(prospects: list[str], now: datetime) -> None:
	"""The ageing history the daily job and the interactions would have written over the months:
	each day at AGEING_JOB_TIME the prospect takes the state of its last interaction, and an
	interaction brings a dormant or lost prospect back to normal; a converted prospect stops
	ageing when it is converted. The prospects end in the state of their history."""
	thresholds = get_settings().ageing_thresholds()
	lang = site_language()
	job_reason = _("Daily ageing job", lang=lang)
	user = frappe.session.user
	rows, final = [], {}
	for chunk in in_chunks(prospects):
		prospects_rows = frappe.db.sql(
			f"""select p.name, p.temperature, p.first_contact_on, p.status,
				pt.created_in_patient_system_on as converted_on,
				(select coalesce(max(h.idx), 0) from `tab{CLASSIFICATION_CHANGE}` h
					where h.parent = p.name and h.parenttype = '{PROSPECT}') as idx
			from `tab{PROSPECT}` p left join `tab{PATIENT}` pt on pt.name = p.patient
			where p.name in %(names)s""",
			{"names": chunk},
			as_dict=True,
		)
		interactions = defaultdict(list)
		for party, interaction_on, name in frappe.db.sql(
			f"""select party, interaction_on, name from `tab{INTERACTION}`
			where party_type = '{PROSPECT}' and party in %(names)s order by interaction_on""",
			{"names": chunk},
		):
			interactions[party].append((interaction_on, name))
		for prospect in prospects_rows:
			end = now if prospect.status == "Active" else (prospect.converted_on or now)
			state, last, idx = "Normal", prospect.first_contact_on, prospect.idx
			pending = interactions[prospect.name]
			day = prospect.first_contact_on.date() + timedelta(days=1)
			while (moment := datetime.combine(day, AGEING_JOB_TIME)) <= end:
				while pending and pending[0][0] <= moment:
					interaction_on, interaction = pending.pop(0)
					last = max(last, interaction_on)
					if state != "Normal":
						idx += 1
						rows.append(
							_history_row(
								prospect.name,
								idx,
								interaction_on,
								state,
								"Normal",
								user,
								_("Interaction {0}", lang=lang).format(interaction),
							)
						)
						state = "Normal"
				new_state = ageing_state(prospect.temperature, last, day, thresholds)
				if new_state != state:
					idx += 1
					rows.append(_history_row(prospect.name, idx, moment, state, new_state, user, job_reason))
					state = new_state
				day += timedelta(days=1)
			if prospect.status == "Active":
				final[prospect.name] = state
	insert_rows(
		CLASSIFICATION_CHANGE,
		(
			"name",
			"creation",
			"modified",
			"modified_by",
			"owner",
			"docstatus",
			"idx",
			"parent",
			"parenttype",
			"parentfield",
			"changed_on",
			"classification",
			"from_value",
			"to_value",
			"changed_by",
			"reason",
		),
		rows,
	)
	by_state = defaultdict(list)
	for name, state in final.items():
		by_state[state].append(name)
	for state, group in by_state.items():
		for chunk in in_chunks(group):
			frappe.db.sql(
				f"update `tab{PROSPECT}` set ageing_state = %(state)s where name in %(names)s",
				{"state": state, "names": chunk},
			)


def _history_row(prospect, idx, moment, from_value, to_value, user, reason) -> tuple:
	return (
		f"AGE-{prospect}-{idx}-demo",
		moment,
		moment,
		user,
		user,
		0,
		idx,
		prospect,
		PROSPECT,
		"classification_history",
		moment,
		"Ageing State",
		from_value,
		to_value,
		user,
		reason,
	)


def _replay_tasks(prospects: list[str], now: datetime, rng: random.Random) -> dict[str, int]:
	"""The hourly job, run at the end of each past day, and the secretaries' work after it: of
	the tasks due by then, most are closed on their due day, some two days late, a few never,
	so that the response-time report and its weekly chart have calls and recalls to judge."""
	created: dict[str, int] = {}
	first = _first_contact_of(prospects)
	if first is None:
		return created
	day = first.date() + timedelta(days=1)
	while day <= now.date():
		moment = min(datetime.combine(day, datetime.min.time()) + timedelta(hours=18), now)
		for reason, count in (create_due_tasks(now=moment) or {}).items():
			created[f"tasks: {reason}"] = created.get(f"tasks: {reason}", 0) + count
		if day < now.date():
			_work_through_tasks(prospects, day, rng)
		day += timedelta(days=1)
	refresh_next_tasks(prospects)
	return created


def _work_through_tasks(prospects: list[str], day, rng: random.Random) -> None:
	"""Close the demo's open tasks due on `day`: 75 % that day, 15 % two days later, 10 % never."""
	due = frappe.db.sql(
		"""select td.name from `tabToDo` td join `tabNEST Follow-up Task` t on t.todo = td.name
		where td.status = 'Open' and td.date = %(day)s and t.reference_name in %(names)s""",
		{"day": day, "names": prospects},
		pluck=True,
	)
	on_time, late = [], []
	for todo in due:
		draw = rng.random()
		if draw < 0.75:
			on_time.append(todo)
		elif draw < 0.9:
			late.append(todo)
	# One UPDATE per group; the hour of closing spread over the working day by the ToDo's name.
	for names, closed_day in ((on_time, day), (late, day + timedelta(days=2))):
		if names:
			frappe.db.sql(
				"""update `tabToDo` set status = 'Closed',
					modified = timestamp(%(day)s, '09:00:00') + interval (crc32(name) %% 9) hour
				where name in %(names)s""",
				{"day": closed_day, "names": names},
			)


def _first_contact_of(prospects: list[str]) -> datetime | None:
	firsts = [
		frappe.db.sql(
			f"select min(first_contact_on) from `tab{PROSPECT}` where name in %(names)s", {"names": chunk}
		)[0][0]
		for chunk in in_chunks(prospects)
	]
	firsts = [first for first in firsts if first]
	return min(firsts) if firsts else None


def _replay_reviews(prospects: list[str], now: datetime) -> int:
	"""The daily review job, run for each past day in turn: each review is dated the day its
	prospect was due (so last month's reviews, and their conversion rate, are last month's)."""
	first = _first_contact_of(prospects)
	if first is None:
		return 0
	created = 0
	day = first.date() + timedelta(days=1)
	while day < now.date():
		created += create_due_reviews(on_date=day) or 0
		day += timedelta(days=1)
	return created + (create_due_reviews() or 0)


def _working_moment(rng: random.Random, day: datetime) -> datetime:
	"""A moment of the clinic's day (Monday to Saturday morning, 8:00 to 17:59)."""
	while day.weekday() == 6:
		day += timedelta(days=1)
	return day.replace(hour=rng.randint(8, 17), minute=rng.randint(0, 59), second=0, microsecond=0)


def _unique_phone(rng: random.Random, taken: set[str]) -> str:
	while True:
		digits = f"{rng.choice((70, 76, 77, 78))}{rng.randint(1000000, 9999999)}"
		e164 = f"+221{digits}"
		if e164 not in taken:
			taken.add(e164)
			return f"{digits[:2]} {digits[2:5]} {digits[5:7]} {digits[7:]}"


def _tag_new_interactions(names: dict[str, list[str]]) -> None:
	"""The first interaction of each prospect is created by the prospect itself: tag it too."""
	if names[PROSPECT]:
		names[INTERACTION] += frappe.get_all(
			INTERACTION, filters={"party_type": PROSPECT, "party": ("in", names[PROSPECT])}, pluck="name"
		)
		names[INTERACTION] = sorted(set(names[INTERACTION]))


def _who_asks(prospect, who: random.Random, spoken: list, taken_phones: set[str], names: dict) -> None:
	"""Her language, and for one in eight a contact person who asks for her (seed 002)."""
	if spoken:
		prospect.spoken_language = who.choices([n for n, _w in spoken], weights=[w for _n, w in spoken])[0]
	if who.random() >= 0.125:
		return
	relation, role, first_names = who.choice(CALLERS)
	contact = frappe.get_doc(
		{
			"doctype": CONTACT_PERSON,
			"first_name": who.choice(first_names),
			"last_name": prospect.last_name if role == "Relative" else who.choice(LAST_NAMES),
			"phone": _unique_phone(who, taken_phones),
			"person_role": role,
			"spoken_language": prospect.spoken_language,
		}
	)
	contact.flags.ignore_permissions = True
	contact.insert()
	names[CONTACT_PERSON].append(contact.name)
	prospect.update({"contact_person": contact.name, "contact_relation": relation})


# The demo clinic's sites (name, city) and the service of its staff by role.
DEMO_SITES = (("Almadies", "Dakar"), ("Plateau", "Dakar"))
DEMO_SERVICES = {"NEST Agent": "Reception", "NEST Manager": "Maternity"}


def load_staff_directory() -> int:
	"""The demo clinic's sites and its staff (the users with the app's desk roles); idempotent.

	The directory is the clinic's own list, like the sources: `unload` leaves it."""
	for site_name, city in DEMO_SITES:
		if not frappe.db.exists("NEST Clinic Site", site_name):
			frappe.get_doc({"doctype": "NEST Clinic Site", "site_name": site_name, "city": city}).insert(
				ignore_permissions=True
			)
	created = 0
	for index, (user, role) in enumerate(_desk_staff()):
		if frappe.db.exists("NEST Staff Member", user):
			continue
		frappe.get_doc(
			{
				"doctype": "NEST Staff Member",
				"user": user,
				"service": DEMO_SERVICES[role],
				"clinic_site": DEMO_SITES[index % len(DEMO_SITES)][0],
			}
		).insert(ignore_permissions=True)
		created += 1
	return created


def _desk_staff() -> list[tuple[str, str]]:
	"""(user, role) of the enabled users with the NEST Manager or NEST Agent role, the managers first."""
	staff: dict[str, str] = {}
	for role in ("NEST Manager", "NEST Agent"):
		for user in _users_with(role):
			staff.setdefault(user, role)
	return list(staff.items())


def _agents() -> list[str]:
	"""The secretaries who follow the prospects up (their tasks land on their lists)."""
	return _users_with("NEST Agent")


def _users_with(role: str) -> list[str]:
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	return (
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.name)
		.distinct()
		.where((has_role.role == role) & (has_role.parenttype == "User") & (user.enabled == 1))
		.where(user.name.notin(("Administrator", "Guest")))
		.orderby(user.name)
		.run(pluck=True)
	)


def _tag(doctype: str, names: list[str]) -> None:
	if names:
		table = frappe.qb.DocType(doctype)
		frappe.qb.update(table).set(table._user_tags, f",{DEMO_TAG}").where(table.name.isin(names)).run()


def _tagged(doctype: str) -> list[str]:
	return frappe.get_all(doctype, filters={"_user_tags": ("like", f"%{DEMO_TAG}%")}, pluck="name")
