"""The website's inquiry page over HTTP, as a visitor (Guest) sends it, behind gunicorn.

- The page /demande answers in French with the public request types and the consent box.
- An inquiry from an unknown visitor makes a hot prospect from "Site web" with its first
  interaction (channel Website); one from a known person adds an interaction to her record;
  both read the same answer, which holds nobody's data.
- An unknown field, a missing consent: 422 naming the field, in French; nothing written.
- A filled honeypot: the same answer, nothing written. GET: refused. Per IP: 429 past the limit.
- The same inquiry sent several times at once (a double click): one prospect.

Each test sends from its own address (X-Forwarded-For, which Frappe reads as the client's), so
its rate-limit counter is its own.
"""

from __future__ import annotations

import json
import random
import threading

import pytest
from nest_http import PLAN_FILE, SKIP_REASON, record_figure, server_messages, table_count

if not PLAN_FILE:
	pytest.skip(SKIP_REASON, allow_module_level=True)

METHOD = "nest_prospects.web_inquiries.api.submit"
SETTINGS = "/api/resource/NEST Prospect Settings/NEST Prospect Settings"
THANKS = "Merci, votre demande a bien été envoyée. La clinique vous recontactera bientôt."
# Letters only: the page accepts names.
RUN = "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))


def address() -> str:
	"""A fresh documentation address (RFC 5737) for one test's requests."""
	return f"198.51.{random.randint(0, 255)}.{random.randint(1, 254)}"


def inquiry(**values) -> dict:
	return {
		"first_name": "Ndeye",
		"last_name": f"Visiteuse{RUN}",
		"phone": f"+22178{random.randint(1000000, 9999999)}",
		"email": "",
		"date_of_birth": "",
		"request_types": ["DEVIS ACCOUCHEMENT"],
		"message": "Bonjour,\nje voudrais un devis pour un accouchement.",
		"consent": 1,
		"website": "",
		**values,
	}


@pytest.fixture(scope="module")
def guest(clients):
	return clients["guest"]


def send(guest, payload, ip: str | None = None, lang: str = "fr"):
	headers = {"X-Forwarded-For": ip or address(), "Accept-Language": lang}
	return guest.method(METHOD, http="POST", json=payload, headers=headers)


def counts(admin) -> tuple[int, int]:
	return table_count(admin, "NEST Prospect"), table_count(admin, "NEST Interaction")


def test_the_page_is_french_and_offers_the_public_requests(guest):
	response = guest.get("/demande", headers={"Accept": "text/html", "Accept-Language": "fr-FR,fr;q=0.9"})
	assert response.status_code == 200, response.text[:300]
	for text in (
		"Demander à la clinique NEST",
		"Devis pour un accouchement",
		"Programme NEST",
		"la clinique NEST me contacte",
	):
		assert text in response.text
	assert "RAPPEL 7 JOURS" not in response.text


def test_a_new_visitor_becomes_a_hot_prospect_and_a_known_one_gets_an_interaction(guest, admin, plan):
	before = counts(admin)
	new = send(guest, inquiry(email=f"{RUN}@example.sn"))
	assert new.status_code == 200, new.text[:300]
	assert new.json() == {"message": THANKS}
	filters = {"last_name": f"Visiteuse{RUN}", "source": "Site web", "temperature": "Hot", "status": "Active"}
	assert table_count(admin, "NEST Prospect", filters) == 1
	[prospect] = admin.get(
		"/api/resource/NEST Prospect", params={"filters": json.dumps(filters), "fields": '["name", "phone"]'}
	).json()["data"]
	assert table_count(admin, "NEST Interaction", {"party": prospect["name"], "channel": "Website"}) == 1
	assert counts(admin) == (before[0] + 1, before[1] + 1)

	# the same person again, with another name typed: recorded on her, same answer
	again = send(guest, inquiry(first_name="Autre", last_name=f"Nom{RUN}", phone=prospect["phone"]))
	assert again.status_code == 200, again.text[:300]
	assert again.json() == new.json()
	assert prospect["name"] not in again.text
	assert table_count(admin, "NEST Interaction", {"party": prospect["name"], "channel": "Website"}) == 2
	assert counts(admin) == (before[0] + 1, before[1] + 2)

	# the plan's prospect, by her phone: nothing of her in the answer
	secrets = {key: str(value) for key, value in plan["secrets"].items() if value and key != "phone"}
	known = send(guest, inquiry(phone=plan["secrets"]["phone"]))
	assert known.status_code == 200, known.text[:300]
	assert known.json() == new.json()
	assert not [key for key, value in secrets.items() if value.casefold() in known.text.casefold()]
	record_figure("Website inquiries", "answers to a new and to a known person", "identical")


def test_unknown_fields_and_missing_consent_are_refused_in_french(guest, admin):
	before = counts(admin)
	unknown = send(guest, inquiry(temperature="Cold", status="Converted"))
	assert unknown.status_code == 422, unknown.text[:300]
	assert unknown.json()["invalid_fields"] == ["status", "temperature"]
	assert "Champ(s) inconnu(s) : status, temperature" in server_messages(unknown)
	consent = send(guest, inquiry(consent=0))
	assert consent.status_code == 422, consent.text[:300]
	assert consent.json()["invalid_fields"] == ["consent"]
	assert "Champ Consentement : cochez la case" in server_messages(consent)
	contact = send(guest, inquiry(phone="", email=""))
	assert contact.status_code == 422
	assert "Donnez au moins un des champs Téléphone et E-mail" in server_messages(contact)
	assert counts(admin) == before


def test_the_honeypot_reads_the_same_answer_and_nothing_is_written(guest, admin):
	before = counts(admin)
	response = send(guest, inquiry(website="https://spam.example"))
	assert response.status_code == 200, response.text[:300]
	assert response.json() == {"message": THANKS}
	assert counts(admin) == before


def test_get_is_refused(guest, admin):
	before = counts(admin)
	response = guest.method(METHOD, params=inquiry(), headers={"X-Forwarded-For": address()})
	assert response.status_code == 403, response.text[:300]
	assert counts(admin) == before


def test_one_address_is_rate_limited(guest, admin):
	limit = 3
	before = admin.get(SETTINGS).json()["data"]["web_inquiries_per_hour"]
	assert admin.request("PUT", SETTINGS, json={"web_inquiries_per_hour": limit}).status_code == 200
	try:
		ip = address()
		answers = [send(guest, inquiry(phone="12"), ip=ip).status_code for _ in range(limit + 1)]
		assert answers == [422] * limit + [429], answers
		assert send(guest, inquiry(phone="12")).status_code == 422  # another address
	finally:
		admin.request("PUT", SETTINGS, json={"web_inquiries_per_hour": before})
	record_figure("Website inquiries", f"one address, limit {limit} an hour", " ".join(map(str, answers)))


def test_a_submission_unlocks_nothing_else_for_guest(guest):
	response = send(guest, inquiry())
	assert response.status_code == 200
	assert not response.cookies.get("sid") or response.cookies.get("sid") == "Guest"
	for doctype in ("NEST Prospect", "NEST Interaction", "NEST Request Type", "NEST Prospect Settings"):
		assert guest.get(f"/api/resource/{doctype}").status_code == 403, doctype


def test_every_refusal_names_a_field_and_is_never_5xx(guest, admin):
	before = counts(admin)
	ip = None
	answers = []
	for payload in (
		{},
		inquiry(first_name=""),
		inquiry(first_name="A" * 200),
		inquiry(date_of_birth="2999-01-01"),
		inquiry(date_of_birth="hier"),
		inquiry(email="pas-une-adresse"),
		inquiry(request_types=[]),
		inquiry(request_types=["RAPPEL 7 JOURS"]),
		inquiry(request_types="TARIFS"),
		inquiry(message="<script>alert(1)</script>"),
		inquiry(message="x" * 2001),
		inquiry(consent="peut-être"),
		inquiry(**{"": "x"}),
		inquiry(last_name={"$ne": ""}),
	):
		response = send(guest, payload, ip=ip)
		answers.append(response.status_code)
		assert response.status_code == 422, (payload, response.text[:300])
		assert response.json()["invalid_fields"], response.text[:300]
	assert counts(admin) == before
	record_figure("Website inquiries", "refused payloads (422, field named)", len(answers))


def test_the_same_inquiry_sent_at_once_makes_one_prospect(guest, admin):
	threads_count = 4
	payload = inquiry(last_name=f"Double{RUN}")
	barrier = threading.Barrier(threads_count)
	answers: list = [None] * threads_count

	def one(index: int) -> None:
		barrier.wait()
		answers[index] = send(guest, payload)

	threads = [threading.Thread(target=one, args=(i,)) for i in range(threads_count)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	assert [answer.status_code for answer in answers] == [200] * threads_count, [
		a.text[:200] for a in answers
	]
	assert table_count(admin, "NEST Prospect", {"last_name": f"Double{RUN}"}) == 1
	assert table_count(admin, "NEST Interaction", {"party_name": f"Ndeye Double{RUN}"}) == threads_count
	record_figure("Website inquiries", f"{threads_count} identical inquiries at once", "one prospect")
