"""A person's data on request, in the site: the export, the erasure, the retention job.

The erasure test builds a person the way the desk does (the prospect and her first request,
later interactions, an edit or two, a follow-up ToDo assigned by hand, her conversion review,
an appointment, a mail sent to her and one from her, comments), erases her, then reads every
text and date column of every table of the site for her names, phone, email and date of birth.
"""

from __future__ import annotations

import json

import frappe
from frappe.desk.form.assign_to import add as assign_to
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_years, getdate, now_datetime, today

from nest_prospects.constants import APPOINTMENT, INTERACTION, PROSPECT, REVIEW
from nest_prospects.conversion_review.jobs import create_due_reviews
from nest_prospects.people.queries import find_matches
from nest_prospects.personal_data import jobs
from nest_prospects.personal_data.rules import DATA_SUBJECT, ERASED_TEXT, RETENTION_RULE
from nest_prospects.tests.commits import commits_held
from nest_prospects.tests.factories import AGENT, MANAGER, make_patient, make_prospect

TEXT_TYPES = ("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "json")
DATE_TYPES = ("date", "datetime")


def tables_holding(values: list[str], birth_date: str | None) -> dict[str, list[str]]:
	"""Every table and column of the site's database where one of `values` appears in a text
	column (LIKE, case and accents ignored by the collation), or `birth_date` (if any) in a date column."""
	columns = frappe.db.sql(
		"""select table_name, column_name, data_type from information_schema.columns
		where table_schema = database() and data_type in %(types)s""",
		{"types": TEXT_TYPES + DATE_TYPES},
	)
	by_table: dict[str, list[tuple[str, str]]] = {}
	for table, column, data_type in columns:
		by_table.setdefault(table, []).append((column, data_type))
	found: dict[str, list[str]] = {}
	for table, table_columns in by_table.items():
		for column, data_type in table_columns:
			if data_type in DATE_TYPES and birth_date is None:
				continue
			if data_type in DATE_TYPES:
				condition, params = f"cast(`{column}` as date) = %s", [birth_date]
			else:
				condition = " or ".join([f"`{column}` like %s"] * len(values))
				params = [f"%{frappe.db.escape(value, percent=True)[1:-1]}%" for value in values]
			if frappe.db.sql(f"select 1 from `{table}` where {condition} limit 1", params):
				found.setdefault(table, []).append(column)
	return found


def statistics_of(prospect: str) -> dict:
	"""What the reports read of her records."""
	return {
		"prospect": frappe.db.get_value(
			PROSPECT,
			prospect,
			[
				"status",
				"temperature",
				"ageing_state",
				"source",
				"first_contact_on",
				"last_interaction_on",
				"first_answered_on",
				"initial_channel",
				"responsible_user",
				"creation",
			],
			as_dict=True,
		),
		"interactions": frappe.get_all(
			INTERACTION,
			filters={"party_type": PROSPECT, "party": prospect},
			fields=["name", "interaction_on", "channel", "request_summary", "documents_sent", "logged_by"],
			order_by="name",
		),
		"review": frappe.db.get_value(
			REVIEW,
			prospect,
			["outcome", "source", "temperature", "request_types", "reviewed_on"],
			as_dict=True,
		),
		"appointments": frappe.get_all(
			APPOINTMENT,
			filters={"party_type": PROSPECT, "party": prospect},
			fields=["name", "scheduled_on", "status"],
		),
		# the scorecard's figures
		"referrals": frappe.get_all(
			"NEST Referral",
			filters={"prospect": prospect},
			fields=["name", "specialist", "routed_on", "due_on", "status", "feedback_on"],
		),
		"todos": frappe.get_all(
			"ToDo",
			filters={"reference_type": PROSPECT, "reference_name": prospect},
			fields=["name", "status", "date", "allocated_to"],
			order_by="name",
		),
	}


class TestErasure(FrappeTestCase):
	FIRST = "Oumoulkhairy"
	LAST = "Zelinkowa"
	PHONE_TYPED = "78 913 57 24"
	PHONE = "+221789135724"
	EMAIL = "oumoul.zelinkowa@example.sn"
	BIRTH = "1987-02-13"

	def setUp(self):
		frappe.set_user("Administrator")
		# Each test makes her again: what one test wrote is gone before the next one.
		frappe.db.savepoint("personal_data_test")
		self.prospect = self.make_person()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="personal_data_test")
		frappe.clear_cache(doctype=PROSPECT)

	def values(self) -> list[str]:
		return [self.FIRST, self.LAST, self.PHONE, "789135724", self.PHONE_TYPED, self.EMAIL, self.BIRTH]

	def make_person(self):
		"""Her records, as the desk and the jobs leave them."""
		frappe.set_user(AGENT)
		prospect = make_prospect(
			first_name=self.FIRST,
			last_name=self.LAST,
			phone=self.PHONE_TYPED,
			email=self.EMAIL,
			date_of_birth=self.BIRTH,
			temperature="Warm",
			first_contact_on=add_days(now_datetime(), -35),
			initial_request_types=[{"request_type": "TARIFS"}],
			initial_comments=f"{self.FIRST} {self.LAST} demande les tarifs, rappeler au {self.PHONE_TYPED}",
		)
		frappe.get_doc(
			{
				"doctype": INTERACTION,
				"party_type": PROSPECT,
				"party": prospect.name,
				"interaction_on": add_days(now_datetime(), -20),
				"channel": "Outbound Call",
				"request_types": [{"request_type": "DEVIS ACCOUCHEMENT"}],
				"comments": f"Mme {self.LAST} (née le 13/02/1987, {self.BIRTH}) veut un devis",
			}
		).insert()
		# Edits: the Version rows hold the old and the new values.
		prospect.reload()
		prospect.comments = f"Joignable au {self.PHONE_TYPED} le matin, écrire à {self.EMAIL}"
		prospect.temperature = "Hot"
		prospect.save(ignore_version=False)  # tests skip Version unless asked
		prospect.reload()
		prospect.email = "o.zelinkowa@example.sn"
		prospect.save(ignore_version=False)  # tests skip Version unless asked
		prospect.reload()
		prospect.email = self.EMAIL
		prospect.save(ignore_version=False)  # tests skip Version unless asked
		prospect.add_comment("Comment", f"{self.FIRST} a rappelé du {self.PHONE_TYPED}")
		frappe.set_user("Administrator")
		interaction = frappe.get_all(INTERACTION, {"party": prospect.name}, pluck="name", order_by="name")[-1]
		interaction = frappe.get_doc(INTERACTION, interaction)
		interaction.add_comment("Comment", f"Devis envoyé à {self.EMAIL}")
		interaction.comments += f" ; rappeler {self.FIRST} au {self.PHONE}"
		interaction.save(ignore_version=False)
		# A comment deleted since: the Deleted Document bin keeps it.
		prospect.add_comment("Comment", f"Ancien numéro de {self.FIRST} : {self.PHONE}").delete(
			ignore_permissions=True
		)
		assign_to(
			{
				"assign_to": [AGENT],
				"doctype": PROSPECT,
				"name": prospect.name,
				"description": f"Rappeler {self.FIRST} {self.LAST} au {self.PHONE}",
			}
		)
		frappe.get_doc(
			{
				"doctype": APPOINTMENT,
				"party_type": PROSPECT,
				"party": prospect.name,
				"scheduled_on": add_days(now_datetime(), 5),
				"comments": f"RDV de {self.FIRST} {self.LAST}",
			}
		).insert()
		# Routed to a specialist, whose feedback tells what she did for her (routing).
		referral = frappe.get_doc(
			{
				"doctype": "NEST Referral",
				"prospect": prospect.name,
				"request_type": "DEVIS ACCOUCHEMENT",
				"specialist": MANAGER,
				"routed_on": add_days(now_datetime(), -10),
				"due_on": add_days(now_datetime(), -3),
				"status": "Open",
			}
		)
		referral.flags.written_by_app = True
		referral.insert(ignore_permissions=True)
		referral.feedback = f"Appel effectué, {self.FIRST} {self.LAST} rappelée au {self.PHONE_TYPED}"
		referral.status = "Answered"
		referral.flags.written_by_app = True
		referral.save(ignore_permissions=True, ignore_version=False)
		with commits_held():  # the review job commits each page
			create_due_reviews()
		review = frappe.get_doc(REVIEW, prospect.name)
		review.comments = f"{self.LAST} hésite, rappeler au {self.PHONE_TYPED}"
		review.save(ignore_version=False)
		# A mail to her, and her answer.
		frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Sent",
				"subject": f"Vos tarifs, {self.FIRST}",
				"content": f"Bonjour {self.FIRST} {self.LAST}, voici nos tarifs.",
				"sender": "clinique@example.sn",
				"recipients": self.EMAIL,
				"reference_doctype": PROSPECT,
				"reference_name": prospect.name,
			}
		).insert(ignore_permissions=True)
		frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Received",
				"subject": "Re: vos tarifs",
				"content": f"Merci, {self.FIRST} {self.LAST} ({self.PHONE_TYPED})",
				"sender": self.EMAIL,
				"sender_full_name": f"{self.FIRST} {self.LAST}",
				"recipients": "clinique@example.sn",
				"timeline_links": [{"link_doctype": PROSPECT, "link_name": prospect.name}],
			}
		).insert(ignore_permissions=True)
		return frappe.get_doc(PROSPECT, prospect.name)

	def erase(self, requested_by: str = DATA_SUBJECT) -> dict:
		frappe.set_user(MANAGER)
		try:
			return frappe.get_doc(PROSPECT, self.prospect.name).erase_personal_data(requested_by, today())
		finally:
			frappe.set_user("Administrator")

	def test_after_the_erasure_no_table_of_the_site_holds_her_values(self):
		found = tables_holding(self.values(), self.BIRTH)
		for table in (
			"tabNEST Prospect",
			"tabNEST Interaction",
			"tabNEST Conversion Review",
			"tabNEST Appointment",
			"tabNEST Referral",
			"tabToDo",
			"tabComment",
			"tabCommunication",
			"tabVersion",
			"tabNotification Log",
			"tabDeleted Document",
		):
			self.assertIn(table, found)
		before = statistics_of(self.prospect.name)
		self.erase()
		self.assertEqual(tables_holding(self.values(), self.BIRTH), {})
		after = statistics_of(self.prospect.name)
		# Her open tasks are cancelled (nobody calls her); the rest of what the reports read stays.
		self.assertTrue(any(todo.status == "Open" for todo in before.pop("todos")))
		self.assertEqual({todo.status for todo in after.pop("todos")}, {"Cancelled"})
		self.assertEqual(after, before)
		prospect = frappe.get_doc(PROSPECT, self.prospect.name)
		self.assertEqual(prospect.full_name, f"Anonyme {prospect.name}")
		self.assertIsNone(prospect.phone)
		self.assertTrue(prospect.anonymised_on)
		interaction = frappe.get_all(INTERACTION, {"party": prospect.name}, ["party_name", "comments"])
		self.assertEqual({row.party_name for row in interaction}, {f"Anonyme {prospect.name}"})
		self.assertEqual({row.comments for row in interaction}, {None})

	def test_the_history_still_says_what_changed_and_when_but_not_her_values(self):
		versions = frappe.get_all(
			"Version", {"ref_doctype": PROSPECT, "docname": self.prospect.name}, ["name", "data", "creation"]
		)
		self.erase()
		after = frappe.get_all(
			"Version", {"ref_doctype": PROSPECT, "docname": self.prospect.name}, ["name", "data", "creation"]
		)
		self.assertEqual([(v.name, v.creation) for v in after], [(v.name, v.creation) for v in versions])
		changes = [change for v in after for change in json.loads(v.data).get("changed", [])]
		self.assertIn(["temperature", "Warm", "Hot"], changes)
		self.assertIn(["email", ERASED_TEXT, ERASED_TEXT], changes)

	def test_the_act_is_logged_without_personal_data(self):
		log = self.erase()["log"]
		doc = frappe.get_doc("NEST Erasure Log", log)
		self.assertEqual(doc.erased_by, MANAGER)
		self.assertEqual(doc.requested_by, DATA_SUBJECT)
		self.assertEqual(getdate(doc.request_received_on), getdate(today()))
		self.assertEqual(doc.prospect_count, 1)
		self.assertIn(self.prospect.name, doc.records)
		self.assertIn("NEST Interaction (2)", doc.records)
		with self.assertRaises(frappe.PermissionError):
			doc.delete()

	def test_an_erased_person_is_never_matched_again_and_her_phone_makes_a_new_prospect(self):
		self.erase()
		self.assertEqual(find_matches(self.PHONE, None), [])
		self.assertEqual(find_matches(None, f"{self.LAST.lower()}|{self.FIRST.lower()}|{self.BIRTH}"), [])
		again = make_prospect(first_name="Nouvelle", last_name="Demande", phone=self.PHONE_TYPED)
		self.assertNotEqual(again.name, self.prospect.name)
		self.assertEqual(again.phone, self.PHONE)

	def test_a_second_erasure_is_refused_and_changes_nothing(self):
		self.erase()
		logs = frappe.db.count("NEST Erasure Log")
		with self.assertRaises(frappe.ValidationError):
			self.erase()
		self.assertEqual(frappe.db.count("NEST Erasure Log"), logs)

	def test_the_request_must_say_on_whose_behalf(self):
		with self.assertRaisesRegex(frappe.ValidationError, "On Whose Request|À la demande de"):
			self.erase(requested_by="")
		self.assertEqual(frappe.db.get_value(PROSPECT, self.prospect.name, "last_name"), self.LAST)

	def test_the_export_holds_everything_about_her(self):
		frappe.set_user(MANAGER)
		result = frappe.get_doc(PROSPECT, self.prospect.name).export_personal_data()
		frappe.set_user("Administrator")
		self.assertEqual(result["filename"], f"donnees-personnelles-{self.prospect.name}.json")
		data = json.loads(result["content"])
		self.assertEqual(data["prospect"]["last_name"], self.LAST)
		self.assertEqual(data["prospect"]["email"], self.EMAIL)
		self.assertEqual(len(data["interactions"]), 2)
		self.assertEqual(data["conversion_review"][0]["name"], self.prospect.name)
		self.assertEqual(len(data["appointments"]), 1)
		self.assertIn(self.FIRST, data["referrals"][0]["feedback"])
		self.assertEqual(len(data["communications"]), 2)
		self.assertTrue(any(self.FIRST in (c["content"] or "") for c in data["comments"]))
		self.assertTrue(any(self.PHONE in (t["description"] or "") for t in data["todos"]))
		self.assertTrue(any(v["ref_doctype"] == PROSPECT for v in data["versions"]))

	def test_a_secretary_may_neither_export_nor_erase(self):
		"""The desk's call (run_doc_method) answers her 403: tests/http checks it over HTTP."""
		frappe.set_user(AGENT)
		prospect = frappe.get_doc(PROSPECT, self.prospect.name)
		with self.assertRaises(frappe.PermissionError):
			prospect.export_personal_data()
		with self.assertRaises(frappe.PermissionError):
			prospect.erase_personal_data(DATA_SUBJECT)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value(PROSPECT, self.prospect.name, "last_name"), self.LAST)


class TestRetention(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		frappe.db.savepoint("retention_test")
		held = commits_held()  # the job commits each batch: here they are savepoints
		held.__enter__()
		self.addCleanup(held.__exit__, None, None, None)
		self.settings_years = frappe.db.get_single_value("NEST Prospect Settings", "anonymise_after_years")
		frappe.db.set_single_value("NEST Prospect Settings", "anonymise_after_years", 3)
		old = add_years(now_datetime(), -4)
		tag = frappe.generate_hash(length=6)

		def prospect(label: str, **values):
			doc = make_prospect(last_name=f"Retention{label}{tag}", first_contact_on=old, **values)
			return doc.name

		self.abandoned = prospect("Abandoned", status="Abandoned")
		self.lost = prospect("Lost")
		self.recent = prospect("Recent")
		frappe.db.set_value(PROSPECT, self.recent, "last_interaction_on", add_years(now_datetime(), -2))
		patient = make_patient()
		self.with_patient = prospect("Patient")
		frappe.db.set_value(PROSPECT, self.with_patient, {"patient": patient.name}, update_modified=False)
		self.converted = prospect("Converted")
		frappe.db.set_value(PROSPECT, self.converted, "status", "Converted", update_modified=False)
		self.patient = patient.name
		self.patient_name = patient.full_name

	def tearDown(self):
		frappe.db.rollback(save_point="retention_test")
		frappe.clear_document_cache("NEST Prospect Settings", "NEST Prospect Settings")

	def anonymised(self) -> set[str]:
		names = (self.abandoned, self.lost, self.recent, self.with_patient, self.converted)
		return set(
			frappe.get_all(PROSPECT, {"name": ("in", names), "anonymised_on": ("is", "set")}, pluck="name")
		)

	def test_only_the_lost_and_inactive_are_anonymised_and_a_second_run_changes_nothing(self):
		result = jobs.anonymise_expired_prospects()
		self.assertEqual(self.anonymised(), {self.abandoned, self.lost})
		self.assertGreaterEqual(result["anonymised"], 2)
		log = frappe.get_doc("NEST Erasure Log", result["logs"][-1])
		self.assertEqual(log.requested_by, RETENTION_RULE)
		self.assertEqual(log.erased_by, "Administrator")
		self.assertEqual(frappe.db.get_value("NEST Patient", self.patient, "full_name"), self.patient_name)
		modified = frappe.get_all(
			PROSPECT, {"name": ("in", [self.abandoned, self.lost])}, ["name", "modified"]
		)
		logs = frappe.db.count("NEST Erasure Log")
		again = jobs.anonymise_expired_prospects()
		self.assertEqual(again, {"anonymised": 0, "logs": []})
		self.assertEqual(frappe.db.count("NEST Erasure Log"), logs)
		self.assertEqual(
			frappe.get_all(PROSPECT, {"name": ("in", [self.abandoned, self.lost])}, ["name", "modified"]),
			modified,
		)

	def test_zero_years_turns_the_rule_off(self):
		frappe.db.set_single_value("NEST Prospect Settings", "anonymise_after_years", 0)
		self.assertEqual(jobs.anonymise_expired_prospects(), {"anonymised": 0, "logs": []})
		self.assertEqual(self.anonymised(), set())

	def test_batches(self):
		result = jobs.anonymise_expired_prospects(batch_size=1)
		self.assertEqual(self.anonymised(), {self.abandoned, self.lost})
		self.assertEqual(len(result["logs"]), result["anonymised"])
