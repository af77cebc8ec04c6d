"""The patient system's API over HTTP, as the patient system calls it.

Each request goes through Frappe's whole WSGI application (Werkzeug's test client, as
frappe/tests/test_api.py does), in its own thread and database connection, authenticated by
an `Authorization: token key:secret` header. The records a request must see are therefore
committed, and so is what the requests write: the class deletes its records at the end.
"""

from __future__ import annotations

from unittest.mock import patch

import frappe
from frappe.tests.test_api import FrappeAPITestCase
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from nest_prospects.tests.factories import AGENT, PATIENT_SYSTEM, make_prospect, random_mobile

API = "nest_prospects.api.v1"
RUN = frappe.generate_hash(length=6).upper()
# The run in a name: letters only, as the API accepts names.
NAME_RUN = "".join(chr(ord("a") + int(c, 36) % 26) for c in RUN)


def api_key_for(user: str) -> str:
	"""Give the user a fresh API key and secret; return the header value."""
	doc = frappe.get_doc("User", user)
	doc.api_key = frappe.generate_hash(length=15)
	secret = frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.save(ignore_permissions=True)
	return f"token {doc.api_key}:{secret}"


class TestPatientSystemAPI(FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.api_token = api_key_for(PATIENT_SYSTEM)
		cls.agent_token = api_key_for(AGENT)
		cls.prospect = make_prospect(first_name="Khady", last_name=f"Fall{NAME_RUN}", phone=random_mobile())
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		patients = frappe.get_all("NEST Patient", filters={"external_id": ("like", f"{RUN}%")}, pluck="name")
		prospects = [cls.prospect.name]
		for doctype, field, values in (
			("NEST Appointment", "external_id", f"{RUN}%"),
			("NEST Patient", "name", patients),
		):
			if isinstance(values, list):
				if values:
					frappe.db.delete(doctype, {field: ("in", values)})
			else:
				frappe.db.delete(doctype, {field: ("like", values)})
		interactions = frappe.get_all(
			"NEST Interaction", filters={"party": ("in", prospects + patients)}, pluck="name"
		)
		if interactions:
			frappe.db.delete("NEST Interaction Request Type", {"parent": ("in", interactions)})
			frappe.db.delete("NEST Interaction", {"name": ("in", interactions)})
		frappe.db.delete("NEST Classification Change", {"parent": ("in", prospects)})
		frappe.db.delete("NEST Interaction Request Type", {"parent": ("in", prospects)})
		frappe.db.delete("NEST Prospect", {"name": ("in", prospects)})
		frappe.db.commit()
		super().tearDownClass()

	def tearDown(self):
		# The rate-limit counters are per user and method: start each test afresh.
		for key in frappe.cache.get_keys("rl:"):
			frappe.cache.delete(key)
		frappe.db.rollback()

	# helpers -------------------------------------------------------------------------------

	def call(self, method: str, payload: dict, token: str | None = "api", http: str = "POST", **headers):
		if token:
			headers["Authorization"] = {"api": self.api_token, "agent": self.agent_token}.get(token, token)
		path = self.method(f"{API}.{method}")
		if http == "GET":
			return self.get(path, payload, headers=headers)
		return self.post(path, payload, headers=headers)

	def patient_payload(self, **values) -> dict:
		return {
			"external_id": f"{RUN}-{frappe.generate_hash(length=6)}",
			"first_name": "Mariama",
			"last_name": "Ba",
			"phone": random_mobile(),
			"date_of_birth": "1990-05-02",
			"created_on": today(),
			"provenance": "Facebook",
			"email": "mariama.ba@example.com",
			"updated_at": f"{today()}T08:00:00",
			**values,
		}

	def counts(self) -> tuple[int, int, int]:
		frappe.db.rollback()  # see what the requests committed
		return (
			frappe.db.count("NEST Patient"),
			frappe.db.count("NEST Appointment"),
			frappe.db.count("NEST Interaction"),
		)

	# upsert_patient --------------------------------------------------------------------------

	def test_patient_created_then_same_call_creates_nothing_more(self):
		payload = self.patient_payload()
		first = self.call("upsert_patient", payload)
		self.assertEqual(first.status_code, 200, first.json)
		self.assertEqual(first.json["message"]["result"], "created")
		before = self.counts()
		again = self.call("upsert_patient", payload)
		self.assertEqual(again.status_code, 200, again.json)
		self.assertEqual(again.json["message"], {**first.json["message"], "result": "unchanged"})
		self.assertEqual(self.counts(), before)
		stored = frappe.get_doc("NEST Patient", payload["external_id"])
		self.assertEqual(stored.full_name, "Mariama Ba")
		self.assertEqual(stored.phone, "+221" + payload["phone"].replace(" ", ""))
		self.assertEqual(stored.provenance, "Facebook")
		self.assertEqual(stored.email, payload["email"])

	def test_older_update_does_not_overwrite_a_newer_one(self):
		payload = self.patient_payload(updated_at=f"{today()}T10:00:00")
		self.call("upsert_patient", payload)
		newer = self.call(
			"upsert_patient", {**payload, "last_name": "Ba-Ndiaye", "updated_at": f"{today()}T11:00:00"}
		)
		self.assertEqual(newer.json["message"]["result"], "updated")
		older = self.call(
			"upsert_patient", {**payload, "last_name": "Old", "updated_at": f"{today()}T09:00:00"}
		)
		self.assertEqual(older.status_code, 200)
		self.assertEqual(older.json["message"]["result"], "stale")
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.get_value("NEST Patient", payload["external_id"], "last_name"), "Ba-Ndiaye"
		)

	def test_pushed_patient_reconciles_the_matching_active_prospect_at_once(self):
		prospect = make_prospect(first_name="Ndeye", last_name=f"Sow{NAME_RUN}")
		frappe.db.commit()
		try:
			response = self.call(
				"upsert_patient",
				self.patient_payload(first_name="Ndèye", last_name=f"Sow{NAME_RUN}", phone=prospect.phone),
			)
			self.assertEqual(response.status_code, 200, response.json)
			self.assertEqual(response.json["message"]["reconciled_prospects"], [prospect.name])
			frappe.db.rollback()
			status, patient = frappe.db.get_value("NEST Prospect", prospect.name, ["status", "patient"])
			self.assertEqual(status, "Converted")
			self.assertEqual(patient, response.json["message"]["patient"])
		finally:
			frappe.db.delete("NEST Interaction", {"party": prospect.name})
			frappe.db.delete("NEST Classification Change", {"parent": prospect.name})
			frappe.db.delete("Version", {"docname": prospect.name, "ref_doctype": "NEST Prospect"})
			frappe.db.delete("NEST Prospect", {"name": prospect.name})
			frappe.db.commit()

	def test_each_bad_patient_field_is_refused_with_422_naming_it_and_nothing_written(self):
		tomorrow = add_days(today(), 1)
		cases = {
			"external_id": self.patient_payload(external_id=None),
			"phone": self.patient_payload(phone="77 12"),
			"date_of_birth": self.patient_payload(date_of_birth=str(tomorrow)),
			"created_on": self.patient_payload(created_on="25/11/2026"),
			"colour": self.patient_payload(colour="blue"),
			"email": self.patient_payload(email="mariama at example"),
		}
		for field, payload in cases.items():
			with self.subTest(field=field):
				before = self.counts()
				response = self.call("upsert_patient", payload)
				self.assertEqual(response.status_code, 422, response.json)
				self.assertEqual(response.json["exc_type"], "PatientSystemPayloadError")
				self.assertIn(field, response.json["_server_messages"])
				self.assertEqual(self.counts(), before)
				if payload.get("external_id"):
					self.assertFalse(frappe.db.exists("NEST Patient", payload["external_id"]))

	def test_message_is_translated_for_a_caller_asking_french(self):
		# The app's fr.po is generated by the lead; a site translation checks the path the same.
		from nest_prospects.patient_system.rules import BAD_PHONE

		translation = frappe.get_doc(
			{
				"doctype": "Translation",
				"language": "fr",
				"source_text": BAD_PHONE,
				"translated_text": "Champ {0} : impossible de lire {1} comme un numéro de téléphone",
			}
		).insert()
		frappe.db.commit()
		try:
			# An API call is answered in the language it asks for (Accept-Language), as in Frappe.
			response = self.call(
				"upsert_patient", self.patient_payload(phone="77 12"), **{"Accept-Language": "fr"}
			)
			self.assertEqual(response.status_code, 422)
			message = frappe.parse_json(frappe.parse_json(response.json["_server_messages"])[0])["message"]
			self.assertEqual(message, "Champ phone : impossible de lire 77 12 comme un numéro de téléphone")
		finally:
			translation.delete()
			frappe.db.commit()
			frappe.clear_cache()

	def test_writes_refuse_get(self):
		response = self.call("upsert_patient", self.patient_payload(), http="GET")
		self.assertEqual(response.status_code, 403)

	def test_an_update_keeps_the_fields_it_leaves_out_and_null_clears_them(self):
		payload = self.patient_payload(date_of_birth="1991-03-14")
		self.assertEqual(self.call("upsert_patient", payload).json["message"]["result"], "created")
		partial = {key: payload[key] for key in ("external_id", "first_name", "last_name", "created_on")}
		self.assertEqual(self.call("upsert_patient", partial).json["message"]["result"], "unchanged")
		frappe.db.rollback()
		stored = frappe.get_doc("NEST Patient", payload["external_id"])
		self.assertEqual(stored.phone, "+221" + payload["phone"].replace(" ", ""))
		self.assertEqual((str(stored.date_of_birth), stored.provenance), ("1991-03-14", "Facebook"))
		self.assertEqual(stored.email, payload["email"])
		cleared = self.call("upsert_patient", {**partial, "phone": None, "provenance": ""})
		self.assertEqual(cleared.json["message"]["result"], "updated")
		frappe.db.rollback()
		stored = frappe.get_doc("NEST Patient", payload["external_id"])
		self.assertEqual(
			(stored.phone, stored.provenance, str(stored.date_of_birth)), (None, None, "1991-03-14")
		)

	def test_unprintable_characters_markup_and_names_frappe_refuses_are_422(self):
		cases = {
			"external_id": [f"{RUN}\x00X", "<x>", "New NEST Patient 1", f"{RUN} X"],
			"first_name": ["Awa\tFatou", "Awa\x07"],
			"last_name": ["<script>Ba</script>"],
			"provenance": ["Face\u202ebook"],
		}
		for field, values in cases.items():
			for value in values:
				with self.subTest(field=field, value=value):
					before = self.counts()
					response = self.call("upsert_patient", self.patient_payload(**{field: value}))
					self.assertEqual(response.status_code, 422, response.json)
					self.assertIn(field, response.json["_server_messages"])
					self.assertEqual(self.counts(), before)

	def test_a_cmd_field_is_refused_not_rerouted(self):
		for payload in (
			{**self.patient_payload(), "cmd": "frappe.client.get_count"},
			{"data": frappe.as_json({**self.patient_payload(), "cmd": "frappe.client.get_count"})},
		):
			with self.subTest(payload=list(payload)):
				response = self.call("upsert_patient", payload)
				self.assertEqual(response.status_code, 422, response.json)
				self.assertIn("cmd", response.json["_server_messages"])

	def test_lookup_refuses_a_birth_date_in_the_future(self):
		response = self.call("lookup", {"date_of_birth": "2100-01-01"})
		self.assertEqual(response.status_code, 422, response.json)
		self.assertIn("date_of_birth", response.json["_server_messages"])

	def test_a_reference_differing_only_in_case_is_refused(self):
		payload = self.patient_payload(external_id=f"{RUN}-CASE")
		self.call("upsert_patient", payload)
		response = self.call("upsert_patient", {**payload, "external_id": f"{RUN}-case".lower()})
		self.assertEqual(response.status_code, 422, response.json)
		self.assertIn("external_id", response.json["_server_messages"])

	def test_a_deadlock_is_retried_and_the_call_answered(self):
		from nest_prospects.api import v1

		real, calls = v1._existing, []

		def deadlocked_once(doctype, external_id):
			calls.append(external_id)
			if len(calls) == 1:
				raise frappe.QueryDeadlockError("Deadlock found when trying to get lock")
			return real(doctype, external_id)

		payload = self.patient_payload()
		with patch.object(v1, "_existing", side_effect=deadlocked_once):
			response = self.call("upsert_patient", payload)
		self.assertEqual(response.status_code, 200, response.json)
		self.assertEqual(response.json["message"]["result"], "created")
		self.assertEqual(len(calls), 2)

	def test_a_call_that_loses_the_insert_race_answers_without_its_messages(self):
		"""The record was committed after the call's read: its insert fails on the duplicate key
		(Frappe's "… already exists", muted), and the next attempt finds it unchanged."""
		from nest_prospects.api import v1

		payload = self.patient_payload()
		self.assertEqual(self.call("upsert_patient", payload).status_code, 200)
		real, calls = v1._existing, []

		def missed_once(doctype, external_id):
			calls.append(external_id)
			return [] if len(calls) == 1 else real(doctype, external_id)

		with patch.object(v1, "_existing", side_effect=missed_once):
			response = self.call("upsert_patient", payload)
		self.assertEqual(response.status_code, 200, response.json)
		self.assertEqual(response.json["message"]["result"], "unchanged")
		self.assertNotIn("_server_messages", response.json)
		self.assertEqual(len(calls), 2)

	def test_a_conflict_that_lasts_is_a_409_with_retry_after(self):
		from nest_prospects.api import v1

		before = self.counts()
		with patch.object(v1, "_existing", side_effect=frappe.QueryDeadlockError("deadlock")):
			response = self.call("upsert_patient", self.patient_payload())
		self.assertEqual(response.status_code, 409, response.json)
		self.assertEqual(response.json["exc_type"], "PatientSystemRetryLater")
		self.assertEqual(response.headers.get("Retry-After"), str(v1.RETRY_AFTER_SECONDS))
		self.assertEqual(self.counts(), before)

	def test_the_api_user_writes_through_its_api_only(self):
		headers = {"Authorization": self.api_token}
		created = self.post(
			self.resource("NEST Appointment"),
			{
				"party_type": "NEST Prospect",
				"party": self.prospect.name,
				"scheduled_on": f"{add_days(today(), 2)} 10:00:00",
				"status": "Scheduled",
			},
			headers=headers,
		)
		self.assertEqual(created.status_code, 403, created.json)
		patient = self.patient_payload()
		self.call("upsert_patient", patient)
		forged = self.put(
			self.resource("NEST Patient", patient["external_id"]),
			{"source_updated_at": "2099-01-01"},
			headers=headers,
		)
		self.assertEqual(forged.status_code, 403, forged.json)
		# and it no longer reads the prospects' names in the appointments
		listing = self.get(self.resource("NEST Appointment"), {"fields": '["party_name"]'}, headers=headers)
		self.assertEqual(listing.status_code, 200, listing.json)
		self.assertNotIn(self.prospect.full_name, frappe.as_json(listing.json))

	# upsert_appointment ----------------------------------------------------------------------

	def test_appointment_for_a_prospect_in_french_statuses_and_a_cancellation_logged_once(self):
		scheduled = f"{add_days(today(), 3)}T09:30:00"
		payload = {
			"external_id": f"{RUN}-RDV1",
			"prospect": self.prospect.name,
			"scheduled_on": scheduled,
			"status": "planifié",
			"updated_at": f"{today()}T08:00:00",
		}
		created = self.call("upsert_appointment", payload)
		self.assertEqual(created.status_code, 200, created.json)
		self.assertEqual(created.json["message"]["result"], "created")
		self.assertEqual(created.json["message"]["status"], "Scheduled")
		cancel = {**payload, "status": "annulé", "updated_at": f"{today()}T08:30:00"}
		self.assertEqual(self.call("upsert_appointment", cancel).json["message"]["result"], "updated")
		before = self.counts()
		self.assertEqual(self.call("upsert_appointment", cancel).json["message"]["result"], "unchanged")
		self.assertEqual(self.counts(), before)
		frappe.db.rollback()
		appointment = frappe.get_doc("NEST Appointment", created.json["message"]["appointment"])
		self.assertEqual((appointment.status, appointment.source), ("Cancelled", "Patient System"))
		interaction = frappe.get_doc("NEST Interaction", appointment.cancellation_interaction)
		self.assertEqual(interaction.party, self.prospect.name)
		self.assertEqual([row.request_type for row in interaction.request_types], ["ANNULATION RDV"])
		self.assertEqual(
			frappe.db.count(
				"NEST Interaction Request Type",
				{
					"parenttype": "NEST Interaction",
					"request_type": "ANNULATION RDV",
					"parent": interaction.name,
				},
			),
			1,
		)

	def test_appointment_for_a_patient_by_its_external_id(self):
		patient = self.patient_payload()
		self.call("upsert_patient", patient)
		response = self.call(
			"upsert_appointment",
			{
				"external_id": f"{RUN}-RDV2",
				"patient_external_id": patient["external_id"],
				"scheduled_on": f"{add_days(today(), -1)}T10:00:00+00:00",
				"status": "honoré",
			},
		)
		self.assertEqual(response.status_code, 200, response.json)
		frappe.db.rollback()
		party_type, party = frappe.db.get_value(
			"NEST Appointment", response.json["message"]["appointment"], ["party_type", "party"]
		)
		self.assertEqual((party_type, party), ("NEST Patient", patient["external_id"]))

	def test_each_bad_appointment_field_is_refused_and_nothing_written(self):
		base = {
			"external_id": f"{RUN}-BAD",
			"prospect": self.prospect.name,
			"scheduled_on": f"{today()}T09:00:00",
			"status": "planifié",
		}
		cases = {
			"external_id": {**base, "external_id": "  "},
			"status": {**base, "status": "peut-être"},
			"scheduled_on": {**base, "scheduled_on": "demain"},
			"prospect": {**base, "prospect": "PRO-0000-00000"},
			"patient_external_id": {**base, "prospect": None, "patient_external_id": "NOBODY"},
		}
		for field, payload in cases.items():
			with self.subTest(field=field):
				before = self.counts()
				response = self.call("upsert_appointment", payload)
				self.assertEqual(response.status_code, 422, response.json)
				self.assertIn(field, response.json["_server_messages"])
				self.assertEqual(self.counts(), before)

	# lookup ----------------------------------------------------------------------------------

	def test_lookup_returns_references_only(self):
		response = self.call("lookup", {"phone": self.prospect.phone}, http="GET")
		self.assertEqual(response.status_code, 200, response.json)
		self.assertEqual(
			response.json["message"],
			{
				"prospects": [{"prospect": self.prospect.name, "status": "Active", "matched_on": "phone"}],
				"patients": [],
			},
		)
		by_names = self.call(
			"lookup",
			{"first_name": "KHADY", "last_name": f"fall{NAME_RUN}", "date_of_birth": "1992-04-12"},
		)
		self.assertEqual(
			by_names.json["message"]["prospects"],
			[{"prospect": self.prospect.name, "status": "Active", "matched_on": "names_and_birth_date"}],
		)
		self.assertEqual(self.call("lookup", {}).status_code, 422)

	# refusals ----------------------------------------------------------------------------------

	def test_other_roles_wrong_or_missing_keys_are_refused(self):
		payload = self.patient_payload()
		before = self.counts()
		self.assertEqual(self.call("upsert_patient", payload, token="agent").status_code, 403)
		self.assertEqual(self.call("upsert_patient", payload, token=None).status_code, 403)
		self.assertEqual(self.call("upsert_patient", payload, token="token nobody:nothing").status_code, 401)
		key = self.api_token.split(":")[0]
		self.assertEqual(self.call("upsert_patient", payload, token=f"{key}:wrong-secret").status_code, 401)
		self.assertEqual(self.call("lookup", {"phone": self.prospect.phone}, token="agent").status_code, 403)
		self.assertEqual(self.counts(), before)

	def test_api_user_cannot_read_prospects_or_interactions_through_the_resource_api(self):
		headers = {"Authorization": self.api_token}
		for doctype in ("NEST Prospect", "NEST Interaction", "NEST Conversion Review"):
			with self.subTest(doctype=doctype):
				listing = self.get(self.resource(doctype), headers=headers)
				self.assertEqual(listing.status_code, 403, listing.json)
		one = self.get(self.resource("NEST Prospect", self.prospect.name), headers=headers)
		self.assertEqual(one.status_code, 403)
		# what it may do: its own patients
		self.assertEqual(self.get(self.resource("NEST Patient"), headers=headers).status_code, 200)

	def test_calls_are_rate_limited_per_api_user(self):
		with patch("nest_prospects.api.v1.rate_limit_per_api_user", return_value=2):
			codes = [self.call("lookup", {"phone": self.prospect.phone}).status_code for _ in range(3)]
		self.assertEqual(codes, [200, 200, 429])


class TestUpsertRace(FrappeTestCase):
	"""Two retries of a creation racing: the one that loses updates instead of failing."""

	def setUp(self):
		frappe.set_user(PATIENT_SYSTEM)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_a_creation_that_meets_the_unique_external_id_becomes_an_update(self):
		from nest_prospects.api import v1

		payload = {
			"external_id": f"{RUN}-RACE",
			"first_name": "Rokhaya",
			"last_name": "Gueye",
			"created_on": today(),
		}
		self.assertEqual(v1.upsert_patient(**payload)["result"], "created")
		real = v1._existing
		calls = []

		def racing(doctype, external_id):
			calls.append(external_id)
			# the racing request did not see the first one's row yet; on its retry it does
			return None if len(calls) == 1 else real(doctype, external_id)

		with patch.object(v1, "_existing", side_effect=racing):
			answer = v1.upsert_patient(**{**payload, "last_name": "Gueye-Diallo"})
		self.assertEqual(len(calls), 2)
		self.assertEqual(answer["result"], "updated")
		self.assertEqual(frappe.db.count("NEST Patient", {"external_id": f"{RUN}-RACE"}), 1)
		self.assertEqual(frappe.db.get_value("NEST Patient", f"{RUN}-RACE", "last_name"), "Gueye-Diallo")
