"""The follow-up seeds: mail templates and callback scripts, created once, then the managers'."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from nest_prospects.followup.setup import CALLBACK_SCRIPTS, EMAIL_TEMPLATES, install
from nest_prospects.tests.factories import MANAGER

TEMPLATE = "NEST - Réponse à une demande de devis"
SCRIPT = "Argumentaire de rappel - général"


class TestFollowupSeeds(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		cls.addClassCleanup(frappe.clear_document_cache, "NEST Prospect Settings", "NEST Prospect Settings")
		super().setUpClass()

	def setUp(self):
		frappe.db.savepoint("followup_seeds")

	def tearDown(self):
		frappe.set_user("Administrator")
		# Each test starts from the shipped seeds: undo this test's edits and deletions.
		frappe.db.rollback(save_point="followup_seeds")
		frappe.clear_document_cache("NEST Prospect Settings", "NEST Prospect Settings")

	def test_every_seed_exists_in_french_and_names_whom_to_ask_for(self):
		install()
		for name in EMAIL_TEMPLATES:
			response = frappe.db.get_value("Email Template", name, "response")
			self.assertIn("demandez {{ account_manager }} au standard", response)
		for title in CALLBACK_SCRIPTS:
			self.assertTrue(frappe.db.exists("NEST Callback Script", title))

	def test_a_managers_edit_and_deletion_survive_a_migrate(self):
		frappe.set_user(MANAGER)
		template = frappe.get_doc("Email Template", TEMPLATE)
		template.response = "<p>Bonjour {{ first_name }}, texte revu par la responsable.</p>"
		template.save()
		frappe.get_doc("NEST Callback Script", SCRIPT).delete()
		frappe.set_user("Administrator")
		install()
		self.assertIn("texte revu", frappe.db.get_value("Email Template", TEMPLATE, "response"))
		self.assertFalse(frappe.db.exists("NEST Callback Script", SCRIPT))

	def test_a_secretary_reads_the_scripts_but_cannot_change_them(self):
		frappe.set_user("nest.agent@example.com")
		script = frappe.get_doc("NEST Callback Script", "Argumentaire de rappel - prospect chaud")
		self.assertTrue(script.script)
		script.script = "<p>autre</p>"
		self.assertRaises(frappe.PermissionError, script.save)
