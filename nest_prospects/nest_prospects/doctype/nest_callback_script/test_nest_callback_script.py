"""The seeds (mail templates, callback scripts, settings): created at install, then the managers'."""

from __future__ import annotations

import frappe
from frappe.modules.patch_handler import get_patches_from_app
from frappe.tests.utils import FrappeTestCase

from nest_prospects.constants import SETTINGS
from nest_prospects.followup.setup import (
	CALLBACK_SCRIPTS,
	EMAIL_TEMPLATES,
	create_callback_scripts,
	create_email_templates,
)
from nest_prospects.patches.v1_0 import mails_without_account_manager, seeds_without_bookkeeping
from nest_prospects.setup.install import set_settings_defaults
from nest_prospects.sql import stored_single_value
from nest_prospects.tests.factories import AGENT, MANAGER

TEMPLATE = "NEST - Réponse à une demande de devis"
OTHER_TEMPLATE = "NEST - Suivi après appel"
SCRIPT = "Argumentaire de rappel - général"


def stored_setting(field: str) -> str | None:
	"""The value in Singles itself (None: never stored), not the one a document would default to."""
	return stored_single_value(SETTINGS, field)


class TestFollowupSeeds(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		cls.addClassCleanup(frappe.clear_document_cache, SETTINGS, SETTINGS)
		super().setUpClass()

	def setUp(self):
		frappe.db.savepoint("followup_seeds")

	def tearDown(self):
		frappe.set_user("Administrator")
		# Each test starts from the shipped seeds: undo this test's edits and deletions.
		frappe.db.rollback(save_point="followup_seeds")
		frappe.clear_document_cache(SETTINGS, SETTINGS)

	def test_every_seed_exists_in_french_and_a_second_run_creates_nothing(self):
		self.assertEqual(create_email_templates(), [])
		self.assertEqual(create_callback_scripts(), [])
		for name in EMAIL_TEMPLATES:
			self.assertTrue(frappe.db.exists("Email Template", name))
		for title in CALLBACK_SCRIPTS:
			self.assertTrue(frappe.db.exists("NEST Callback Script", title))

	def test_the_mails_read_well_with_or_without_an_account_manager(self):
		args = {"first_name": "Awa", "clinic_phone": "33 800 00 00", "sender_name": "Fatou"}
		for name, values in EMAIL_TEMPLATES.items():
			with self.subTest(template=name):
				named = frappe.render_template(values["response"], {**args, "account_manager": "Aïssatou"})
				self.assertIn(
					"au 33 800 00 00 (demandez Aïssatou au standard) ou à venir", " ".join(named.split())
				)
				unnamed = " ".join(
					frappe.render_template(values["response"], {**args, "account_manager": ""}).split()
				)
				self.assertNotIn("demandez", unnamed)
				self.assertIn("nous appeler au 33 800 00 00 ou à venir nous rencontrer", unnamed)

	def test_no_person_is_the_default_account_manager(self):
		self.assertFalse(frappe.get_meta(SETTINGS).get_field("account_manager_name").default)
		self.assertFalse(frappe.get_meta(SETTINGS).get_field("account_manager_name").reqd)
		self.assertIsNone(frappe.get_meta(SETTINGS).get_field("seeded_records"))

	def test_a_managers_edit_and_deletion_survive_a_migrate(self):
		frappe.set_user(MANAGER)
		template = frappe.get_doc("Email Template", TEMPLATE)
		template.response = "<p>Bonjour {{ first_name }}, texte revu par la responsable.</p>"
		template.save()
		frappe.get_doc("NEST Callback Script", SCRIPT).delete()
		frappe.set_user("Administrator")
		# What a migrate runs of the app: its patches not logged yet (Frappe logs them all at
		# install, and each once it ran) and its after_migrate hooks.
		for patch in get_patches_from_app("nest_prospects"):
			self.assertTrue(frappe.db.exists("Patch Log", {"patch": patch}), patch)
		for hook in frappe.get_hooks("after_migrate", app_name="nest_prospects"):
			frappe.get_attr(hook)()
		self.assertIn("texte revu", frappe.db.get_value("Email Template", TEMPLATE, "response"))
		self.assertFalse(frappe.db.exists("NEST Callback Script", SCRIPT))

	def test_the_last_seeding_patch_keeps_what_a_manager_deleted_and_drops_the_bookkeeping(self):
		# A site from before: the hidden field listed the seeds created once.
		frappe.db.delete("Singles", {"doctype": SETTINGS, "field": "seeded_records"})
		frappe.db.sql(
			"insert into `tabSingles` (doctype, field, value) values (%s, 'seeded_records', %s)",
			(SETTINGS, f"Email Template:{TEMPLATE}\nNEST Callback Script:{SCRIPT}"),
		)
		frappe.delete_doc("Email Template", TEMPLATE, ignore_permissions=True, force=True)  # by a manager
		frappe.delete_doc("NEST Callback Script", SCRIPT, ignore_permissions=True, force=True)
		frappe.delete_doc(
			"Email Template", OTHER_TEMPLATE, ignore_permissions=True, force=True
		)  # never seeded
		seeds_without_bookkeeping.execute()
		self.assertFalse(frappe.db.exists("Email Template", TEMPLATE))
		self.assertFalse(frappe.db.exists("NEST Callback Script", SCRIPT))
		self.assertTrue(frappe.db.exists("Email Template", OTHER_TEMPLATE))
		self.assertIsNone(stored_setting("seeded_records"))

	def test_the_mails_as_shipped_before_get_the_text_without_a_name_and_an_edited_one_stays(self):
		shipped_now = EMAIL_TEMPLATES[TEMPLATE]["response"]
		shipped_before = shipped_now.replace(
			mails_without_account_manager.SHIPPED_NOW, mails_without_account_manager.SHIPPED_BEFORE
		)
		self.assertNotEqual(shipped_before, shipped_now)
		frappe.db.set_value("Email Template", TEMPLATE, "response", shipped_before)
		frappe.db.set_value("Email Template", OTHER_TEMPLATE, "response", "<p>Texte de la responsable</p>")
		mails_without_account_manager.execute()
		self.assertEqual(frappe.db.get_value("Email Template", TEMPLATE, "response"), shipped_now)
		self.assertEqual(
			frappe.db.get_value("Email Template", OTHER_TEMPLATE, "response"),
			"<p>Texte de la responsable</p>",
		)

	def test_a_setting_never_stored_gets_the_doctypes_default_and_a_stored_one_stays(self):
		frappe.db.delete("Singles", {"doctype": SETTINGS, "field": "task_catch_up_days"})
		# what Frappe's install stores for a Time field, whatever its default
		frappe.db.set_single_value(SETTINGS, "opens_at", "20:52:28.465907")
		frappe.db.set_single_value(SETTINGS, {"account_manager_name": "", "recall_after_days": 9})
		set_settings_defaults()
		self.assertEqual(stored_setting("task_catch_up_days"), "7")
		self.assertEqual(stored_setting("opens_at"), "08:00:00")
		self.assertEqual(stored_setting("recall_after_days"), "9")
		self.assertIn(stored_setting("account_manager_name"), ("", None))

	def test_a_secretary_reads_the_scripts_but_cannot_change_them(self):
		frappe.set_user(AGENT)
		script = frappe.get_doc("NEST Callback Script", "Argumentaire de rappel - prospect chaud")
		self.assertTrue(script.script)
		script.script = "<p>autre</p>"
		self.assertRaises(frappe.PermissionError, script.save)
