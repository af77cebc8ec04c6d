"""Who reads what of the app's records beyond the DocType permissions (nest_prospects.permissions)."""

from __future__ import annotations

import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from nest_prospects.permissions import get_count, get_group_by_count, get_link_title
from nest_prospects.tests.factories import (
	AGENT,
	OUTSIDER,
	PATIENT_SYSTEM,
	make_patient,
	make_prospect,
	random_mobile,
)


class TestCountsAndTitles(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.prospect = make_prospect(last_name="Oracle", phone=random_mobile())
		cls.patient = make_patient()
		cls.desk_appointment = cls.appointment("NEST Prospect", cls.prospect.name)
		cls.pushed = cls.appointment("NEST Patient", cls.patient.name, pushed=True)

	@staticmethod
	def appointment(party_type: str, party: str, pushed: bool = False):
		doc = frappe.get_doc(
			{
				"doctype": "NEST Appointment",
				"party_type": party_type,
				"party": party,
				"scheduled_on": add_days(now_datetime(), 2),
				"status": "Scheduled",
			}
		)
		if pushed:
			doc.update({"source": "Patient System", "external_id": frappe.generate_hash(length=10)})
			doc.flags.written_by_app = True
		return doc.insert(ignore_permissions=True)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_frappes_count_asked_the_database_for_anyone(self):
		# What the override closes: Frappe v15 counts without a permission check.
		from frappe.client import get_count as frappe_get_count

		frappe.set_user(OUTSIDER)
		self.assertEqual(frappe_get_count("NEST Prospect", json.dumps({"phone": self.prospect.phone})), 1)

	def test_counts_need_the_permission_to_read(self):
		by_phone = json.dumps({"phone": self.prospect.phone})
		for user in (OUTSIDER, PATIENT_SYSTEM):
			frappe.set_user(user)
			with self.subTest(user=user), self.assertRaises(frappe.PermissionError):
				get_count("NEST Prospect", by_phone)
		frappe.set_user(AGENT)
		self.assertEqual(get_count("NEST Prospect", by_phone), 1)

	def test_other_doctypes_are_counted_by_frappe(self):
		frappe.set_user(AGENT)
		self.assertGreaterEqual(get_count("ToDo"), 0)

	def test_the_api_user_counts_and_reads_its_patients_appointments_only(self):
		frappe.set_user(PATIENT_SYSTEM)
		by_name = json.dumps({"party_name": self.prospect.full_name})
		self.assertEqual(get_count("NEST Appointment", by_name), 0)
		self.assertEqual(get_count("NEST Appointment", json.dumps({"name": self.pushed.name})), 1)
		self.assertFalse(frappe.has_permission("NEST Appointment", doc=self.desk_appointment.name))
		self.assertTrue(frappe.has_permission("NEST Appointment", doc=self.pushed.name))
		names = frappe.get_list("NEST Appointment", pluck="name")
		self.assertIn(self.pushed.name, names)
		self.assertNotIn(self.desk_appointment.name, names)
		with self.assertRaises(frappe.PermissionError):
			get_group_by_count("NEST Appointment", by_name, "assigned_to")
		for action in ("create", "write"):
			self.assertFalse(frappe.has_permission("NEST Appointment", action))
			self.assertFalse(frappe.has_permission("NEST Patient", action))

	def test_a_link_title_only_to_who_may_read_it(self):
		for user in (OUTSIDER, PATIENT_SYSTEM):
			frappe.set_user(user)
			with self.subTest(user=user), self.assertRaises(frappe.PermissionError):
				get_link_title("NEST Prospect", self.prospect.name)
		frappe.set_user(AGENT)
		self.assertEqual(get_link_title("NEST Prospect", self.prospect.name), self.prospect.full_name)

	def test_the_list_sidebar_counts_need_the_permission_to_read(self):
		frappe.set_user(OUTSIDER)
		with self.assertRaises(frappe.PermissionError):
			get_group_by_count("NEST Prospect", json.dumps({"phone": self.prospect.phone}), "assigned_to")
		frappe.set_user(AGENT)
		self.assertIsInstance(
			get_group_by_count("NEST Prospect", json.dumps({"phone": self.prospect.phone}), "assigned_to"),
			list,
		)
