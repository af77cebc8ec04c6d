"""Races: identical calls at the same instant, as a patient system retrying on a timeout does.

Each race starts THREADS threads on a barrier, each sending the same upsert_patient (or
upsert_appointment) for an external_id nobody has yet, through the server's 4 workers. Every
answer must be 200 (one "created", the others "unchanged") or the documented retryable 409
with Retry-After, never 5xx; and there must be exactly one record afterwards. A third kind
sends different new external_ids at once (neighbours in the unique index, where locking reads
of absent rows deadlock). Each kind runs ROUNDS times.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from datetime import date, timedelta

import pytest
from nest_http import PLAN_FILE, SKIP_REASON, count_figure, record_figure, site_today, table_count

if not PLAN_FILE:
	pytest.skip(SKIP_REASON, allow_module_level=True)

API = "nest_prospects.api.v1."
THREADS = 8
ROUNDS = 20
RUN = uuid.uuid4().hex[:6].upper()


def race(api, method: str, payloads: list[dict]) -> list:
	"""Send the payloads at once (one thread each); the responses, in order."""
	barrier = threading.Barrier(len(payloads))
	responses: list = [None] * len(payloads)

	def send(index: int) -> None:
		barrier.wait()
		responses[index] = api.method(API + method, http="POST", json=payloads[index])

	threads = [threading.Thread(target=send, args=(i,)) for i in range(len(payloads))]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	return responses


def outcome(response) -> str:
	if response.status_code == 200:
		return response.json()["message"]["result"]
	if response.status_code == 409:
		assert response.headers.get("Retry-After"), "a 409 says when to retry"
		return "409 retry later"
	return f"HTTP {response.status_code}"


def check_round(responses, kind: str, answers: Counter, identical: bool = True) -> None:
	outcomes = [outcome(response) for response in responses]
	answers.update(f"HTTP {response.status_code}" for response in responses)
	answers.update(outcomes)
	errors = [r.text[:300] for r in responses if r.status_code >= 500]
	assert not errors, f"{kind}: {errors}"
	assert all(o in ("created", "unchanged", "updated", "409 retry later") for o in outcomes), outcomes
	if identical:
		assert outcomes.count("created") <= 1, outcomes


@pytest.fixture(scope="module")
def api(clients):
	return clients["api"]


def patient(external_id: str) -> dict:
	return {
		"external_id": external_id,
		"first_name": "Rokhaya",
		"last_name": "Concurrente",
		"phone": "77 400 00 01",
		"date_of_birth": "1990-02-03",
		"created_on": "2024-03-01",
		"updated_at": "2024-03-01T08:00:00",
	}


def test_identical_upsert_patient_calls_make_one_patient(api, admin):
	answers: Counter = Counter()
	for round_ in range(ROUNDS):
		external_id = f"RACE{RUN}-P{round_}"
		responses = race(api, "upsert_patient", [patient(external_id)] * THREADS)
		check_round(responses, "upsert_patient", answers)
		assert table_count(admin, "NEST Patient", {"external_id": external_id}) == 1
		assert [outcome(r) for r in responses].count("created") == 1
	record_figure("Races", "upsert_patient", f"{ROUNDS} races of {THREADS} identical calls")
	count_figure("Races", "upsert_patient answers", answers)


def test_identical_upsert_appointment_calls_make_one_appointment(api, admin):
	answers: Counter = Counter()
	owner = f"RACE{RUN}-OWNER"
	assert api.method(API + "upsert_patient", http="POST", json=patient(owner)).status_code == 200
	scheduled = (site_today() + timedelta(days=10)).isoformat() + "T09:30:00"
	for round_ in range(ROUNDS):
		external_id = f"RACE{RUN}-A{round_}"
		payload = {
			"external_id": external_id,
			"patient_external_id": owner,
			"scheduled_on": scheduled,
			"status": "annulé" if round_ % 2 else "planifié",
		}
		responses = race(api, "upsert_appointment", [payload] * THREADS)
		check_round(responses, "upsert_appointment", answers)
		assert table_count(admin, "NEST Appointment", {"external_id": external_id}) == 1
		assert [outcome(r) for r in responses].count("created") == 1
	# a cancelled appointment is logged once, however many calls raced
	cancellations = table_count(admin, "NEST Interaction", {"party": owner, "party_type": "NEST Patient"})
	assert cancellations == ROUNDS // 2
	record_figure("Races", "upsert_appointment", f"{ROUNDS} races of {THREADS} identical calls")
	count_figure("Races", "upsert_appointment answers", answers)


def test_different_new_patients_at_once(api, admin):
	answers: Counter = Counter()
	for round_ in range(ROUNDS):
		ids = [f"RACE{RUN}-N{round_}-{i}" for i in range(THREADS)]
		responses = race(api, "upsert_patient", [patient(external_id) for external_id in ids])
		check_round(responses, "upsert_patient (different ids)", answers, identical=False)
		assert [outcome(r) for r in responses] == ["created"] * THREADS
		assert (
			table_count(admin, "NEST Patient", {"external_id": ["like", f"RACE{RUN}-N{round_}-%"]}) == THREADS
		)
	record_figure("Races", "upsert_patient, different new ids", f"{ROUNDS} races of {THREADS} calls")
	count_figure("Races", "upsert_patient, different new ids answers", answers)
