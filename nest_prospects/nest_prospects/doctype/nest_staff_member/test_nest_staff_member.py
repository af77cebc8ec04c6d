import frappe
from frappe.tests.utils import FrappeTestCase

from nest_prospects.demo import DEMO_SITES, load_staff_directory
from nest_prospects.tests.factories import (
	AGENT,
	MANAGER,
	OUTSIDER,
	ensure_clinic_site,
	ensure_users,
	make_staff_member,
)


class TestStaffDirectory(FrappeTestCase):
	def setUp(self):
		ensure_users()

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_a_staff_member_is_her_user_with_her_name(self):
		member = make_staff_member(AGENT, service="Maternity", clinic_site="Test Almadies")
		self.assertEqual(member.name, AGENT)
		self.assertEqual(member.full_name, frappe.db.get_value("User", AGENT, "full_name"))
		self.assertEqual(member.active, 1)
		self.assertEqual(frappe.db.get_value("NEST Clinic Site", "Test Almadies", "active"), 1)

	def test_one_entry_per_user(self):
		make_staff_member(AGENT)
		with self.assertRaises(frappe.DuplicateEntryError):
			frappe.get_doc({"doctype": "NEST Staff Member", "user": AGENT, "service": "Fertility"}).insert(
				ignore_permissions=True
			)

	def test_refuses_an_unknown_service_or_site(self):
		for values in ({"service": "Cardiology"}, {"clinic_site": "No Such Site"}):
			with self.subTest(values=values), self.assertRaises(frappe.ValidationError):
				frappe.get_doc({"doctype": "NEST Staff Member", "user": MANAGER, **values}).insert(
					ignore_permissions=True
				)

	def test_the_agents_read_the_managers_write(self):
		ensure_clinic_site("Test Plateau")
		make_staff_member(MANAGER, clinic_site="Test Plateau")
		for doctype, name in (("NEST Clinic Site", "Test Plateau"), ("NEST Staff Member", MANAGER)):
			with self.subTest(doctype=doctype):
				self.assertTrue(frappe.has_permission(doctype, "read", name, user=AGENT))
				self.assertFalse(frappe.has_permission(doctype, "write", name, user=AGENT))
				self.assertFalse(frappe.has_permission(doctype, "create", user=AGENT))
				self.assertTrue(frappe.has_permission(doctype, "write", name, user=MANAGER))
				self.assertFalse(frappe.has_permission(doctype, "read", name, user=OUTSIDER))

	def test_the_demo_directory_holds_the_sites_and_the_desk_staff(self):
		frappe.db.delete("NEST Staff Member", {"user": ("in", (AGENT, MANAGER))})
		self.assertGreaterEqual(load_staff_directory(), 2)
		self.assertEqual(load_staff_directory(), 0)  # idempotent
		for site_name, _city in DEMO_SITES:
			self.assertTrue(frappe.db.exists("NEST Clinic Site", site_name))
		self.assertEqual(frappe.db.get_value("NEST Staff Member", AGENT, "service"), "Reception")
		self.assertEqual(frappe.db.get_value("NEST Staff Member", MANAGER, "service"), "Maternity")
