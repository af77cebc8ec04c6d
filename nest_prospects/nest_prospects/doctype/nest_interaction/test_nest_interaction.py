# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, get_datetime, now_datetime

from nest_prospects.tests.factories import AGENT, age_prospect, make_patient, make_prospect


def log_interaction(party, party_type="NEST Prospect", **values):
	return frappe.get_doc(
		{
			"doctype": "NEST Interaction",
			"party_type": party_type,
			"party": party,
			"channel": "Outbound Call",
			**values,
		}
	).insert()


class TestNESTInteraction(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_interaction_moves_the_last_date_and_resets_the_ageing_state(self):
		prospect = make_prospect()
		age_prospect(prospect.name, 40)
		frappe.db.set_value("NEST Prospect", prospect.name, "ageing_state", "Lost")
		interaction = log_interaction(prospect.name, comments="RAPPEL 7 JOURS")
		prospect.reload()
		self.assertEqual(prospect.ageing_state, "Normal")
		self.assertEqual(get_datetime(prospect.last_interaction_on), get_datetime(interaction.interaction_on))
		last = prospect.classification_history[-1]
		self.assertEqual(
			(last.classification, last.from_value, last.to_value), ("Ageing State", "Lost", "Normal")
		)
		self.assertIn(interaction.name, last.reason)

	def test_a_backdated_interaction_does_not_move_the_date_back(self):
		prospect = make_prospect()
		before = prospect.last_interaction_on
		log_interaction(prospect.name, interaction_on=add_days(now_datetime(), -3))
		prospect.reload()
		self.assertEqual(get_datetime(prospect.last_interaction_on), get_datetime(before))

	def test_interaction_with_a_patient(self):
		patient = make_patient()
		interaction = log_interaction(patient.name, party_type="NEST Patient")
		self.assertEqual(interaction.party_name, patient.full_name)
		self.assertEqual(
			get_datetime(frappe.db.get_value("NEST Patient", patient.name, "last_interaction_on")),
			get_datetime(interaction.interaction_on),
		)

	def test_unknown_party_and_future_dates_are_refused(self):
		with self.assertRaises(frappe.ValidationError):
			log_interaction("PRO-0000-00000")
		prospect = make_prospect()
		with self.assertRaises(frappe.ValidationError):
			log_interaction(prospect.name, interaction_on=add_days(now_datetime(), 2))

	def test_documents_sent_requires_which(self):
		prospect = make_prospect()
		with self.assertRaises(frappe.MandatoryError):
			log_interaction(prospect.name, documents_sent=1)
		interaction = log_interaction(prospect.name, documents_sent=1, documents="Flyer Programme NEST")
		self.assertEqual(interaction.documents, "Flyer Programme NEST")

	def test_agents_log_interactions_and_never_delete_them(self):
		frappe.set_user(AGENT)
		prospect = make_prospect()
		interaction = log_interaction(prospect.name)
		self.assertEqual(interaction.logged_by, AGENT)
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("NEST Interaction", interaction.name)
		self.assertTrue(frappe.db.exists("NEST Interaction", interaction.name))


class TestInteractionsWhereTheSecretaryLooks(FrappeTestCase):
	"""On the prospect's timeline, and in columns of the list opened from the prospect."""

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_interactions_are_on_the_timeline_of_their_prospect(self):
		from frappe.desk.form.load import get_docinfo

		prospect = make_prospect(
			initial_request_types=[{"request_type": "TARIFS"}], initial_comments="Tarifs de l'accouchement"
		)
		called = log_interaction(prospect.name, comments="Rappelée, devis à envoyer")
		frappe.set_user(AGENT)
		get_docinfo(doctype="NEST Prospect", name=prospect.name)
		items = frappe.response["docinfo"]["additional_timeline_content"]
		self.assertEqual(len(items), 2)
		latest, first = items
		self.assertIn(called.name, latest["content"])
		self.assertIn("Rappelée, devis à envoyer", latest["content"])
		self.assertIn("TARIFS", first["content"])
		self.assertIn(frappe.utils.escape_html("Tarifs de l'accouchement"), first["content"])
		self.assertTrue(all(item["creation"] for item in items))

	def test_interactions_are_on_the_timeline_of_their_patient(self):
		from frappe.desk.form.load import get_docinfo

		patient = make_patient()
		log_interaction(patient.name, party_type="NEST Patient", request_types=[{"request_type": "RDV"}])
		get_docinfo(doctype="NEST Patient", name=patient.name)
		items = frappe.response["docinfo"]["additional_timeline_content"]
		self.assertEqual(len(items), 1)
		self.assertIn("RDV", items[0]["content"])

	def test_the_list_shows_the_channel_and_the_requests(self):
		meta = frappe.get_meta("NEST Interaction")
		in_list = [df.fieldname for df in meta.fields if df.in_list_view and df.fieldname != meta.title_field]
		self.assertEqual(in_list, ["interaction_on", "channel", "request_summary"])
		# Frappe counts the title and the tags among the columns it shows.
		total = int(frappe.get_doc("List View Settings", "NEST Interaction").total_fields)
		self.assertGreaterEqual(total, 2 + len(in_list))
		prospect = make_prospect()
		interaction = log_interaction(
			prospect.name, request_types=[{"request_type": "TARIFS"}, {"request_type": "RDV"}]
		)
		self.assertEqual(interaction.request_summary, "TARIFS, RDV")
		interaction.set("request_types", [])
		interaction.save()
		self.assertIsNone(interaction.request_summary)

	def test_a_long_request_summary_is_cut_to_the_column(self):
		from nest_prospects.nest_prospects.doctype.nest_interaction.nest_interaction import request_summary

		summary = request_summary([f"CODE {n:03d}" for n in range(40)], max_length=140)
		self.assertLessEqual(len(summary), 140)
		self.assertTrue(summary.endswith("…"))


class TestInteractionIndexes(FrappeTestCase):
	def test_a_persons_interactions_since_a_day_come_from_one_index(self):
		# the 7-day recall reads the latest recalls of up to 900 people since a day: (party,
		# interaction_on) serves both conditions whatever the table's statistics say
		columns = [
			row.Column_name
			for row in frappe.db.sql(
				"show index from `tabNEST Interaction` where Key_name = 'party_interaction_on'", as_dict=True
			)
		]
		self.assertEqual(columns, ["party", "interaction_on"])
