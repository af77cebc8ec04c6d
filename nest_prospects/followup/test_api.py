"""The documentation mail and the morning review, as the desk calls them."""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import add_days, now_datetime

from nest_prospects.followup.api import (
	DOCUMENTATION_TEMPLATE_PREFIX,
	documentation_templates,
	mark_processed,
	send_documentation,
)
from nest_prospects.followup.test_due_tasks import FollowupTestCase
from nest_prospects.tests.factories import (
	AGENT,
	MANAGER,
	ensure_outgoing_email_account,
	make_patient,
	make_prospect,
)

TEMPLATE = "NEST - Réponse à une demande de devis"
COLD_TEMPLATE = "NEST - Première réponse (prospect froid)"


def make_kit_file(name: str, content: bytes) -> str:
	file = frappe.get_doc({"doctype": "File", "file_name": name, "content": content, "is_private": 1}).insert(
		ignore_permissions=True
	)
	return file.file_url


class TestDocumentationMail(FollowupTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_outgoing_email_account()
		settings = frappe.get_doc("NEST Prospect Settings")
		settings.set("documentation_kit", [])
		settings.append(
			"documentation_kit",
			{
				"document_title": "Plaquette",
				"file": make_kit_file("plaquette-nest.pdf", b"%PDF-1.4 plaquette"),
			},
		)
		settings.append(
			"documentation_kit",
			{
				"document_title": "Devis type",
				"file": make_kit_file("devis-nest.pdf", b"%PDF-1.4 devis"),
				"email_template": TEMPLATE,
			},
		)
		settings.save(ignore_permissions=True)

	def test_the_mail_is_queued_with_its_kit_logged_and_the_interaction_marked(self):
		prospect = make_prospect(email="awa.diop@example.com", responsible_user=AGENT)
		interaction = frappe.get_all(
			"NEST Interaction", filters={"party": prospect.name}, pluck="name", limit=1
		)[0]
		frappe.set_user(AGENT)
		result = send_documentation("NEST Prospect", prospect.name, TEMPLATE, interaction)
		frappe.set_user("Administrator")

		communication = frappe.get_doc("Communication", result["communication"])
		self.assertEqual(
			(communication.reference_doctype, communication.reference_name), ("NEST Prospect", prospect.name)
		)
		self.assertEqual(communication.recipients, "awa.diop@example.com")
		self.assertIn("Bonjour Awa", communication.content)
		self.assertIn("demandez Codou au standard", communication.content)
		attached = frappe.get_all(
			"File",
			filters={"attached_to_doctype": "Communication", "attached_to_name": communication.name},
			pluck="file_name",
		)
		self.assertEqual(sorted(attached), ["devis-nest.pdf", "plaquette-nest.pdf"])

		queued = frappe.get_all(
			"Email Queue", filters={"communication": communication.name}, fields=["name", "attachments"]
		)
		self.assertEqual(len(queued), 1)
		self.assertEqual(len(json.loads(queued[0].attachments)), 2)
		recipients = frappe.get_all(
			"Email Queue Recipient", filters={"parent": queued[0].name}, pluck="recipient"
		)
		self.assertEqual(recipients, ["awa.diop@example.com"])

		marked = frappe.get_doc("NEST Interaction", interaction)
		self.assertTrue(marked.documents_sent)
		self.assertIn("Plaquette", marked.documents)
		self.assertEqual(result["interaction"], interaction)
		self.assertTrue(frappe.db.get_value("NEST Prospect", prospect.name, "first_answered_on"))

	def test_without_an_interaction_a_new_one_records_the_mail_and_only_the_common_kit_goes(self):
		prospect = make_prospect(email="binta@example.com", temperature="Cold", responsible_user=AGENT)
		result = send_documentation("NEST Prospect", prospect.name, COLD_TEMPLATE)
		interaction = frappe.get_doc("NEST Interaction", result["interaction"])
		self.assertEqual((interaction.channel, interaction.documents_sent), ("Email", 1))
		communication = frappe.get_doc("Communication", result["communication"])
		self.assertIn("https://nest.example.sn", communication.content)
		self.assertIn("https://facebook.com/nest.example", communication.content)
		queued = frappe.get_all(
			"Email Queue", filters={"communication": communication.name}, pluck="attachments"
		)
		self.assertEqual(len(json.loads(queued[0])), 1)

	def test_a_prospect_without_email_gets_a_clear_message_and_nothing_is_queued(self):
		prospect = make_prospect(responsible_user=AGENT)
		before = (frappe.db.count("Email Queue"), frappe.db.count("Communication"))
		with self.assertRaises(frappe.ValidationError) as raised:
			send_documentation("NEST Prospect", prospect.name, TEMPLATE)
		expected = _("{0} has no email address: add it to the record, or send the documents another way.")
		self.assertIn(expected.format(frappe.bold(prospect.full_name)), str(raised.exception))
		self.assertEqual((frappe.db.count("Email Queue"), frappe.db.count("Communication")), before)

	def test_a_patient_without_email_gets_the_same_message(self):
		patient = make_patient()
		with self.assertRaises(frappe.ValidationError):
			send_documentation("NEST Patient", patient.name, TEMPLATE)

	def test_a_patient_who_asks_gets_the_mail_on_her_own_record(self):
		patient = make_patient(email="fatou.sarr@example.com")
		result = send_documentation("NEST Patient", patient.name, TEMPLATE)
		communication = frappe.get_doc("Communication", result["communication"])
		self.assertEqual(
			(communication.reference_doctype, communication.reference_name), ("NEST Patient", patient.name)
		)
		self.assertEqual(communication.recipients, "fatou.sarr@example.com")
		interaction = frappe.get_doc("NEST Interaction", result["interaction"])
		self.assertEqual((interaction.party_type, interaction.party), ("NEST Patient", patient.name))
		self.assertTrue(interaction.documents_sent)

	def test_sending_closes_the_documentation_mail_task(self):
		from nest_prospects.followup.rules.tasks import DueTask
		from nest_prospects.followup.todos import create_tasks

		prospect = make_prospect(email="coumba@example.com", temperature="Warm", responsible_user=AGENT)
		create_tasks(
			[
				DueTask(
					reason="Documentation mail",
					reference_type="NEST Prospect",
					reference_name=prospect.name,
					party_name=prospect.full_name,
					phone=prospect.phone,
					assignee=AGENT,
					due_on=now_datetime(),
				)
			],
			now_datetime(),
		)
		todo = frappe.db.get_value("NEST Follow-up Task", {"reference_name": prospect.name}, "todo")
		send_documentation("NEST Prospect", prospect.name, TEMPLATE)
		self.assertEqual(frappe.db.get_value("ToDo", todo, "status"), "Closed")

	def test_someone_outside_the_clinic_cannot_send(self):
		prospect = make_prospect(email="dior@example.com", responsible_user=AGENT)
		frappe.set_user("nest.outsider@example.com")
		with self.assertRaises(frappe.PermissionError):
			send_documentation("NEST Prospect", prospect.name, TEMPLATE)


class TestOnlyDocumentationTemplates(FollowupTestCase):
	"""The dialog offers the clinic's documentation mails only; the server refuses any other."""

	OTHER = "Shipping Notice (test)"

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_outgoing_email_account()
		if not frappe.db.exists("Email Template", cls.OTHER):
			frappe.get_doc(
				{"doctype": "Email Template", "name": cls.OTHER, "subject": "Shipped", "response": "Shipped"}
			).insert(ignore_permissions=True)

	def test_the_dialog_offers_the_documentation_templates_only(self):
		frappe.set_user(AGENT)
		offered = documentation_templates()
		self.assertIn(TEMPLATE, offered)
		self.assertIn(COLD_TEMPLATE, offered)
		self.assertNotIn(self.OTHER, offered)
		self.assertNotIn("Dispatch Notification", offered)  # ERPNext's, when installed
		self.assertTrue(all(name.startswith(DOCUMENTATION_TEMPLATE_PREFIX) for name in offered), offered)

	def test_sending_another_template_is_refused_naming_the_field(self):
		prospect = make_prospect(email="ndeye@example.com", responsible_user=AGENT)
		before = (frappe.db.count("Email Queue"), frappe.db.count("Communication"))
		frappe.set_user(AGENT)
		with self.assertRaises(frappe.ValidationError) as raised:
			send_documentation("NEST Prospect", prospect.name, self.OTHER)
		self.assertIn(_("Mail Template"), str(raised.exception))
		self.assertIn(self.OTHER, str(raised.exception))
		frappe.set_user("Administrator")
		self.assertEqual((frappe.db.count("Email Queue"), frappe.db.count("Communication")), before)

	def test_the_refusal_is_in_french_for_a_french_user(self):
		message = _(
			"{0}: {1} is not a documentation mail. Choose one of the clinic's templates, whose names start with {2}.",
			lang="fr",
		)
		self.assertIn("n'est pas un mail de documentation", message)

	def test_a_template_named_in_the_documentation_kit_is_offered(self):
		settings = frappe.get_doc("NEST Prospect Settings")
		settings.append(
			"documentation_kit",
			{
				"document_title": "Bon de livraison",
				"file": make_kit_file("livraison.pdf", b"%PDF-1.4 livraison"),
				"email_template": "Kit Only Template",
			},
		)
		if not frappe.db.exists("Email Template", "Kit Only Template"):
			frappe.get_doc(
				{
					"doctype": "Email Template",
					"name": "Kit Only Template",
					"subject": "Kit",
					"response": "Kit",
				}
			).insert(ignore_permissions=True)
		settings.save(ignore_permissions=True)
		try:
			self.assertIn("Kit Only Template", documentation_templates())
		finally:
			settings.documentation_kit = [
				row for row in settings.documentation_kit if row.email_template != "Kit Only Template"
			]
			settings.save(ignore_permissions=True)


class TestMarkProcessed(FollowupTestCase):
	def test_the_manager_marks_processed_and_nothing_is_deleted(self):
		prospect = make_prospect(responsible_user=AGENT)
		interaction = frappe.get_all("NEST Interaction", filters={"party": prospect.name}, pluck="name")
		frappe.set_user(MANAGER)
		self.assertEqual(mark_processed(json.dumps(interaction)), 1)
		frappe.set_user("Administrator")
		row = frappe.db.get_value(
			"NEST Interaction", interaction[0], ["processed", "processed_by", "processed_on"], as_dict=True
		)
		self.assertEqual((row.processed, row.processed_by), (1, MANAGER))
		self.assertTrue(row.processed_on)
		mark_processed(interaction, processed=0)
		self.assertEqual(frappe.db.get_value("NEST Interaction", interaction[0], "processed"), 0)

	def test_a_secretary_cannot_mark_processed(self):
		prospect = make_prospect(responsible_user=AGENT)
		interaction = frappe.get_all("NEST Interaction", filters={"party": prospect.name}, pluck="name")
		frappe.set_user(AGENT)
		with self.assertRaises(frappe.PermissionError):
			mark_processed(interaction)

	def test_processed_is_not_set_by_saving_the_form(self):
		prospect = make_prospect(responsible_user=AGENT)
		interaction = frappe.get_last_doc("NEST Interaction", filters={"party": prospect.name})
		interaction.processed = 1
		interaction.save()
		self.assertEqual(frappe.db.get_value("NEST Interaction", interaction.name, "processed"), 0)

	def test_a_form_opened_before_the_review_does_not_undo_it(self):
		prospect = make_prospect(responsible_user=AGENT)
		opened = frappe.get_last_doc("NEST Interaction", filters={"party": prospect.name})
		mark_processed([opened.name])
		opened.comments = "Rappel prévu"
		opened.save()
		self.assertEqual(frappe.db.get_value("NEST Interaction", opened.name, "processed"), 1)

	def test_an_unknown_interaction_changes_nothing(self):
		prospect = make_prospect(responsible_user=AGENT, first_contact_on=add_days(now_datetime(), -1))
		interaction = frappe.get_all("NEST Interaction", filters={"party": prospect.name}, pluck="name")
		with self.assertRaises(frappe.ValidationError):
			mark_processed([*interaction, "INT-NOPE"])
		self.assertEqual(frappe.db.get_value("NEST Interaction", interaction[0], "processed"), 0)


class TestDaysOff(FollowupTestCase):
	def test_public_holidays_and_closures_of_the_year(self):
		from datetime import date

		from nest_prospects.followup.api import holidays_of_year

		settings = frappe.get_doc("NEST Prospect Settings")
		settings.append(
			"clinic_closures", {"from_date": "2026-12-24", "to_date": "2026-12-26", "reason": "Fêtes"}
		)
		settings.save(ignore_permissions=True)
		# The settings page's button: the managers' page, which the secretaries do not see.
		frappe.set_user(AGENT)
		self.assertRaises(frappe.PermissionError, holidays_of_year, 2026)
		frappe.set_user(MANAGER)
		days = {row["date"]: row["name"] for row in holidays_of_year(2026)}
		self.assertIn(date(2026, 5, 1), days)  # Labour Day
		self.assertIn(date(2026, 8, 1), days)  # Grand Magal of Touba (estimated)
		self.assertEqual(days[date(2026, 12, 24)], "Fêtes")
		self.assertEqual(days[date(2026, 12, 26)], "Fêtes")
		self.assertRaises(frappe.ValidationError, holidays_of_year, 20026)
