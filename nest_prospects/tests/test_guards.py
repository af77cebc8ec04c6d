"""Fields only the app writes (nest_prospects.guards), in a site, as the desk's users."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from nest_prospects.nest_prospects.doctype.nest_prospect.nest_prospect import NESTProspect
from nest_prospects.tests.factories import (
	AGENT,
	MANAGER,
	make_patient,
	make_prospect,
	random_mobile,
)

DOCUMENTED_PATH = "nest_prospects.guards.change_reconciled_status"


def change_reconciled_status(prospect: str, status: str, reason: str) -> dict:
	"""What the form's "Change Status" does (frm.call): the prospect's own method."""
	return frappe.get_doc("NEST Prospect", prospect).change_reconciled_status(status=status, reason=reason)


class TestProspectGuards(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def converted(self):
		prospect = make_prospect(phone=random_mobile())
		patient = make_patient(phone=prospect.phone)
		prospect.reload()
		self.assertEqual((prospect.status, prospect.patient), ("Converted", patient.name))
		return prospect, patient

	def test_a_save_keeps_the_computed_fields_and_the_history(self):
		prospect = make_prospect(phone=random_mobile())
		stored = frappe.get_doc("NEST Prospect", prospect.name)
		history = [(row.name, row.reason) for row in stored.classification_history]
		frappe.set_user(AGENT)
		doc = frappe.get_doc("NEST Prospect", prospect.name)
		doc.update(
			{
				"ageing_state": "Lost",
				"last_interaction_on": "2001-01-01 00:00:00",
				"first_answered_on": "2001-01-02 00:00:00",
				"patient": make_patient().name,
				"comments": "Rappeler lundi",
			}
		)
		doc.set(
			"classification_history", [{"classification": "Temperature", "to_value": "Cold", "reason": "x"}]
		)
		doc.save()
		frappe.set_user("Administrator")
		doc = frappe.get_doc("NEST Prospect", prospect.name)
		for field in ("ageing_state", "last_interaction_on", "first_answered_on", "patient"):
			self.assertEqual(doc.get(field), stored.get(field), field)
		self.assertEqual([(row.name, row.reason) for row in doc.classification_history], history)
		self.assertEqual(doc.comments, "Rappeler lundi")

	def test_a_temperature_change_is_still_logged(self):
		prospect = make_prospect(phone=random_mobile(), temperature="Cold")
		prospect.temperature = "Hot"
		prospect.save()
		rows = [(row.classification, row.from_value, row.to_value) for row in prospect.classification_history]
		self.assertIn(("Temperature", "Cold", "Hot"), rows)

	def test_a_new_prospect_starts_without_the_apps_fields(self):
		patient = make_patient()
		frappe.set_user(AGENT)
		prospect = make_prospect(
			phone=random_mobile(),
			patient=patient.name,
			first_answered_on=now_datetime(),
			classification_history=[{"classification": "Temperature", "to_value": "Cold", "reason": "x"}],
		)
		self.assertIsNone(prospect.first_answered_on)
		self.assertIsNone(prospect.patient)
		self.assertNotIn("x", [row.reason for row in prospect.classification_history])
		with self.assertRaises(frappe.PermissionError):
			make_prospect(phone=random_mobile(), status="Converted")

	def test_a_converted_prospect_goes_back_only_by_a_manager_with_a_reason(self):
		prospect, patient = self.converted()
		for user in (AGENT, MANAGER):
			frappe.set_user(user)
			doc = frappe.get_doc("NEST Prospect", prospect.name)
			doc.status = "Active"
			with self.assertRaises(frappe.PermissionError):
				doc.save()
		frappe.set_user(AGENT)
		with self.assertRaises(frappe.PermissionError):
			change_reconciled_status(prospect.name, "Active", "erreur")
		frappe.set_user(MANAGER)
		with self.assertRaises(frappe.MandatoryError):
			change_reconciled_status(prospect.name, "Active", "   ")
		with self.assertRaises(frappe.ValidationError):
			change_reconciled_status(prospect.name, "Converted", "pourquoi pas")
		answer = change_reconciled_status(prospect.name, "Active", "Homonyme : pas la même personne")
		self.assertEqual(answer["status"], "Active")
		frappe.set_user("Administrator")
		doc = frappe.get_doc("NEST Prospect", prospect.name)
		self.assertEqual((doc.status, doc.patient), ("Active", None))
		comment = frappe.get_doc("Comment", answer["comment"])
		self.assertEqual((comment.reference_name, comment.owner), (prospect.name, MANAGER))
		self.assertIn("Homonyme : pas la même personne", comment.content)
		self.assertIn(patient.name, comment.content)
		version = frappe.get_last_doc(
			"Version", filters={"ref_doctype": "NEST Prospect", "docname": prospect.name}
		)
		self.assertIn('"Active"', version.data)

	def test_the_change_of_status_is_a_post_also_answered_at_its_documented_path(self):
		self.assertEqual(
			frappe.allowed_http_methods_for_whitelisted_func[NESTProspect.change_reconciled_status], ["POST"]
		)
		path = frappe.get_hooks("override_whitelisted_methods")[DOCUMENTED_PATH][-1]
		method = frappe.get_attr(path)
		self.assertIn(method, frappe.whitelisted)
		self.assertEqual(frappe.allowed_http_methods_for_whitelisted_func[method], ["POST"])
		prospect, _patient = self.converted()
		frappe.set_user(AGENT)
		with self.assertRaises(frappe.PermissionError):
			method(prospect=prospect.name, status="Active", reason="erreur")
		frappe.set_user(MANAGER)
		answer = method(prospect=prospect.name, status="Abandoned", reason="Ne souhaite plus être suivie")
		self.assertEqual(answer["status"], "Abandoned")
		self.assertEqual(frappe.db.get_value("NEST Prospect", prospect.name, "status"), "Abandoned")

	def test_the_change_of_status_reads_the_stored_prospect_not_the_form(self):
		prospect, _patient = self.converted()
		frappe.set_user(MANAGER)
		sent = frappe.get_doc("NEST Prospect", prospect.name)
		sent.first_name = "Changée dans le formulaire"
		sent.change_reconciled_status(status="Active", reason="Homonyme")
		frappe.set_user("Administrator")
		stored = frappe.get_doc("NEST Prospect", prospect.name)
		self.assertEqual((stored.status, stored.patient), ("Active", None))
		self.assertEqual(stored.first_name, prospect.first_name)

	def test_nobody_marks_a_prospect_converted_by_hand(self):
		prospect = make_prospect(phone=random_mobile())
		prospect.status = "Converted"
		with self.assertRaises(frappe.PermissionError):
			prospect.save()
		prospect.reload()
		prospect.status = "Abandoned"  # the follow-up's own statuses stay the secretaries'
		prospect.save()

	def test_the_history_is_never_saved_on_its_own(self):
		prospect = make_prospect(phone=random_mobile())
		row = frappe.get_doc("NEST Classification Change", prospect.classification_history[0].name)
		row.reason = "forged"
		with self.assertRaises(frappe.PermissionError):
			row.save()
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "NEST Classification Change",
					"parent": prospect.name,
					"parenttype": "NEST Prospect",
					"parentfield": "classification_history",
					"classification": "Temperature",
					"to_value": "Hot",
				}
			).insert()
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("NEST Classification Change", row.name)


class TestPatientAndAppointmentGuards(FrappeTestCase):
	def test_the_patient_systems_date_and_id_stay_its_own(self):
		patient = make_patient()
		patient.update({"source_updated_at": "2099-01-01 00:00:00", "external_id": "SOMEONE-ELSE"})
		patient.save()
		patient.reload()
		self.assertIsNone(patient.source_updated_at)
		self.assertEqual(patient.external_id, patient.name)

	def test_a_desk_appointment_is_the_desks(self):
		appointment = frappe.get_doc(
			{
				"doctype": "NEST Appointment",
				"party_type": "NEST Patient",
				"party": make_patient().name,
				"scheduled_on": add_days(now_datetime(), 3),
				"status": "Scheduled",
				"source": "Patient System",
				"external_id": "FORGED-1",
				"source_updated_at": "2099-01-01 00:00:00",
			}
		).insert()
		self.assertEqual(
			(appointment.source, appointment.external_id, appointment.source_updated_at), ("Desk", None, None)
		)
		appointment.update({"source": "Patient System", "external_id": "FORGED-2"})
		appointment.save()
		appointment.reload()
		self.assertEqual((appointment.source, appointment.external_id), ("Desk", None))
