import frappe
from frappe.tests.utils import FrappeTestCase

from nest_prospects import demo
from nest_prospects.ageing.jobs import update_ageing_states
from nest_prospects.conversion_review.jobs import create_due_reviews
from nest_prospects.followup.due_tasks import create_due_tasks
from nest_prospects.tests.commits import commits_held
from nest_prospects.tests.factories import make_prospect

COUNTED = (
	"NEST Prospect",
	"NEST Patient",
	"NEST Interaction",
	"NEST Appointment",
	"NEST Conversion Review",
	"ToDo",
	"NEST Contact Person",
)


def counts() -> dict[str, int]:
	return {doctype: frappe.db.count(doctype) for doctype in COUNTED}


class TestDemoData(FrappeTestCase):
	def setUp(self):
		self.enterContext(commits_held())  # the review job (and the demo's replay of it) commits per page

	def test_load_follows_the_rules_and_unload_removes_only_it(self):
		demo.unload()  # a site where the demo was loaded before starts from its own records
		mine = make_prospect().name  # a record of the site's own: unload must keep it
		before = counts()
		before_asked = frappe.db.count("NEST Prospect", {"contact_person": ("is", "set")})
		created = demo.load(prospects=40, force=True, seed=7)
		after = counts()
		self.assertEqual(after["NEST Prospect"] - before["NEST Prospect"], 40)
		self.assertEqual(created["prospects"], 40)
		self.assertGreater(
			after["NEST Interaction"] - before["NEST Interaction"], 40
		)  # first contacts and more
		self.assertGreater(created["reviews"], 0)
		self.assertGreater(created["contact persons"], 0)  # seed 002: some ask for someone else
		self.assertEqual(
			frappe.db.count("NEST Prospect", {"contact_person": ("is", "set")}) - before_asked,
			created["contact persons"],
		)
		self.assertGreater(frappe.db.count("NEST Prospect", {"status": "Converted"}), 0)

		# consistent with the rules: the jobs run over it change nothing
		self.assertEqual(create_due_tasks(), {})
		self.assertEqual(create_due_reviews(), 0)
		self.assertEqual(sum(update_ageing_states().values()), 0)

		demo.unload()
		self.assertEqual(counts(), before)
		self.assertTrue(frappe.db.exists("NEST Prospect", mine))

	def test_the_history_fills_the_managers_screens(self):
		"""Backdated as it happened: the months before this one have prospects, ageing moves and
		reviews, so the manager's history-based cards and reports show numbers, not zeros."""
		from frappe.utils import add_months, getdate, today

		from nest_prospects.nest_prospects.report.nest_prospect_ageing import nest_prospect_ageing
		from nest_prospects.nest_prospects.report.nest_prospect_sources import nest_prospect_sources

		demo.unload()
		demo.load(prospects=200, force=True, seed=11)
		tagged = demo._tagged("NEST Prospect")
		this_month = getdate(today()).replace(day=1)
		# The follow-up was worked through: past tasks closed on time, some late, some still open.
		closed = dict(
			frappe.db.sql(
				"""select date(td.modified) <= td.date, count(*) from `tabToDo` td
				join `tabNEST Follow-up Task` t on t.todo = td.name
				where td.status = 'Closed' and t.reference_name in %(names)s group by 1""",
				{"names": tagged},
			)
		)
		self.assertGreater(closed.get(1, 0), closed.get(0, 0))
		self.assertGreater(closed.get(0, 0), 0)
		creations = frappe.get_all(
			"NEST Prospect", filters={"name": ("in", tagged)}, fields=["creation", "first_contact_on"]
		)
		self.assertTrue(all(row.creation == row.first_contact_on for row in creations))
		months = {getdate(row.creation).replace(day=1) for row in creations}
		self.assertGreaterEqual(len(months), 6)
		self.assertIn(add_months(this_month, -5), months)

		self.assertGreater(nest_prospect_sources.last_month_conversion_card()["value"], 0)
		self.assertGreater(nest_prospect_ageing.lost_this_month_card()["value"], 0)
		last_month_reviews = frappe.get_all(
			"NEST Conversion Review",
			filters={
				"prospect": ("in", tagged),
				"creation": ("between", (add_months(this_month, -1), this_month)),
			},
			pluck="outcome",
		)
		self.assertIn("Converted", last_month_reviews)
		self.assertGreater(len(set(last_month_reviews)), 2)

		_columns, rows = nest_prospect_ageing.execute({"view": nest_prospect_ageing.BY_MONTH})[:2]
		past = [row for row in rows if row.get("month") and getdate(row["month"]) < this_month]
		self.assertGreaterEqual(len(past), 4)
		for row in past[-3:]:
			self.assertGreater(row["total"], 0, row)
			self.assertGreater(row["moved_dormant"] + row["moved_lost"], 0, row)

		# still consistent with the rules: the jobs run over it change nothing
		self.assertEqual(create_due_tasks(), {})
		self.assertEqual(create_due_reviews(), 0)
		self.assertEqual(sum(update_ageing_states().values()), 0)
		demo.unload()

	def test_refuses_a_site_that_holds_prospects(self):
		make_prospect()
		with self.assertRaises(frappe.ValidationError):
			demo.load(prospects=5)
