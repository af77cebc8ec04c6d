"""Property-based: generated payloads against the patient system's API, over HTTP, as its API user.

For each method (upsert_patient, upsert_appointment, lookup), 1,000 payloads mixing well-formed
values and junk (wrong types, control characters, markup, dates out of range, unknown fields,
`cmd`, `data`), each sent once. Every answer must be:

- never 5xx;
- 200 for an accepted call, or a 4xx refusal that names the field (HTTP 422, the message in
  `_server_messages`), or one of the documented retryable answers (409 Retry-After, 429);

and the tables change only by the accepted calls: at the end, as Administrator, the run's
patients and appointments number the "created" answers, and the interactions of their people
the cancellations recorded (one per appointment, the first time it is cancelled).
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from nest_http import (
	PLAN_FILE,
	SKIP_REASON,
	count_figure,
	record_figure,
	server_messages,
	site_today,
	table_count,
)

from nest_prospects.patient_system.rules import (
	APPOINTMENT_FIELDS,
	LOOKUP_FIELDS,
	PATIENT_FIELDS,
	printable_key,
)

if not PLAN_FILE:
	pytest.skip(SKIP_REASON, allow_module_level=True)

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

API = "nest_prospects.api.v1."
EXAMPLES = 1000
SETTINGS = settings(
	max_examples=EXAMPLES,
	deadline=None,
	database=None,
	suppress_health_check=list(HealthCheck),
)
RUN = uuid.uuid4().hex[:6].upper()
PREFIX = f"HYP{RUN}"
UNKNOWN_KEYS = ("colour", "name", "doctype", "cmd", "data", "owner", "external_id ", "Phone")
RETRYABLE = (409, 429)

TODAY = site_today()

# Junk for any field: other JSON types, unprintable and markup characters, overlong text.
junk = st.one_of(
	st.none(),
	st.integers(min_value=-(10**20), max_value=10**20),
	st.floats(allow_nan=False, allow_infinity=False),
	st.booleans(),
	st.lists(st.text(max_size=5), max_size=3),
	st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
	st.text(max_size=40),
	st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
	st.sampled_from(
		["", " ", "\x00", "a\tb", "\x07", "<b>x</b>", "‮", "x" * 141, "New NEST Patient 1", "<x>"]
	),
)


def iso_dates(low: date, high: date):
	return st.dates(min_value=low, max_value=high).map(date.isoformat)


def iso_datetimes(low: date, high: date):
	offsets = st.sampled_from(["", "", "Z", "+00:00", "+01:00", "-05:30", "+23:59"])
	moments = st.datetimes(
		min_value=datetime.combine(low, datetime.min.time()),
		max_value=datetime.combine(high, datetime.max.time()),
	)
	return st.builds(lambda moment, offset: moment.isoformat(timespec="seconds") + offset, moments, offsets)


def mixed(good, junk_in: int = 8):
	"""Mostly well-formed values, junk one time in `junk_in` (hypothesis's one_of would draw junk
	far more often, and a payload has several fields: nothing would ever be accepted)."""
	# hypothesis favours the bounds of a range: the middle value picks the junk
	return st.integers(min_value=0, max_value=junk_in - 1).flatmap(
		lambda n: junk if n == junk_in // 2 else good
	)


names = st.sampled_from(["Awa", "Ndèye Fatou", "N'Diaye", "Marie-Claire", "Aïssatou", "Ba", "Sow"])
phones = st.sampled_from(
	[
		"77 123 45 67",
		"+221 70 111 22 33",
		"00221 76 555 44 33",
		"06 12 34 56 78",
		"+33612345678",
		"771",
		"abc",
	]
)
birth_dates = iso_dates(date(1880, 1, 1), TODAY + timedelta(days=400))
past_moments = st.one_of(iso_dates(date(1890, 1, 1), TODAY), iso_datetimes(date(1890, 1, 1), TODAY))
update_moments = iso_datetimes(date(1990, 1, 1), TODAY + timedelta(days=3))
emails = st.one_of(st.emails(), st.sampled_from(["awa@example.sn", "awa at example", "a@b", "é@example.sn"]))
statuses = st.sampled_from(
	["planifié", "honoré", "non venu", "annulé", "Scheduled", "Attended", "No-show", "Cancelled", "reporté"]
)
scheduled = st.one_of(
	iso_datetimes(TODAY - timedelta(days=60), TODAY + timedelta(days=60)),
	iso_datetimes(date(1895, 1, 1), TODAY + timedelta(days=1000)),
)


def payloads(fields: dict, required: tuple[str, ...], one_of: tuple[str, ...] = ()):
	"""A payload: the required fields (dropped now and then), some optional ones, maybe an unknown one.

	`one_of`: fields of which the payload needs exactly one (mostly one, sometimes both or none).
	"""
	optional = {key: value for key, value in fields.items() if key not in required and key not in one_of}

	@st.composite
	def build(draw):
		payload = {}
		for key in required:
			if draw(st.integers(0, 19)) != 10:  # 1 in 20 left out
				payload[key] = draw(fields[key])
		if one_of:
			choice = draw(st.integers(0, 7))
			keys = {3: one_of, 4: ()}.get(choice, (one_of[choice % len(one_of)],))
			for key in keys:
				payload[key] = draw(fields[key])
		for key in draw(st.sets(st.sampled_from(sorted(optional)), max_size=len(optional))):
			payload[key] = draw(fields[key])
		if draw(st.integers(0, 19)) == 10:
			payload[draw(st.sampled_from(UNKNOWN_KEYS))] = draw(st.one_of(st.text(max_size=10), junk))
		return payload

	return build()


class Tally:
	"""What one method's generated calls gave: answers, accepted, refused, created, cancelled."""

	def __init__(self, method: str):
		self.method = method
		self.statuses: Counter = Counter()
		self.results: Counter = Counter()
		self.created: set[str] = set()
		self.cancelled: set[str] = set()
		self.problems: list[str] = []

	def record(self, payload, response, fields: frozenset[str]) -> dict | None:
		code = response.status_code
		self.statuses[code] += 1
		if code >= 500:
			self.problems.append(f"HTTP {code} for {payload!r}: {response.text[:300]}")
			return None
		if code == 200:
			return response.json()["message"]
		if code in RETRYABLE:
			return None
		message = server_messages(response)
		keys = [*fields, *payload]
		if set(payload) == {"data"} and isinstance(payload["data"], dict):
			keys += list(payload["data"])  # the payload sent inside `data`
		# a key as the refusal shows it: unprintable characters as U+XXXX (patient_system.rules)
		named = [str(key) for key in keys if str(key).strip() and printable_key(key).strip() in message]
		named += [repr(key) for key in keys if not str(key).strip() and repr(key) in message]
		if code != 422 or not named:
			self.problems.append(f"HTTP {code} naming no field for {payload!r}: {message[:300]}")
		return None

	def figures(self) -> None:
		sent = sum(self.statuses.values())
		refused = sum(count for code, count in self.statuses.items() if code != 200)
		record_figure("Generated payloads", f"{self.method}", f"{sent} sent, {refused} refused")
		count_figure(
			"Generated payloads",
			f"{self.method} answers",
			Counter(f"HTTP {k}" for k in self.statuses.elements()),
		)
		count_figure("Generated payloads", f"{self.method} results", self.results)


@pytest.fixture(scope="module")
def api(clients):
	return clients["api"]


@pytest.fixture(scope="module")
def patients_of_the_run(api) -> list[str]:
	"""Three patients the generated appointments may name."""
	ids = [f"{PREFIX}-P{i}" for i in range(3)]
	for external_id in ids:
		response = api.method(
			API + "upsert_patient",
			http="POST",
			json={
				"external_id": external_id,
				"first_name": "Awa",
				"last_name": "Hypothese",
				"created_on": "2024-01-01",
			},
		)
		assert response.status_code == 200, response.text[:300]
	return ids


def test_upsert_patient_payloads(api, admin):
	tally = Tally("upsert_patient")
	before = table_count(admin, "NEST Patient", {"external_id": ["like", f"{PREFIX}-%"]})
	fields = {
		"external_id": mixed(st.sampled_from([f"{PREFIX}-{i}" for i in range(40)])),
		"first_name": mixed(names),
		"last_name": mixed(names),
		"phone": mixed(phones),
		"date_of_birth": mixed(birth_dates),
		"created_on": mixed(past_moments),
		"provenance": mixed(st.sampled_from(["Facebook", "Bouche à oreille", "Site web"])),
		"email": mixed(emails),
		"updated_at": mixed(update_moments),
	}

	@SETTINGS
	@given(payloads(fields, ("external_id", "first_name", "last_name", "created_on")))
	def call(payload):
		response = api.method(API + "upsert_patient", http="POST", json=payload)
		answer = tally.record(payload, response, PATIENT_FIELDS)
		if answer:
			tally.results[answer["result"]] += 1
			if answer["result"] == "created":
				tally.created.add(answer["patient"])

	call()
	tally.figures()
	assert not tally.problems, "\n".join(tally.problems[:20])
	after = table_count(admin, "NEST Patient", {"external_id": ["like", f"{PREFIX}-%"]})
	record_figure("Generated payloads", "upsert_patient patients created", len(tally.created))
	ours = {name for name in tally.created if name.startswith(f"{PREFIX}-")}
	assert after - before == len(ours)
	# junk that happened to be a valid reference ("false", "0"): created too, and there
	for name in tally.created - ours:
		assert table_count(admin, "NEST Patient", {"name": name}) == 1, name


def test_upsert_appointment_payloads(api, admin, plan, patients_of_the_run):
	tally = Tally("upsert_appointment")
	prospect = plan["records"]["NEST Prospect"]
	people = [prospect, *patients_of_the_run]
	interaction_filters = [["party", "in", people]]
	before = (
		table_count(admin, "NEST Appointment", {"external_id": ["like", f"{PREFIX}-%"]}),
		table_count(admin, "NEST Interaction", interaction_filters),
	)
	fields = {
		"external_id": mixed(st.sampled_from([f"{PREFIX}-RDV{i}" for i in range(40)])),
		"patient_external_id": mixed(
			st.sampled_from([*patients_of_the_run, f"{PREFIX}-NOBODY", *patients_of_the_run])
		),
		"prospect": mixed(st.sampled_from([prospect, "PRO-0000-00000"])),
		"scheduled_on": mixed(scheduled),
		"status": mixed(statuses),
		"updated_at": mixed(update_moments),
	}
	stored: dict[str, str] = {}

	@SETTINGS
	@given(payloads(fields, ("external_id", "scheduled_on", "status"), ("patient_external_id", "prospect")))
	def call(payload):
		response = api.method(API + "upsert_appointment", http="POST", json=payload)
		answer = tally.record(payload, response, APPOINTMENT_FIELDS)
		if answer:
			tally.results[answer["result"]] += 1
			if answer["result"] == "created":
				tally.created.add(payload["external_id"].strip())
			if answer["status"] == "Cancelled" and answer["result"] in ("created", "updated"):
				tally.cancelled.add(answer["appointment"])
			stored[answer["appointment"]] = answer["status"]

	call()
	tally.figures()
	assert not tally.problems, "\n".join(tally.problems[:20])
	after = (
		table_count(admin, "NEST Appointment", {"external_id": ["like", f"{PREFIX}-%"]}),
		table_count(admin, "NEST Interaction", interaction_filters),
	)
	record_figure("Generated payloads", "upsert_appointment appointments created", len(tally.created))
	record_figure("Generated payloads", "upsert_appointment cancellations logged", len(tally.cancelled))
	ours = {external_id for external_id in tally.created if external_id.startswith(f"{PREFIX}-")}
	assert after[0] - before[0] == len(ours)
	for external_id in tally.created - ours:  # junk that was a valid reference
		assert table_count(admin, "NEST Appointment", {"external_id": external_id}) == 1, external_id
	# one "ANNULATION RDV" interaction per appointment, the first time it is cancelled
	assert after[1] - before[1] == len(tally.cancelled)


def test_lookup_payloads(api, admin):
	tally = Tally("lookup")
	counts = (
		("NEST Patient", {"external_id": ["like", f"{PREFIX}-%"]}),
		("NEST Appointment", {"external_id": ["like", f"{PREFIX}-%"]}),
		("NEST Interaction", {"party": ["like", f"{PREFIX}-%"]}),
	)
	before = [table_count(admin, doctype, filters) for doctype, filters in counts]
	fields = {
		"phone": mixed(phones),
		"date_of_birth": mixed(birth_dates),
		"first_name": mixed(names),
		"last_name": mixed(names),
	}

	@SETTINGS
	@given(payloads(fields, ()), st.booleans())
	def call(payload, by_get):
		if by_get:
			params = {key: value for key, value in payload.items() if isinstance(value, str)}
			response = api.method(API + "lookup", params=params)
			payload = params
		else:
			response = api.method(API + "lookup", http="POST", json=payload)
		answer = tally.record(payload, response, LOOKUP_FIELDS)
		if answer is not None:
			tally.results["answered"] += 1
			for row in answer["prospects"]:
				assert set(row) == {"prospect", "status", "matched_on"}, row
			for row in answer["patients"]:
				assert set(row) == {"patient", "matched_on"}, row

	call()
	tally.figures()
	assert not tally.problems, "\n".join(tally.problems[:20])
	# a lookup writes nothing
	assert [table_count(admin, doctype, filters) for doctype, filters in counts] == before


def test_the_data_wrapper_and_cmd(api):
	"""`data` holding the JSON object is read as the payload; a `cmd` field is refused, never rerouted."""
	payload = {
		"external_id": f"{PREFIX}-DATA",
		"first_name": "Awa",
		"last_name": "Ba",
		"created_on": "2024-01-01",
	}
	response = api.method(API + "upsert_patient", http="POST", json={"data": json.dumps(payload)})
	assert response.status_code == 200, response.text[:300]
	for body in (
		{**payload, "cmd": "frappe.client.get_count"},
		{"data": json.dumps({**payload, "cmd": "x"})},
	):
		response = api.method(API + "upsert_patient", http="POST", json=body)
		assert response.status_code == 422, response.text[:300]
		assert "cmd" in server_messages(response)
	response = api.method(API + "lookup", params={"phone": "771234567", "cmd": "frappe.client.get_count"})
	assert response.status_code == 422
	response = api.get(
		f"/api/v2/method/{API}lookup", params={"phone": "771234567", "cmd": "frappe.client.get_count"}
	)
	assert response.status_code == 422
	response = api.method(API + "upsert_patient", http="POST", json={"data": "[1, 2]"})
	assert response.status_code == 422 and "data" in server_messages(response)
