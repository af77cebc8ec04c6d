"""Who asks, for whom (seed 002): the contact person, the search before creating, the account
manager, as the desk calls them; each rule with its refusal."""

from __future__ import annotations

from datetime import timedelta

import frappe

from nest_prospects.constants import CONTACT_PERSON
from nest_prospects.followup.api import send_documentation
from nest_prospects.followup.due_tasks import create_due_tasks
from nest_prospects.followup.rules.working_time import add_working_day_hours
from nest_prospects.followup.test_due_tasks import FollowupTestCase
from nest_prospects.nest_prospects.report.nest_prospect_sources.nest_prospect_sources import (
	execute as sources_report,
)
from nest_prospects.people.api import contact_person_from, find_people, search_colleagues
from nest_prospects.people.contact import reach_for
from nest_prospects.tests.factories import (
	AGENT,
	MANAGER,
	OUTSIDER,
	ensure_outgoing_email_account,
	ensure_users,
	make_patient,
	make_prospect,
	make_staff_member,
	random_mobile,
)

TEMPLATE = "NEST - Réponse à une demande de devis"


def make_contact(**values):
	return frappe.get_doc(
		{
			"doctype": CONTACT_PERSON,
			"first_name": "Moussa",
			"last_name": "Contactdiop",
			"phone": random_mobile(),
			**values,
		}
	).insert(ignore_permissions=True)


def for_a_husband(**values):
	"""A prospect asked for by her husband (the calls go to him)."""
	husband = make_contact(email=f"moussa.{frappe.generate_hash(length=6)}@example.org")
	prospect = make_prospect(
		contact_person=husband.name, contact_relation="Spouse", responsible_user=AGENT, **values
	)
	return prospect, husband


class TestContactPerson(FollowupTestCase):
	def setUp(self):
		ensure_users()

	def test_a_contact_person_is_a_person_of_her_own(self):
		contact = make_contact(phone="77 123 45 99", email=" moussa@example.org ")
		self.assertEqual(contact.full_name, "Moussa Contactdiop")
		self.assertEqual(contact.phone, "+221771234599")
		self.assertEqual(contact.email, "moussa@example.org")
		self.assertTrue(contact.name.startswith("CON-"))

	def test_a_second_contact_person_with_her_phone_or_email_is_refused(self):
		known = make_contact(email="awa.mere@example.org")
		for values in ({"phone": known.phone}, {"email": "awa.mere@example.org"}):
			with self.subTest(values=values), self.assertRaises(frappe.DuplicateEntryError) as refused:
				make_contact(**{"phone": random_mobile(), **values})
			self.assertIn(known.full_name, str(refused.exception))

	def test_a_contact_person_with_the_phone_of_a_patient_is_that_patient_too(self):
		patient = make_patient()
		contact = make_contact(phone=patient.phone)
		self.assertEqual((contact.also_patient, contact.also_prospect), (patient.name, None))

	def test_a_contact_person_needs_a_phone_or_an_email(self):
		with self.assertRaises(frappe.ValidationError):
			make_contact(phone=None)

	def test_a_contact_person_needs_her_relation_and_the_relation_a_contact(self):
		contact = make_contact()
		with self.assertRaises(frappe.ValidationError) as refused:
			make_prospect(contact_person=contact.name)
		self.assertIn(frappe._("Relation to the Prospect"), str(refused.exception))
		with self.assertRaises(frappe.ValidationError):
			make_prospect(contact_relation="Mother")
		prospect = make_prospect(contact_person=contact.name, contact_relation="Mother")
		self.assertEqual(prospect.reach_through_contact, 1)  # calls and mails go to her by default

	def test_the_prospect_is_not_her_own_contact_person(self):
		prospect = make_prospect()
		herself = make_contact(also_prospect=prospect.name)
		prospect.update({"contact_person": herself.name, "contact_relation": "Other Relative"})
		with self.assertRaises(frappe.ValidationError):
			prospect.save(ignore_permissions=True)

	def test_calls_and_mails_go_to_the_contact_person_unless_set_otherwise(self):
		prospect, husband = for_a_husband(email="awa.epouse@example.org")
		reach = reach_for(prospect.name)
		self.assertEqual(
			(reach.name, reach.phone, reach.email), (husband.full_name, husband.phone, husband.email)
		)
		prospect.reach_through_contact = 0
		prospect.save(ignore_permissions=True)
		reach = reach_for(prospect.name)
		self.assertEqual((reach.phone, reach.email), (prospect.phone, "awa.epouse@example.org"))

	def test_the_follow_up_call_names_and_calls_the_contact_person_on_the_account_managers_list(self):
		first = self.first_contact(days_ago=20)
		prospect, husband = for_a_husband(temperature="Hot", first_contact_on=first)
		create_due_tasks(now=add_working_day_hours(first, 49, self.calendar()))
		todos = self.todos(prospect.name)
		self.assertEqual(len(todos), 1)
		self.assertEqual(todos[0].allocated_to, AGENT)  # the account manager
		self.assertIn(husband.full_name, todos[0].description)
		self.assertIn(husband.phone, todos[0].description)
		self.assertIn(prospect.full_name, todos[0].description)

	def test_the_documentation_mail_goes_to_the_contact_person_and_greets_her(self):
		ensure_outgoing_email_account()
		prospect, husband = for_a_husband(email="awa.epouse2@example.org")
		frappe.set_user(AGENT)
		result = send_documentation("NEST Prospect", prospect.name, TEMPLATE)
		frappe.set_user("Administrator")
		communication = frappe.get_doc("Communication", result["communication"])
		self.assertEqual(communication.recipients, husband.email)
		self.assertIn("Bonjour Moussa", communication.content)
		self.assertEqual(
			(communication.reference_doctype, communication.reference_name), ("NEST Prospect", prospect.name)
		)

	def test_a_contact_person_attached_later(self):
		prospect = make_prospect(responsible_user=AGENT)
		contact = make_contact()
		frappe.set_user(AGENT)
		doc = frappe.get_doc("NEST Prospect", prospect.name)
		with self.assertRaises(frappe.ValidationError):
			doc.attach_contact_person(contact.name, "")  # no relation: refused, nothing changed
		self.assertFalse(frappe.db.get_value("NEST Prospect", prospect.name, "contact_person"))
		with self.assertRaises(frappe.ValidationError):
			doc.attach_contact_person("CON-NO-SUCH", "Mother")
		result = doc.attach_contact_person(contact.name, "Mother", 0)
		self.assertEqual(
			result, {"contact_person": contact.name, "contact_relation": "Mother", "reach_through_contact": 0}
		)
		frappe.set_user(OUTSIDER)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc("NEST Prospect", prospect.name).attach_contact_person(contact.name, "Sister")

	def test_a_known_prospect_or_patient_becomes_a_contact_person_once(self):
		mother = make_patient(first_name="Khady", last_name="Mereconnue", email="khady.mere@example.org")
		frappe.set_user(AGENT)
		contact = contact_person_from("NEST Patient", mother.name)
		self.assertEqual(contact_person_from("NEST Patient", mother.name), contact)
		values = frappe.db.get_value(
			CONTACT_PERSON, contact, ["full_name", "phone", "also_patient"], as_dict=True
		)
		self.assertEqual(
			(values.full_name, values.phone, values.also_patient),
			(mother.full_name, mother.phone, mother.name),
		)
		frappe.set_user(OUTSIDER)
		with self.assertRaises(frappe.PermissionError):
			contact_person_from("NEST Patient", mother.name)


class TestSearchBeforeCreating(FollowupTestCase):
	def setUp(self):
		ensure_users()

	def test_each_match_says_who_she_is_her_phone_email_and_site(self):
		make_staff_member(AGENT, service="Reception", clinic_site="Test Almadies")
		prospect = make_prospect(
			last_name="Cherchable", email="awa.cherchable@example.org", responsible_user=AGENT
		)
		patient = make_patient(last_name="Cherchable")
		contact = make_contact(last_name="Cherchable")
		prospect.update({"contact_person": contact.name, "contact_relation": "Spouse"})
		prospect.save(ignore_permissions=True)
		frappe.set_user(AGENT)
		found = {person["doctype"]: person for person in find_people("cherchab")}
		self.assertEqual(set(found), {"NEST Prospect", "NEST Patient", CONTACT_PERSON})
		self.assertEqual(found["NEST Prospect"]["name"], prospect.name)
		self.assertEqual(found["NEST Prospect"]["email"], "awa.cherchable@example.org")
		self.assertEqual(found["NEST Prospect"]["site"], "Test Almadies")
		self.assertEqual(found["NEST Patient"]["phone"], patient.phone)
		self.assertEqual(found[CONTACT_PERSON]["asks_for"], [prospect.full_name])
		# by phone, typed another way
		local = contact.phone.removeprefix("+221")
		self.assertIn(contact.name, [p["name"] for p in find_people(f"{local[:2]} {local[2:5]} {local[5:]}")])
		self.assertEqual(find_people("c"), [])  # one letter: nothing yet

	def test_outsiders_cannot_search(self):
		frappe.set_user(OUTSIDER)
		with self.assertRaises(frappe.PermissionError):
			find_people("cherchab")


class TestAccountManager(FollowupTestCase):
	def setUp(self):
		ensure_users()
		# the secretary reads the desk in French (whatever the site's language)
		before = frappe.db.get_value("User", AGENT, "language")
		frappe.db.set_value("User", AGENT, "language", "fr")
		self.addCleanup(frappe.db.set_value, "User", AGENT, "language", before)

	@staticmethod
	def rows(txt: str) -> list:
		# as the link field's search calls it (frappe.desk.search.search_widget): by position
		return search_colleagues("User", txt, "name", 0, 20, None)

	def search(self, txt: str) -> list[str]:
		return [row[0] for row in self.rows(txt)]

	def test_found_by_service_and_site_or_by_name(self):
		make_staff_member(MANAGER, service="Maternity", clinic_site="Test Almadies")
		make_staff_member(AGENT, service="Reception", clinic_site="Test Almadies")
		frappe.set_user(AGENT)
		self.assertIn(MANAGER, self.search("maternité Test Almadies"))
		self.assertNotIn(AGENT, self.search("maternité Test Almadies"))
		self.assertIn(AGENT, self.search("Accueil"))
		self.assertIn(AGENT, self.search("nest.agent"))
		self.assertNotIn(OUTSIDER, self.search("nest"))  # not a colleague of the NEST desk
		row = next(row for row in self.rows("maternité") if row[0] == MANAGER)
		self.assertIn(frappe._("Maternity"), row[1])  # in the language the request runs in

	def test_an_inactive_staff_member_is_not_offered(self):
		make_staff_member(MANAGER, service="Maternity", clinic_site="Test Almadies", active=0)
		frappe.set_user(AGENT)
		self.assertNotIn(MANAGER, self.search("nest.manager"))

	def test_prefilled_with_the_creator_and_refused_for_someone_outside_the_desk(self):
		frappe.set_user(AGENT)
		prospect = frappe.get_doc(
			{
				"doctype": "NEST Prospect",
				"first_name": "Awa",
				"last_name": "Responsable",
				"date_of_birth": "1990-01-01",
				"phone": random_mobile(),
			}
		).insert()
		self.assertEqual(prospect.responsible_user, AGENT)
		prospect.responsible_user = OUTSIDER
		with self.assertRaises(frappe.ValidationError) as refused:
			prospect.save()
		self.assertIn(OUTSIDER, str(refused.exception))
		self.assertEqual(frappe.db.get_value("NEST Prospect", prospect.name, "responsible_user"), AGENT)
		prospect.reload()
		prospect.responsible_user = MANAGER
		prospect.save()


class TestLanguageAndRoleInTheReports(FollowupTestCase):
	def test_the_sources_report_filters_and_groups_by_language_and_role(self):
		first = frappe.utils.now_datetime() - timedelta(days=3)
		make_prospect(first_contact_on=first, spoken_language="Wolof", person_role="Self")
		make_prospect(first_contact_on=first, spoken_language="Wolof", person_role="Referring Midwife")
		dates = {"from_date": first.date(), "to_date": frappe.utils.today()}
		_columns, rows, *_rest = sources_report({**dates, "spoken_language": "Wolof"})
		self.assertEqual(rows[-1]["prospects"], 2)
		columns, rows, *_rest = sources_report({**dates, "spoken_language": "Wolof", "group_by": "Role"})
		self.assertEqual(columns[0]["label"], frappe._("Role"))
		by_role = {row["source"]: row["prospects"] for row in rows if not row.get("is_total")}
		self.assertEqual(by_role, {frappe._("Self"): 1, frappe._("Referring Midwife"): 1})


class TestRolePatch(FollowupTestCase):
	"""patches/v1_0/prospect_role_self: the prospects recorded before the role had none."""

	def test_a_prospect_without_role_and_contact_asked_for_herself(self):
		from nest_prospects.patches.v1_0.prospect_role_self import execute

		herself = make_prospect()
		asked_for, _husband = for_a_husband()
		midwife = make_prospect(person_role="Referring Midwife")
		erased = make_prospect()
		frappe.db.set_value("NEST Prospect", erased.name, "anonymised_on", frappe.utils.now_datetime())
		for name in (herself.name, asked_for.name, erased.name):
			frappe.db.set_value("NEST Prospect", name, "person_role", None)
		execute()
		roles = dict(
			frappe.get_all(
				"NEST Prospect",
				filters={"name": ("in", [herself.name, asked_for.name, midwife.name, erased.name])},
				fields=["name", "person_role"],
				as_list=True,
			)
		)
		expected = {
			herself.name: "Self",
			asked_for.name: None,
			midwife.name: "Referring Midwife",
			erased.name: None,
		}
		self.assertEqual(roles, expected)
		execute()  # a second run changes nothing
		self.assertEqual(frappe.db.get_value("NEST Prospect", asked_for.name, "person_role"), None)
