# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt
"""The prospect list of seed 003: its columns, its advanced search through frappe.get_list (what
the list view sends), the stored last action, and who may export the filtered list."""

from datetime import datetime, time

import frappe
from frappe.desk.reportview import export_query
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from nest_prospects.constants import FOLLOW_UP_TASK, INTERACTION, PROSPECT
from nest_prospects.followup.last_action import refresh_last_actions
from nest_prospects.tests.factories import AGENT, MANAGER, ensure_source, make_prospect

# Seed 003's columns, with what the clinic reads besides: the title, the tags and the status
# indicator (with the stage) are Frappe's first three; the ageing state rides in the temperature's
# column and the responsible user is a standard filter (nest_prospect_list.js).
COLUMNS = ["phone", "email", "city", "source", "last_action", "temperature", "next_task_due_on"]


def log_interaction(prospect: str, channel: str, when) -> str:
	doc = frappe.get_doc(
		{
			"doctype": INTERACTION,
			"party_type": PROSPECT,
			"party": prospect,
			"interaction_on": when,
			"channel": channel,
		}
	).insert()
	return doc.name


def stored(name: str, *fields: str):
	"""The stored values of these fields (a tuple, even of one)."""
	return tuple(frappe.db.get_value(PROSPECT, name, list(fields), as_dict=True)[f] for f in fields)


class TestTheProspectList(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_source("Site web")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_the_columns_are_seed_003s_and_all_fit(self):
		meta = frappe.get_meta(PROSPECT)
		in_list = [df.fieldname for df in meta.fields if df.in_list_view and df.fieldname != meta.title_field]
		self.assertEqual(in_list, COLUMNS)
		# Frappe counts the title, the tags and the status indicator among the columns it shows:
		# none of these may be cut.
		total = int(frappe.get_doc("List View Settings", PROSPECT).total_fields)
		self.assertEqual(total, 3 + len(in_list))
		self.assertEqual(frappe._("Last Action", lang="fr"), "Dernière action")
		self.assertEqual(frappe._("City", lang="fr"), "Ville")

	def test_the_advanced_search_fields_are_standard_filters(self):
		meta = frappe.get_meta(PROSPECT)
		filters = {df.fieldname for df in meta.fields if df.in_standard_filter}
		# the creation and first contact dates are ranges the list's script adds
		self.assertLessEqual({"source", "pipeline_stage", "responsible_user", "city", "status"}, filters)
		# its last action is the app's to write: a level no role may write
		self.assertEqual(meta.get_field("last_action").permlevel, 2)
		self.assertEqual(meta.get_field("last_action_on").permlevel, 2)
		# an interaction's channel or a task's action type
		self.assertEqual(
			meta.get_field("last_action").options.split("\n"),
			frappe.get_meta(INTERACTION).get_field("channel").options.split("\n")
			+ frappe.get_meta(FOLLOW_UP_TASK).get_field("action_type").options.split("\n")[1:],
		)

	def test_filters_as_the_list_sends_them(self):
		frappe.set_user(AGENT)
		old = make_prospect(last_name="Liste", city="Thiès", source="Site web", pipeline_stage="Qualifié")
		new = make_prospect(last_name="Liste", city="Dakar", source="Téléphone", pipeline_stage="Évalué")
		frappe.set_user("Administrator")
		make_prospect(last_name="Liste", responsible_user=MANAGER)
		frappe.db.set_value(PROSPECT, old.name, "creation", "2011-03-10 09:00:00", update_modified=False)
		frappe.set_user(AGENT)

		def names(*filters) -> set[str]:
			return set(
				frappe.get_list(PROSPECT, filters=[["last_name", "=", "Liste"], *filters], pluck="name")
			)

		# "Date de création" min. and max.: the list's date range, both bounds included
		self.assertEqual(names(["creation", "Between", ["2011-03-10", "2011-03-10"]]), {old.name})
		self.assertEqual(names(["creation", ">=", "2011-03-11"]) & {old.name, new.name}, {new.name})
		self.assertEqual(names(["creation", "<=", "2011-03-10 23:59:59"]), {old.name})
		self.assertEqual(names(["source", "=", "Site web"]), {old.name})
		self.assertEqual(names(["pipeline_stage", "in", ["Évalué", "En négociation"]]), {new.name})
		self.assertEqual(names(["city", "like", "%dak%"]), {new.name})
		self.assertEqual(len(names(["responsible_user", "=", AGENT])), 2)
		self.assertEqual(len(names(["responsible_user", "=", MANAGER])), 1)

	def test_the_last_action_follows_the_interactions(self):
		frappe.set_user(AGENT)
		first = add_days(now_datetime(), -5).replace(microsecond=0)
		prospect = make_prospect(initial_channel="Facebook", first_contact_on=first)
		self.assertEqual(stored(prospect.name, "last_action", "last_action_on"), ("Facebook", first))
		call = add_days(now_datetime(), -2).replace(microsecond=0)
		log_interaction(prospect.name, "Outbound Call", call)
		self.assertEqual(stored(prospect.name, "last_action", "last_action_on"), ("Outbound Call", call))
		# an interaction logged late, that happened before, is not the last action
		log_interaction(prospect.name, "Visit", add_days(now_datetime(), -3))
		self.assertEqual(stored(prospect.name, "last_action", "last_action_on"), ("Outbound Call", call))
		self.assertEqual(stored(prospect.name, "last_interaction_on")[0], call)
		# the form cannot write it
		doc = frappe.get_doc(PROSPECT, prospect.name)
		doc.last_action = "Event"
		doc.save()
		self.assertEqual(stored(prospect.name, "last_action")[0], "Outbound Call")

	def test_a_task_recorded_done_is_the_last_action(self):
		frappe.set_user(AGENT)
		call = add_days(now_datetime(), -3).replace(microsecond=0)
		prospect = make_prospect(initial_channel="Inbound Call", first_contact_on=add_days(call, -2))
		log_interaction(prospect.name, "Outbound Call", call)
		doc = frappe.get_doc(PROSPECT, prospect.name)
		# seed 003: a chase-up done yesterday, recorded today, is the last thing done
		yesterday = add_days(now_datetime(), -1).date()
		doc.plan_task(action_type="Chase-up", date=str(yesterday), description="Rappelée hier")
		self.assertEqual(
			stored(prospect.name, "last_action", "last_action_on"),
			("Chase-up", datetime.combine(yesterday, time.min)),
		)
		self.assertEqual(stored(prospect.name, "last_interaction_on")[0], call)  # her ageing's clock
		# one recorded done for a day before the call is not
		doc.plan_task(action_type="Proposal", date=str(add_days(call, -1).date()), description="")
		self.assertEqual(stored(prospect.name, "last_action")[0], "Chase-up")
		# a task planned for later is not done: nothing moves
		doc.plan_task(action_type="Appointment", date=str(add_days(now_datetime(), 2).date()), description="")
		self.assertEqual(stored(prospect.name, "last_action")[0], "Chase-up")
		# the patch finds the same from what is stored
		frappe.db.set_value(
			PROSPECT, prospect.name, {"last_action": None, "last_action_on": None}, update_modified=False
		)
		refresh_last_actions()
		self.assertEqual(
			stored(prospect.name, "last_action", "last_action_on"),
			("Chase-up", datetime.combine(yesterday, time.min)),
		)

	def test_the_patch_sets_the_last_action_from_the_stored_interactions(self):
		frappe.set_user(AGENT)
		prospect = make_prospect(
			initial_channel="Inbound Call", first_contact_on=add_days(now_datetime(), -4)
		)
		log_interaction(prospect.name, "WhatsApp", add_days(now_datetime(), -1))
		log_interaction(prospect.name, "Email", add_days(now_datetime(), -2))
		frappe.db.set_value(PROSPECT, prospect.name, "last_action", None, update_modified=False)
		modified = stored(prospect.name, "modified")[0]
		refresh_last_actions()
		self.assertEqual(stored(prospect.name, "last_action", "modified"), ("WhatsApp", modified))
		self.assertEqual(
			stored(prospect.name, "last_action_on")[0], stored(prospect.name, "last_interaction_on")[0]
		)

	def test_city_is_kept_trimmed_and_erased_with_her(self):
		from nest_prospects.personal_data.rules import IDENTIFYING_FIELDS

		frappe.set_user(AGENT)
		prospect = make_prospect(city="  Rufisque ")
		self.assertEqual(stored(prospect.name, "city")[0], "Rufisque")
		self.assertIn("city", IDENTIFYING_FIELDS[PROSPECT])

	def test_the_manager_exports_the_filtered_list_the_secretary_does_not(self):
		frappe.set_user(AGENT)
		make_prospect(last_name="Exportée", city="Mbour")
		make_prospect(last_name="Exportée", city="Dakar")
		params = {
			"doctype": PROSPECT,
			"file_format_type": "CSV",
			"fields": '["`tabNEST Prospect`.`name`", "`tabNEST Prospect`.`city`"]',
			"filters": '[["NEST Prospect", "last_name", "=", "Exportée"], ["NEST Prospect", "city", "=", "Mbour"]]',
			"title": PROSPECT,
		}
		self.assertFalse(frappe.has_permission(PROSPECT, "export"))
		frappe.local.form_dict = frappe._dict(params)
		with self.assertRaises(frappe.PermissionError):
			export_query()
		frappe.set_user(MANAGER)
		self.assertTrue(frappe.has_permission(PROSPECT, "export"))
		frappe.local.form_dict = frappe._dict(params)
		export_query()
		lines = frappe.response["filecontent"].decode("utf-8").strip().splitlines()
		self.assertEqual(len(lines), 2, lines)  # the header and the one prospect from Mbour
		self.assertIn("Mbour", lines[1])
