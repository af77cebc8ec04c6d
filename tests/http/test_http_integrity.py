"""What only the app writes stays the app's, and an update keeps what it leaves out, over HTTP.

- A secretary's PUT on a prospect cannot set its ageing state, dates, patient or history; a
  prospect the reconciliation converted goes back to Active only by a manager, with a reason
  logged as a comment; the classification history is never written through /api/resource.
- The API user writes patients and appointments only through its API (no /api/resource
  writes), and nobody forges the date of the patient system's last update.
- upsert_patient without phone, date of birth or provenance keeps them; null clears them.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, timedelta

import pytest
from nest_http import PLAN_FILE, SKIP_REASON, server_messages, site_today

if not PLAN_FILE:
	pytest.skip(SKIP_REASON, allow_module_level=True)

API = "nest_prospects.api.v1."
RUN = uuid.uuid4().hex[:6].upper()
APP_FIELDS = ("ageing_state", "last_interaction_on", "first_answered_on", "patient", "status")


def resource(doctype: str, name: str | None = None) -> str:
	return f"/api/resource/{doctype}" + (f"/{name}" if name else "")


def mobile() -> str:
	return f"+22177{random.randint(1000000, 9999999)}"


def get_doc(client, doctype: str, name: str) -> dict:
	response = client.get(resource(doctype, name))
	assert response.status_code == 200, response.text[:300]
	return response.json()["data"]


def new_prospect(agent, **values) -> dict:
	payload = {
		"first_name": "Integrite",
		"last_name": f"Essai{random.randint(1000, 9999)}",
		"date_of_birth": "1993-05-06",
		"phone": mobile(),
		"source": "Téléphone",
		"temperature": "Hot",
		**values,
	}
	response = agent.post(resource("NEST Prospect"), json=payload)
	assert response.status_code == 200, response.text[:300]
	return response.json()["data"]


@pytest.fixture(scope="module")
def agent(clients):
	return clients["agent"]


@pytest.fixture(scope="module")
def manager(clients):
	return clients["manager"]


@pytest.fixture(scope="module")
def api(clients):
	return clients["api"]


def test_a_secretary_cannot_set_what_the_app_computes(agent, admin):
	prospect = new_prospect(agent)
	before = get_doc(admin, "NEST Prospect", prospect["name"])
	forged = {
		"ageing_state": "Lost",
		"last_interaction_on": "2001-01-01 00:00:00",
		"first_answered_on": "2001-01-02 00:00:00",
		"last_action": "Event",
		"last_action_on": "2001-01-03 00:00:00",
		"patient": "HTTP-PATIENT-0001",
		"classification_history": [
			{"classification": "Temperature", "from_value": "Cold", "to_value": "Hot", "reason": "forged"}
		],
		"comments": "edited by the secretary",
	}
	response = agent.request("PUT", resource("NEST Prospect", prospect["name"]), json=forged)
	assert response.status_code == 200, response.text[:300]
	after = get_doc(admin, "NEST Prospect", prospect["name"])
	for field in (
		"ageing_state",
		"last_interaction_on",
		"first_answered_on",
		"last_action",
		"last_action_on",
		"patient",
	):
		assert after.get(field) == before.get(field), field
	history = [(row["name"], row["reason"]) for row in after["classification_history"]]
	assert history == [(row["name"], row["reason"]) for row in before["classification_history"]]
	assert after["comments"] == "edited by the secretary"  # hers to write


def test_the_history_is_never_written_through_the_resource_api(agent, manager, admin, plan):
	row = plan["records"]["NEST Classification Change"]
	prospect = plan["records"]["NEST Prospect"]
	before = get_doc(admin, "NEST Prospect", prospect)["classification_history"]
	for client in (agent, manager, admin):
		response = client.post(
			resource("NEST Classification Change"),
			json={
				"parent": prospect,
				"parenttype": "NEST Prospect",
				"parentfield": "classification_history",
				"classification": "Temperature",
				"to_value": "Hot",
				"reason": "forged",
			},
		)
		assert response.status_code == 403, response.text[:300]
		response = client.request(
			"PUT", resource("NEST Classification Change", row), json={"reason": "forged"}
		)
		assert response.status_code == 403, response.text[:300]
		response = client.request("DELETE", resource("NEST Classification Change", row))
		assert response.status_code == 403, response.text[:300]
	assert get_doc(admin, "NEST Prospect", prospect)["classification_history"] == before


def test_a_new_prospect_cannot_start_converted_or_with_a_history(agent):
	response = agent.post(
		resource("NEST Prospect"),
		json={
			"first_name": "Integrite",
			"last_name": "Convertie",
			"date_of_birth": "1990-01-01",
			"phone": mobile(),
			"temperature": "Warm",
			"status": "Converted",
		},
	)
	assert response.status_code == 403, response.text[:300]
	prospect = new_prospect(
		agent,
		patient="HTTP-PATIENT-0001",
		ageing_state="Lost",
		classification_history=[{"classification": "Temperature", "to_value": "Cold", "reason": "forged"}],
	)
	assert prospect.get("patient") is None
	assert prospect["ageing_state"] == "Normal"
	assert [row["reason"] for row in prospect["classification_history"]] != ["forged"]
	assert "forged" not in json.dumps(prospect["classification_history"])


def test_a_converted_prospect_goes_back_only_by_a_manager_with_a_reason(agent, manager, api, admin):
	phone = mobile()
	prospect = new_prospect(agent, phone=phone)
	response = api.method(
		API + "upsert_patient",
		http="POST",
		json={
			"external_id": f"INTEG{RUN}",
			"first_name": "Integrite",
			"last_name": "Patiente",
			"phone": phone,
			"created_on": site_today().isoformat(),
		},
	)
	assert response.status_code == 200, response.text[:300]
	assert response.json()["message"]["reconciled_prospects"] == [prospect["name"]]
	assert get_doc(admin, "NEST Prospect", prospect["name"])["status"] == "Converted"
	for client in (agent, manager):
		response = client.request(
			"PUT", resource("NEST Prospect", prospect["name"]), json={"status": "Active"}
		)
		assert response.status_code == 403, response.text[:300]
	change = "nest_prospects.guards.change_reconciled_status"
	args = {"prospect": prospect["name"], "status": "Active"}
	assert agent.method(change, http="POST", json={**args, "reason": "erreur"}).status_code == 403
	assert manager.method(change, http="POST", json={**args, "reason": "  "}).status_code == 417
	response = manager.method(change, http="POST", json={**args, "reason": "Homonyme, pas la même personne"})
	assert response.status_code == 200, response.text[:300]
	stored = get_doc(admin, "NEST Prospect", prospect["name"])
	assert (stored["status"], stored.get("patient")) == ("Active", None)
	comments = admin.method(
		"frappe.client.get_list",
		params={
			"doctype": "Comment",
			"fields": '["content", "owner"]',
			"filters": json.dumps({"reference_doctype": "NEST Prospect", "reference_name": prospect["name"]}),
		},
	).json()["message"]
	assert any("Homonyme, pas la même personne" in row["content"] for row in comments), comments


def test_the_api_user_writes_only_through_its_api(api, plan):
	patient = plan["records"]["NEST Patient"]
	response = api.request("PUT", resource("NEST Patient", patient), json={"source_updated_at": "2099-01-01"})
	assert response.status_code == 403, response.text[:300]
	response = api.post(
		resource("NEST Appointment"),
		json={
			"party_type": "NEST Prospect",
			"party": plan["records"]["NEST Prospect"],
			"scheduled_on": f"{site_today() + timedelta(days=3)} 10:00:00",
			"status": "Scheduled",
		},
	)
	assert response.status_code == 403, response.text[:300]
	response = api.request("PUT", resource("NEST Appointment", plan["pushed_appointment"]), json={})
	assert response.status_code == 403, response.text[:300]


def test_nobody_forges_the_date_of_the_last_update(api, manager, admin):
	external_id = f"STALE{RUN}"
	payload = {"external_id": external_id, "first_name": "Awa", "last_name": "Ba", "created_on": "2024-01-01"}
	assert api.method(API + "upsert_patient", http="POST", json=payload).status_code == 200
	response = manager.request(
		"PUT", resource("NEST Patient", external_id), json={"source_updated_at": "2099-01-01 00:00:00"}
	)
	assert response.status_code == 200, response.text[:300]
	assert get_doc(admin, "NEST Patient", external_id).get("source_updated_at") is None
	later = {**payload, "last_name": "Ba-Sow", "updated_at": f"{site_today()}T08:00:00"}
	answer = api.method(API + "upsert_patient", http="POST", json=later).json()["message"]
	assert answer["result"] == "updated"
	future = {**payload, "updated_at": "2099-01-01T00:00:00"}
	response = api.method(API + "upsert_patient", http="POST", json=future)
	assert response.status_code == 422 and "updated_at" in server_messages(response)


def test_a_desk_appointment_cannot_pose_as_the_patient_systems(agent, admin, plan):
	response = agent.post(
		resource("NEST Appointment"),
		json={
			"party_type": "NEST Patient",
			"party": plan["records"]["NEST Patient"],
			"scheduled_on": f"{site_today() + timedelta(days=4)} 10:00:00",
			"status": "Scheduled",
			"source": "Patient System",
			"external_id": f"FORGED{RUN}",
			"source_updated_at": "2099-01-01 00:00:00",
		},
	)
	assert response.status_code == 200, response.text[:300]
	stored = get_doc(admin, "NEST Appointment", response.json()["data"]["name"])
	assert (stored["source"], stored.get("external_id"), stored.get("source_updated_at")) == (
		"Desk",
		None,
		None,
	)


def test_an_update_keeps_the_fields_it_leaves_out(api, admin):
	external_id = f"KEEP{RUN}"
	full = {
		"external_id": external_id,
		"first_name": "Awa",
		"last_name": "Gardee",
		"phone": "77 555 12 34",
		"date_of_birth": "1991-03-14",
		"created_on": "2024-01-01",
		"provenance": "Facebook",
		"email": "awa.gardee@example.org",
	}
	assert api.method(API + "upsert_patient", http="POST", json=full).status_code == 200
	partial = {key: full[key] for key in ("external_id", "first_name", "last_name", "created_on")}
	answer = api.method(API + "upsert_patient", http="POST", json=partial).json()["message"]
	assert answer["result"] == "unchanged"
	stored = get_doc(admin, "NEST Patient", external_id)
	assert (
		stored.get("phone"),
		stored.get("date_of_birth"),
		stored.get("provenance"),
		stored.get("email"),
	) == (
		"+221775551234",
		"1991-03-14",
		"Facebook",
		"awa.gardee@example.org",
	)
	cleared = {**partial, "phone": None, "provenance": ""}
	answer = api.method(API + "upsert_patient", http="POST", json=cleared).json()["message"]
	assert answer["result"] == "updated"
	stored = get_doc(admin, "NEST Patient", external_id)
	assert (stored.get("phone"), stored.get("provenance"), stored.get("date_of_birth")) == (
		None,
		None,
		"1991-03-14",
	)
