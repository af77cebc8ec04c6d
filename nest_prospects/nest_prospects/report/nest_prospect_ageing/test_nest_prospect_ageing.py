"""Vieillissement des prospects, counted by hand.

Now: three active prospects of a source of their own, hot and normal, warm and dormant, cold and
lost (and a fourth, converted, left out).

By month, from the history, May to August 2020: Q (hot) recorded on 15 May, dormant on 10 June,
lost on 20 July; R (warm) recorded on 20 May, dormant on 5 August. At the end of May both are
normal; June: Q dormant, R normal; July: Q lost, R normal; August: Q lost, R dormant. Moves:
June one to dormant, July one to lost, August one to dormant.
"""

from __future__ import annotations

from datetime import datetime

import frappe
from frappe.tests.utils import FrappeTestCase

from nest_prospects.nest_prospects.report.nest_prospect_ageing.nest_prospect_ageing import (
	execute,
	lost_this_month_card,
)
from nest_prospects.tests.factories import make_prospect

SUMMER = {"view": "By Month", "from_date": "2020-05-01", "to_date": "2020-08-31"}


class TestProspectAgeing(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.source = "Ageing " + frappe.generate_hash(length=6)
		frappe.get_doc({"doctype": "NEST Prospect Source", "source_name": cls.source}).insert()
		for temperature, state, status in (
			("Hot", "Normal", "Active"),
			("Warm", "Dormant", "Active"),
			("Cold", "Lost", "Active"),
			("Hot", "Lost", "Converted"),
		):
			prospect = make_prospect(
				last_name="Age" + frappe.generate_hash(length=5), temperature=temperature, source=cls.source
			)
			frappe.db.set_value(
				"NEST Prospect",
				prospect.name,
				{"ageing_state": state, "status": status},
				update_modified=False,
			)
		cls.q = recorded("Hot", datetime(2020, 5, 15, 9), cls.source)
		change(cls.q, datetime(2020, 6, 10, 1), "Normal", "Dormant")
		change(cls.q, datetime(2020, 7, 20, 1), "Dormant", "Lost")
		frappe.db.set_value("NEST Prospect", cls.q, "ageing_state", "Lost", update_modified=False)
		cls.r = recorded("Warm", datetime(2020, 5, 20, 9), cls.source)
		change(cls.r, datetime(2020, 8, 5, 1), "Normal", "Dormant")
		frappe.db.set_value("NEST Prospect", cls.r, "ageing_state", "Dormant", update_modified=False)

	def test_now_by_temperature_and_state(self):
		columns, rows, _message, chart, summary = execute({"view": "Now", "source": self.source})
		by_temperature = {row["temperature_value"]: row for row in rows if not row.get("is_total")}
		states = ("normal", "dormant", "lost", "total")
		# Q and R are active too: Q hot and lost, R warm and dormant.
		self.assertEqual([by_temperature["Hot"][k] for k in states], [1, 0, 1, 2])
		self.assertEqual([by_temperature["Warm"][k] for k in states], [0, 2, 0, 2])
		self.assertEqual([by_temperature["Cold"][k] for k in states], [0, 0, 1, 1])
		total = rows[-1]
		self.assertEqual([total[k] for k in states], [1, 2, 2, 5])
		self.assertEqual(total["lost_rate"], 40.0)
		self.assertEqual(summary[0]["value"], 5)
		self.assertEqual(chart["data"]["datasets"][2]["values"], [1, 0, 1])
		self.assertEqual(len(columns), 6)

	def test_by_month_from_the_history(self):
		_columns, rows, _message, chart, summary = execute(SUMMER)
		counts = [(str(r["month"]), r["normal"], r["dormant"], r["lost"], r["total"]) for r in rows[:-1]]
		self.assertEqual(
			counts,
			[
				("2020-05-01", 2, 0, 0, 2),
				("2020-06-01", 1, 1, 0, 2),
				("2020-07-01", 1, 0, 1, 2),
				("2020-08-01", 0, 1, 1, 2),
			],
		)
		moves = [(r["moved_dormant"], r["moved_lost"]) for r in rows[:-1]]
		self.assertEqual(moves, [(0, 0), (1, 0), (0, 1), (1, 0)])
		self.assertEqual((rows[-1]["moved_dormant"], rows[-1]["moved_lost"]), (2, 1))
		self.assertEqual(chart["data"]["labels"], ["05/2020", "06/2020", "07/2020", "08/2020"])
		self.assertEqual(summary[0]["value"], 2)

	def test_by_month_for_one_temperature(self):
		rows = execute({**SUMMER, "temperature": "Hot"})[1]
		counts = [(r["normal"], r["dormant"], r["lost"]) for r in rows[:-1]]
		self.assertEqual(counts, [(1, 0, 0), (0, 1, 0), (0, 0, 1), (0, 0, 1)])
		self.assertEqual((rows[-1]["moved_dormant"], rows[-1]["moved_lost"]), (1, 1))

	def test_a_prospect_that_left_counts_until_it_left(self):
		frappe.db.set_value(
			"NEST Prospect",
			self.r,
			{"status": "Converted", "modified": datetime(2020, 7, 15)},
			update_modified=False,
		)
		try:
			rows = execute(SUMMER)[1]
			self.assertEqual([r["total"] for r in rows[:-1]], [2, 2, 1, 1])
		finally:
			frappe.db.set_value("NEST Prospect", self.r, "status", "Active", update_modified=False)

	def test_the_card(self):
		self.assertIsInstance(lost_this_month_card()["value"], int)


def recorded(temperature: str, moment: datetime, source: str) -> str:
	"""A prospect as if recorded at `moment`: its record and its first history row dated so."""
	prospect = make_prospect(
		last_name="Hist" + frappe.generate_hash(length=5),
		temperature=temperature,
		source=source,
		first_contact_on=moment,
	)
	frappe.db.set_value("NEST Prospect", prospect.name, "creation", moment, update_modified=False)
	frappe.db.sql(
		"""update `tabNEST Classification Change` set changed_on = %s where parent = %s""",
		(moment, prospect.name),
	)
	return prospect.name


def change(prospect: str, moment: datetime, before: str, after: str) -> None:
	idx = frappe.db.count("NEST Classification Change", {"parent": prospect}) + 1
	frappe.get_doc(
		{
			"doctype": "NEST Classification Change",
			"parent": prospect,
			"parenttype": "NEST Prospect",
			"parentfield": "classification_history",
			"idx": idx,
			"changed_on": moment,
			"classification": "Ageing State",
			"from_value": before,
			"to_value": after,
			"changed_by": "Administrator",
			"reason": "test",
		}
	).db_insert()
