import frappe
from frappe.tests.utils import FrappeTestCase

from nest_prospects.ageing.jobs import update_ageing_states
from nest_prospects.tests.factories import age_prospect, make_prospect


def state_of(name):
	return frappe.db.get_value("NEST Prospect", name, "ageing_state")


def history_of(name):
	return frappe.get_all(
		"NEST Classification Change",
		filters={"parent": name, "parenttype": "NEST Prospect", "classification": "Ageing State"},
		fields=["from_value", "to_value", "reason", "idx"],
		order_by="idx",
	)


class TestDailyAgeingJob(FrappeTestCase):
	def make_aged(self, temperature, days):
		prospect = make_prospect(temperature=temperature)
		age_prospect(prospect.name, days)
		return prospect.name

	def test_states_follow_the_procedure_boundaries(self):
		cases = {
			("Hot", 15): "Normal",
			("Hot", 16): "Dormant",
			("Hot", 31): "Lost",
			("Warm", 31): "Dormant",
			("Warm", 61): "Lost",
			("Cold", 60): "Normal",
			("Cold", 61): "Dormant",
			("Cold", 91): "Lost",
		}
		names = {case: self.make_aged(*case) for case in cases}
		update_ageing_states()
		for case, expected in cases.items():
			self.assertEqual(state_of(names[case]), expected, case)
		hot_lost = history_of(names[("Hot", 31)])
		self.assertEqual([(h.from_value, h.to_value) for h in hot_lost], [("Normal", "Lost")])
		self.assertEqual(hot_lost[0].idx, 2)  # after the creation row of the temperature

	def test_running_twice_changes_nothing_more(self):
		name = self.make_aged("Hot", 20)
		first = update_ageing_states()
		self.assertGreaterEqual(first["Dormant"], 1)
		modified = frappe.db.get_value("NEST Prospect", name, "modified")
		second = update_ageing_states()
		self.assertEqual(second, {"Normal": 0, "Dormant": 0, "Lost": 0})
		self.assertEqual(len(history_of(name)), 1)
		self.assertEqual(frappe.db.get_value("NEST Prospect", name, "modified"), modified)

	def test_closed_prospects_are_left_alone(self):
		name = self.make_aged("Hot", 40)
		frappe.db.set_value("NEST Prospect", name, "status", "Converted")
		update_ageing_states()
		self.assertEqual(state_of(name), "Normal")

	def test_query_count_does_not_grow_with_the_number_of_prospects(self):
		def queries_for(count):
			for _ in range(count):
				self.make_aged("Hot", 20)
			sql = frappe.db.sql
			calls = []

			def counting(*args, **kwargs):
				calls.append(args[0])
				return sql(*args, **kwargs)

			frappe.db.sql = counting
			try:
				moved = update_ageing_states()
			finally:
				frappe.db.sql = sql
			self.assertGreaterEqual(moved["Dormant"], count)
			return len(calls)

		self.assertEqual(queries_for(2), queries_for(12))
