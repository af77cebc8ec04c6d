"""Appointments typed at the desk: who may, and the cancellation logged as an interaction."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from nest_prospects.tests.factories import AGENT, OUTSIDER, PATIENT_SYSTEM, make_prospect


def new_appointment(party: str, days: int = 2, status: str = "Scheduled"):
	return frappe.get_doc(
		{
			"doctype": "NEST Appointment",
			"party_type": "NEST Prospect",
			"party": party,
			"scheduled_on": add_days(now_datetime(), days),
			"status": status,
		}
	)


def cancellations(party: str) -> int:
	interactions = frappe.get_all("NEST Interaction", filters={"party": party}, pluck="name")
	return frappe.db.count(
		"NEST Interaction Request Type",
		{"parent": ("in", interactions or [""]), "request_type": "ANNULATION RDV"},
	)


class TestNESTAppointment(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_agent_books_then_cancels_and_the_cancellation_is_logged_once(self):
		prospect = make_prospect()
		frappe.set_user(AGENT)
		appointment = new_appointment(prospect.name).insert()
		self.assertEqual((appointment.source, appointment.party_name), ("Desk", prospect.full_name))
		self.assertEqual(cancellations(prospect.name), 0)
		appointment.status = "Cancelled"
		appointment.save()
		appointment.comments = "Reportera"
		appointment.save()
		self.assertEqual(cancellations(prospect.name), 1)
		appointment.reload()
		self.assertEqual(
			frappe.db.get_value("NEST Interaction", appointment.cancellation_interaction, "party"),
			prospect.name,
		)
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("NEST Appointment", appointment.name)

	def test_an_appointment_to_come_cannot_be_attended_yet(self):
		prospect = make_prospect()
		with self.assertRaisesRegex(frappe.ValidationError, "cannot be"):
			new_appointment(prospect.name, days=3, status="Attended").insert()
		self.assertFalse(frappe.db.exists("NEST Appointment", {"party": prospect.name}))

	def test_who_may_read_appointments(self):
		prospect = make_prospect()
		appointment = new_appointment(prospect.name).insert()
		# The patient system's API user reads the appointments it pushed for patients, not a prospect's.
		for user, allowed in ((AGENT, True), (PATIENT_SYSTEM, False), (OUTSIDER, False)):
			with self.subTest(user=user):
				frappe.set_user(user)
				self.assertEqual(
					bool(frappe.has_permission("NEST Appointment", "read", appointment.name)), allowed
				)
				self.assertFalse(frappe.has_permission("NEST Appointment", "delete", appointment.name))
		frappe.set_user("Administrator")
