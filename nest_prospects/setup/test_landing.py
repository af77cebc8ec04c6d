"""The secretaries and managers land on the NEST Prospects workspace; nobody else is touched."""

from __future__ import annotations

import frappe
from frappe.desk.utils import slug
from frappe.tests.utils import FrappeTestCase

from nest_prospects.setup.landing import WORKSPACE, set_for_existing_users


def make_user(*roles: str, **values):
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"landing.{frappe.generate_hash(length=8)}@example.com",
			"first_name": "Landing",
			"send_welcome_email": 0,
			**values,
		}
	).insert(ignore_permissions=True)
	if roles:
		user.add_roles(*roles)
	user.reload()
	return user


class TestLandingWorkspace(FrappeTestCase):
	def test_a_new_secretary_or_manager_lands_on_the_workspace(self):
		for role in ("NEST Agent", "NEST Manager"):
			with self.subTest(role=role):
				user = make_user(role)
				self.assertEqual(user.default_workspace, WORKSPACE)
				# What the login answers (frappe.auth.LoginManager.set_user_info).
				self.assertEqual("/app/" + slug(user.default_workspace), "/app/nest-prospects")

	def test_other_users_are_not_touched(self):
		self.assertFalse(make_user("Blogger").default_workspace)
		self.assertFalse(make_user("System Manager").default_workspace)

	def test_a_workspace_the_user_chose_is_kept(self):
		other = frappe.get_all("Workspace", filters={"name": ("!=", WORKSPACE), "public": 1}, pluck="name")[0]
		user = make_user(default_workspace=other)
		user.add_roles("NEST Agent")
		user.reload()
		self.assertEqual(user.default_workspace, other)

	def test_losing_the_roles_loses_the_workspace(self):
		user = make_user("NEST Agent", "Blogger")
		user.remove_roles("NEST Agent")
		user.reload()
		self.assertFalse(user.default_workspace)

	def test_the_users_already_there_get_it_once(self):
		secretary = make_user("NEST Agent")
		blogger = make_user("Blogger")
		frappe.db.set_value("User", secretary.name, "default_workspace", None)
		self.assertIn(secretary.name, set_for_existing_users())
		self.assertEqual(frappe.db.get_value("User", secretary.name, "default_workspace"), WORKSPACE)
		self.assertFalse(frappe.db.get_value("User", blogger.name, "default_workspace"))
		self.assertNotIn("Administrator", set_for_existing_users())
