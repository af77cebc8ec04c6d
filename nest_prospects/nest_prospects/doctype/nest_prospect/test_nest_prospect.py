# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_days, now_datetime, today

from nest_prospects.people.api import find_existing_people
from nest_prospects.tests.factories import (
	AGENT,
	MANAGER,
	OUTSIDER,
	PATIENT_SYSTEM,
	age_prospect,
	make_patient,
	make_prospect,
	random_mobile,
)


class TestNESTProspect(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_phone_is_stored_in_e164_and_title_is_the_full_name(self):
		typed = random_mobile()  # "77 xxx xx xx"
		prospect = make_prospect(first_name=" Aïssatou ", last_name="Ndiaye", phone="00221 " + typed)
		self.assertEqual(prospect.phone, "+221" + typed.replace(" ", ""))
		self.assertEqual(prospect.full_name, "Aïssatou Ndiaye")
		self.assertEqual(prospect.match_key, "ndiaye|aissatou|1992-04-12")

	def test_unreadable_phone_is_refused_and_nothing_saved(self):
		before = frappe.db.count("NEST Prospect")
		with self.assertRaisesRegex(frappe.ValidationError, "phone number"):
			make_prospect(phone="77 12")
		self.assertEqual(frappe.db.count("NEST Prospect"), before)

	def test_a_phone_or_an_email_is_required(self):
		with self.assertRaises(frappe.ValidationError):
			make_prospect(phone=None, email=None)
		prospect = make_prospect(phone=None, email="awa.diop@example.com")
		self.assertIsNone(prospect.phone)

	def test_date_of_birth_is_required_unless_relaxed(self):
		with self.assertRaisesRegex(frappe.ValidationError, "date of birth"):
			make_prospect(date_of_birth=None)
		with change_settings("NEST Prospect Settings", {"require_date_of_birth": 0}):
			self.assertIsNone(make_prospect(date_of_birth=None).date_of_birth)

	def test_new_prospect_is_hot_normal_with_its_first_interaction(self):
		prospect = make_prospect(
			initial_channel="Facebook",
			initial_request_types=[{"request_type": "DEVIS ACCOUCHEMENT"}],
			initial_comments="Accouchement prévu en mars",
		)
		self.assertEqual(
			(prospect.temperature, prospect.ageing_state, prospect.status), ("Hot", "Normal", "Active")
		)
		interactions = frappe.get_all(
			"NEST Interaction",
			filters={"party_type": "NEST Prospect", "party": prospect.name},
			fields=["name", "channel", "comments", "interaction_on"],
		)
		self.assertEqual(len(interactions), 1)
		self.assertEqual(interactions[0].channel, "Facebook")
		self.assertEqual(interactions[0].comments, "Accouchement prévu en mars")
		interaction = frappe.get_doc("NEST Interaction", interactions[0].name)
		self.assertEqual([r.request_type for r in interaction.request_types], ["DEVIS ACCOUCHEMENT"])
		self.assertEqual(prospect.last_interaction_on, prospect.first_contact_on)
		self.assertEqual(
			[(h.classification, h.from_value, h.to_value) for h in prospect.classification_history],
			[("Temperature", None, "Hot")],
		)

	def test_same_phone_as_an_active_prospect_is_refused_naming_it(self):
		first = make_prospect(phone="77 600 11 22")
		before = frappe.db.count("NEST Prospect")
		with self.assertRaises(frappe.DuplicateEntryError) as refused:
			make_prospect(first_name="Autre", phone="+221 77 600 11 22")
		self.assertIn(first.name, str(refused.exception))
		self.assertEqual(frappe.db.count("NEST Prospect"), before)

	def test_same_phone_as_a_patient_is_refused(self):
		patient = make_patient(phone="77 600 33 44")
		with self.assertRaises(frappe.DuplicateEntryError) as refused:
			make_prospect(phone="776003344")
		self.assertIn(patient.name, str(refused.exception))

	def test_a_converted_prospect_does_not_block_a_new_one(self):
		old = make_prospect(phone="77 600 55 66")
		old.db_set("status", "Converted")
		self.assertTrue(make_prospect(phone="77 600 55 66").name)

	def test_only_a_manager_can_allow_a_duplicate(self):
		make_prospect(phone="77 600 77 88")
		frappe.set_user(AGENT)
		with self.assertRaises(frappe.DuplicateEntryError):
			make_prospect(phone="77 600 77 88", allow_duplicate=1)
		frappe.set_user(MANAGER)
		duplicate = make_prospect(phone="77 600 77 88", allow_duplicate=1)
		self.assertEqual(duplicate.phone, "+221776007788")

	def test_desk_shows_matches_on_phone_and_on_names_with_accents(self):
		patient = make_patient(first_name="Ndèye", last_name="Fall", date_of_birth="1990-07-01")
		prospect = make_prospect(first_name="Coumba", last_name="Ba", phone="77 611 22 33")
		frappe.set_user(AGENT)
		by_phone = find_existing_people(phone="+221 77 611 22 33")
		self.assertEqual(
			[(m["doctype"], m["name"], m["matched_on"]) for m in by_phone],
			[("NEST Prospect", prospect.name, "phone")],
		)
		by_names = find_existing_people(first_name="NDEYE", last_name="fall", date_of_birth="1990-07-01")
		self.assertEqual(
			[(m["doctype"], m["name"], m["matched_on"]) for m in by_names],
			[("NEST Patient", patient.name, "names_and_birth_date")],
		)
		self.assertEqual(find_existing_people(phone="77 6"), [])

	def test_outsiders_cannot_search_people(self):
		frappe.set_user(OUTSIDER)
		with self.assertRaises(frappe.PermissionError):
			find_existing_people(phone="77 611 22 33")

	def test_temperature_change_is_kept_and_re_ages_the_prospect(self):
		prospect = make_prospect()
		age_prospect(prospect.name, 20)
		prospect.reload()
		prospect.temperature = "Warm"  # 20 days: normal for a warm prospect
		prospect.save(ignore_version=False)  # tests skip Version unless asked
		prospect.temperature = "Hot"  # 20 days: dormant for a hot one
		prospect.save(ignore_version=False)
		self.assertEqual(prospect.ageing_state, "Dormant")
		history = [(h.classification, h.from_value, h.to_value) for h in prospect.classification_history]
		self.assertEqual(
			history,
			[
				("Temperature", None, "Hot"),
				("Temperature", "Hot", "Warm"),
				("Temperature", "Warm", "Hot"),
				("Ageing State", "Normal", "Dormant"),
			],
		)
		versions = frappe.get_all(
			"Version", filters={"ref_doctype": "NEST Prospect", "docname": prospect.name}
		)
		self.assertGreaterEqual(len(versions), 2)

	def test_first_contact_in_the_future_is_refused(self):
		with self.assertRaises(frappe.ValidationError):
			make_prospect(first_contact_on=add_days(now_datetime(), 1))


class TestNESTProspectPermissions(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_agent_creates_and_edits_but_does_not_delete_or_export(self):
		frappe.set_user(AGENT)
		prospect = make_prospect()
		prospect.comments = "Rappeler après 17h"
		prospect.save()
		self.assertFalse(frappe.has_permission("NEST Prospect", "delete", doc=prospect.name))
		self.assertFalse(frappe.has_permission("NEST Prospect", "export"))
		self.assertTrue(frappe.has_permission("NEST Patient", "read"))
		self.assertFalse(frappe.has_permission("NEST Patient", "write"))
		self.assertFalse(frappe.has_permission("NEST Prospect Settings", "write"))

	def test_manager_has_everything(self):
		frappe.set_user(MANAGER)
		for doctype in ("NEST Prospect", "NEST Patient", "NEST Interaction", "NEST Request Type"):
			self.assertTrue(frappe.has_permission(doctype, "create"), doctype)
		self.assertTrue(frappe.has_permission("NEST Prospect Settings", "write"))

	def test_patient_system_and_outsiders_do_not_read_prospects(self):
		prospect = make_prospect()
		for user in (PATIENT_SYSTEM, OUTSIDER):
			frappe.set_user(user)
			self.assertFalse(frappe.has_permission("NEST Prospect", "read", doc=prospect.name), user)
			self.assertFalse(frappe.has_permission("NEST Interaction", "read"), user)
			with self.assertRaises(frappe.PermissionError):
				frappe.get_doc("NEST Prospect", prospect.name).check_permission("read")
		frappe.set_user(OUTSIDER)
		self.assertFalse(frappe.has_permission("NEST Patient", "read"))
		frappe.set_user(PATIENT_SYSTEM)
		self.assertTrue(frappe.has_permission("NEST Patient", "read"))
		# it writes patients through its API only (nest_prospects.api.v1), not /api/resource
		self.assertFalse(frappe.has_permission("NEST Patient", "create"))


class TestProspectSearch(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_link_search_finds_a_phone_typed_with_spaces(self):
		from frappe.desk.search import search_link

		prospect = make_prospect(first_name="Khady", last_name="Mbaye", phone="77 620 11 99")
		frappe.set_user(AGENT)
		for typed in ("77 620 11 99", "00221 77.620.11.99", "Khady Mb", prospect.name):
			names = [row["value"] for row in search_link("NEST Prospect", typed)]
			self.assertIn(prospect.name, names, typed)
		self.assertNotIn(
			prospect.name, [row["value"] for row in search_link("NEST Prospect", "77 620 11 98")]
		)

	def test_outsiders_find_nothing(self):
		from frappe.desk.search import search_link

		prospect = make_prospect(first_name="Khady", last_name="Mbaye")
		frappe.set_user(OUTSIDER)
		try:
			found = search_link("NEST Prospect", prospect.phone)
		except frappe.PermissionError:
			found = []
		self.assertEqual(found, [])


class TestWhatTheSecretarySees(FrappeTestCase):
	"""The form and the list as the secretaries read them (the desk's JS shows what is checked here)."""

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_a_saved_prospect_shows_who_else_she_may_be(self):
		first = make_prospect(first_name="Ndeye", last_name="Faye", date_of_birth="1991-07-03")
		frappe.set_user(AGENT)
		second = make_prospect(first_name="Ndeye", last_name="Faye", date_of_birth="1991-07-03")
		doc = frappe.get_doc("NEST Prospect", second.name)
		doc.run_method("onload")
		self.assertEqual(
			[(m["doctype"], m["name"], m["matched_on"]) for m in doc.get_onload().matches],
			[("NEST Prospect", first.name, "names_and_birth_date")],
		)
		frappe.set_user(OUTSIDER)  # a desk user with no NEST role is shown nobody
		self.assertEqual(doc.known_as(), [])

	def test_the_initial_request_types_stay_visible_on_the_saved_prospect(self):
		frappe.set_user(AGENT)
		prospect = make_prospect(
			initial_channel="Facebook",
			initial_request_types=[{"request_type": "DEVIS ACCOUCHEMENT"}, {"request_type": "TARIFS"}],
		)
		doc = frappe.get_doc("NEST Prospect", prospect.name)
		doc.run_method("onload")
		self.assertEqual(
			[(row.channel, row.request_types) for row in doc.get_onload().interactions],
			[("Facebook", ["DEVIS ACCOUCHEMENT", "TARIFS"])],
		)
		meta = frappe.get_meta("NEST Prospect")
		# The initial request's section is for the new form; the requests' section for the saved one.
		self.assertEqual(meta.get_field("initial_request_section").depends_on, "eval:doc.__islocal")
		self.assertEqual(meta.get_field("requests_section").depends_on, "eval:!doc.__islocal")
		self.assertEqual(meta.get_field("requests_html").fieldtype, "HTML")

	def test_one_french_word_per_state_and_status_words_distinct(self):
		meta = frappe.get_meta("NEST Prospect")
		statuses = meta.get_field("status").options.split("\n")
		states = meta.get_field("ageing_state").options.split("\n")
		# The form's read-only field translates without context, the list and the select with it.
		for context in (None, "NEST Prospect"):
			with self.subTest(context=context):
				in_french = [frappe._(state, lang="fr", context=context) for state in states]
				self.assertEqual(in_french, ["Normal", "En veille", "Perdu"])
				status_words = {frappe._(status, lang="fr", context=context) for status in statuses}
				self.assertEqual(len(status_words), len(statuses))
				self.assertFalse(status_words & set(in_french), status_words)

	def test_the_patch_renames_the_lost_status(self):
		from nest_prospects.patches.v1_0.prospect_status_abandoned import execute

		prospect = make_prospect()
		frappe.db.set_value("NEST Prospect", prospect.name, "status", "Lost")
		execute()
		self.assertEqual(frappe.db.get_value("NEST Prospect", prospect.name, "status"), "Abandoned")


class TestTheSettingsAreTheManagers(FrappeTestCase):
	"""The secretaries do not read the settings page; what they do still reads the settings."""

	def setUp(self):
		# No copy cached by an administrator's request: each path reads the settings as the agent.
		frappe.clear_document_cache("NEST Prospect Settings", "NEST Prospect Settings")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_the_agent_does_not_read_the_settings_page(self):
		from frappe.client import get_single_value

		frappe.set_user(AGENT)
		self.assertFalse(frappe.has_permission("NEST Prospect Settings", "read"))
		with self.assertRaises(frappe.PermissionError):
			get_single_value("NEST Prospect Settings", "require_date_of_birth")
		frappe.set_user(MANAGER)
		self.assertTrue(frappe.has_permission("NEST Prospect Settings", "read"))

	def test_every_path_of_the_agent_still_reads_the_settings(self):
		from frappe.desk.query_report import run

		from nest_prospects.followup.api import documentation_templates
		from nest_prospects.people.api import form_settings

		frappe.set_user(AGENT)
		self.assertEqual(
			form_settings(),
			{
				"require_date_of_birth": frappe.db.get_single_value(
					"NEST Prospect Settings", "require_date_of_birth"
				),
				"enable_pipeline": frappe.db.get_single_value("NEST Prospect Settings", "enable_pipeline"),
			},
		)
		prospect = make_prospect(
			temperature="Warm", phone="77 640 12 34"
		)  # phone region, date of birth, ageing
		self.assertEqual(find_existing_people(phone="776401234")[0]["name"], prospect.name)
		doc = frappe.get_doc("NEST Prospect", prospect.name)
		doc.run_method("onload")  # the answer window: the working calendar
		self.assertEqual(doc.get_onload().answer["status"], "Waiting")
		doc.temperature = "Hot"
		doc.save()  # re-ageing, requalification
		frappe.get_doc(
			{
				"doctype": "NEST Interaction",
				"party_type": "NEST Prospect",
				"party": prospect.name,
				"channel": "SMS",
			}
		).insert()
		self.assertTrue(documentation_templates())  # the documentation kit
		for report, filters in (
			("NEST Waiting Answers", {}),
			("NEST Morning Review", {"review_date": today()}),
		):
			with self.subTest(report=report):
				self.assertIn("result", run(report, filters=filters))

	def test_someone_outside_the_clinic_gets_no_form_settings(self):
		from nest_prospects.people.api import form_settings

		frappe.set_user(OUTSIDER)
		with self.assertRaises(frappe.PermissionError):
			form_settings()
