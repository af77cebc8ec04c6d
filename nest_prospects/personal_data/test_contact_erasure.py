"""A contact person's data on request (seed 002), in the site: her export, her erasure, and her
erasure with the only prospect she asks for.

She is made the way the desk leaves her: the husband who asks for his wife, his record edited
(its history), a comment on it, the follow-up's call task naming him and his phone, a mail sent
to him about his wife, a comment on the prospect naming him. After her erasure, no text column of
any table of the site holds her names, phone or email (tables_holding, as for a prospect).
"""

from __future__ import annotations

import json

import frappe
from frappe.desk.form.assign_to import add as assign_to
from frappe.tests.utils import FrappeTestCase
from frappe.utils import today

from nest_prospects.constants import CONTACT_PERSON, PROSPECT
from nest_prospects.personal_data.rules import DATA_SUBJECT
from nest_prospects.personal_data.test_erasure import tables_holding
from nest_prospects.tests.factories import AGENT, MANAGER, ensure_users, make_prospect


class TestContactPersonErasure(FrappeTestCase):
	FIRST = "Babacarine"
	LAST = "Quendolowski"
	PHONE_TYPED = "76 482 19 53"
	PHONE = "+221764821953"
	EMAIL = "babacarine.quendolowski@example.sn"

	def setUp(self):
		ensure_users()
		frappe.set_user("Administrator")
		frappe.db.savepoint("contact_erasure_test")
		self.contact, self.prospect = self.make_contact()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="contact_erasure_test")
		frappe.local.lang = "en"

	def values(self) -> list[str]:
		return [self.FIRST, self.LAST, self.PHONE, "764821953", self.PHONE_TYPED, self.EMAIL]

	def make_contact(self):
		"""The husband who asks for his wife, and what the desk and the follow-up leave of him."""
		frappe.set_user(AGENT)
		contact = frappe.get_doc(
			{
				"doctype": CONTACT_PERSON,
				"first_name": self.FIRST,
				"last_name": self.LAST,
				"phone": self.PHONE_TYPED,
				"email": "b.quendolowski@example.sn",
				"comments": f"Joignable au {self.PHONE_TYPED} après 18 h",
			}
		).insert()
		contact.email = self.EMAIL
		contact.save(ignore_version=False)  # tests skip Version unless asked
		contact.add_comment("Comment", f"{self.FIRST} rappellera")
		prospect = make_prospect(
			first_name="Adjaratou",
			last_name="Sidibeova",
			contact_person=contact.name,
			contact_relation="Spouse",
		)
		prospect.add_comment("Comment", f"Son mari {self.FIRST} {self.LAST} appelle pour elle")
		frappe.set_user("Administrator")
		assign_to(
			{
				"assign_to": [AGENT],
				"doctype": PROSPECT,
				"name": prospect.name,
				"description": f"{self.FIRST} {self.LAST} (personne de contact) pour Adjaratou Sidibeova"
				f" ({self.PHONE})",
			}
		)
		frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Sent",
				"subject": "Documentation de la clinique",
				"content": f"Bonjour {self.FIRST}, voici la documentation pour votre épouse.",
				"sender": "clinique@example.sn",
				"recipients": self.EMAIL,
				"reference_doctype": PROSPECT,
				"reference_name": prospect.name,
			}
		).insert(ignore_permissions=True)
		return frappe.get_doc(CONTACT_PERSON, contact.name), frappe.get_doc(PROSPECT, prospect.name)

	def erase_contact(self, requested_by: str = DATA_SUBJECT) -> dict:
		frappe.set_user(MANAGER)
		try:
			return frappe.get_doc(CONTACT_PERSON, self.contact.name).erase_personal_data(
				requested_by, today()
			)
		finally:
			frappe.set_user("Administrator")

	def erase_prospect(self, prospect: str) -> dict:
		frappe.set_user(MANAGER)
		try:
			return frappe.get_doc(PROSPECT, prospect).erase_personal_data(DATA_SUBJECT, today())
		finally:
			frappe.set_user("Administrator")

	def test_the_prospects_export_names_who_asks_for_her(self):
		frappe.set_user(MANAGER)
		data = json.loads(frappe.get_doc(PROSPECT, self.prospect.name).export_personal_data()["content"])
		[contact] = data["contact_persons"]
		self.assertEqual(
			(contact["name"], contact["full_name"], contact["phone"], contact["email"], contact["relation"]),
			(self.contact.name, f"{self.FIRST} {self.LAST}", self.PHONE, self.EMAIL, "Spouse"),
		)

	def test_her_own_export_holds_her_record_the_prospects_she_asks_for_and_her_history(self):
		frappe.set_user(MANAGER)
		result = frappe.get_doc(CONTACT_PERSON, self.contact.name).export_personal_data()
		self.assertEqual(result["filename"], f"donnees-personnelles-{self.contact.name}.json")
		data = json.loads(result["content"])
		self.assertEqual(data["contact_person"]["phone"], self.PHONE)
		self.assertEqual(data["contact_person"]["email"], self.EMAIL)
		self.assertEqual(
			[(row["name"], row["contact_relation"]) for row in data["asks_for"]],
			[(self.prospect.name, "Spouse")],
		)
		self.assertTrue(any(self.FIRST in (c["content"] or "") for c in data["comments"]))
		self.assertTrue(any(v["ref_doctype"] == CONTACT_PERSON for v in data["versions"]))

	def test_her_erasure_leaves_no_trace_and_the_prospect_keeps_the_link(self):
		found = tables_holding(self.values(), None)
		for table in ("tabNEST Contact Person", "tabToDo", "tabComment", "tabCommunication", "tabVersion"):
			self.assertIn(table, found)
		log = self.erase_contact()["log"]
		self.assertEqual(tables_holding(self.values(), None), {})
		contact = frappe.get_doc(CONTACT_PERSON, self.contact.name)
		self.assertEqual(contact.full_name, f"Anonyme {contact.name}")
		self.assertIsNone(contact.phone)
		self.assertTrue(contact.anonymised_on)
		prospect = frappe.db.get_value(
			PROSPECT,
			self.prospect.name,
			["first_name", "contact_person", "contact_relation", "reach_through_contact"],
			as_dict=True,
		)
		# The prospect herself and her link to him stay; nobody reaches her through him any more.
		self.assertEqual(
			(prospect.first_name, prospect.contact_person, prospect.contact_relation),
			("Adjaratou", self.contact.name, "Spouse"),
		)
		self.assertEqual(prospect.reach_through_contact, 0)
		self.assertIn(
			f"{CONTACT_PERSON} (1): {self.contact.name}",
			frappe.db.get_value("NEST Erasure Log", log, "records"),
		)
		with self.assertRaises(frappe.ValidationError):
			self.erase_contact()  # once is enough

	def test_the_request_must_say_on_whose_behalf(self):
		with self.assertRaisesRegex(frappe.ValidationError, "On Whose Request|À la demande de"):
			self.erase_contact(requested_by="")
		self.assertEqual(frappe.db.get_value(CONTACT_PERSON, self.contact.name, "last_name"), self.LAST)

	def test_erased_with_the_only_prospect_she_asks_for(self):
		self.erase_prospect(self.prospect.name)
		self.assertEqual(tables_holding(self.values(), None), {})
		self.assertTrue(frappe.db.get_value(CONTACT_PERSON, self.contact.name, "anonymised_on"))

	def test_a_contact_who_asks_for_another_prospect_stays(self):
		sister = make_prospect(contact_person=self.contact.name, contact_relation="Brother")
		self.erase_prospect(self.prospect.name)
		self.assertEqual(
			frappe.db.get_value(CONTACT_PERSON, self.contact.name, ["last_name", "phone", "anonymised_on"]),
			(self.LAST, self.PHONE, None),
		)
		self.assertEqual(frappe.db.get_value(PROSPECT, sister.name, "contact_person"), self.contact.name)

	def test_a_contact_who_is_a_prospect_herself_stays(self):
		herself = make_prospect(first_name=self.FIRST, last_name=self.LAST, phone="77 000 11 22")
		frappe.db.set_value(CONTACT_PERSON, self.contact.name, "also_prospect", herself.name)
		self.erase_prospect(self.prospect.name)
		self.assertEqual(frappe.db.get_value(CONTACT_PERSON, self.contact.name, "last_name"), self.LAST)

	def test_a_secretary_may_neither_export_nor_erase_her_and_is_told_in_french(self):
		frappe.set_user(AGENT)
		frappe.local.lang = "fr"
		contact = frappe.get_doc(CONTACT_PERSON, self.contact.name)
		with self.assertRaisesRegex(frappe.PermissionError, "Seul un responsable"):
			contact.export_personal_data()
		with self.assertRaisesRegex(frappe.PermissionError, "Seul un responsable"):
			contact.erase_personal_data(DATA_SUBJECT)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value(CONTACT_PERSON, self.contact.name, "last_name"), self.LAST)

	def test_the_form_cannot_set_the_erasure_date(self):
		frappe.set_user(AGENT)
		contact = frappe.get_doc(CONTACT_PERSON, self.contact.name)
		contact.anonymised_on = frappe.utils.now_datetime()
		contact.save()
		self.assertIsNone(frappe.db.get_value(CONTACT_PERSON, self.contact.name, "anonymised_on"))
