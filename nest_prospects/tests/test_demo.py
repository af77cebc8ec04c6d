import frappe
from frappe.tests.utils import FrappeTestCase

from nest_prospects import demo
from nest_prospects.ageing.jobs import update_ageing_states
from nest_prospects.conversion_review.jobs import create_due_reviews
from nest_prospects.followup.due_tasks import create_due_tasks
from nest_prospects.tests.factories import ensure_users, make_prospect

COUNTED = (
	"NEST Prospect",
	"NEST Patient",
	"NEST Interaction",
	"NEST Appointment",
	"NEST Conversion Review",
	"ToDo",
)


def counts() -> dict[str, int]:
	return {doctype: frappe.db.count(doctype) for doctype in COUNTED}


class TestDemoData(FrappeTestCase):
	def setUp(self):
		ensure_users()

	def test_load_follows_the_rules_and_unload_removes_only_it(self):
		demo.unload()  # a site where the demo was loaded before starts from its own records
		mine = make_prospect().name  # a record of the site's own: unload must keep it
		before = counts()
		created = demo.load(prospects=40, force=True, seed=7)
		after = counts()
		self.assertEqual(after["NEST Prospect"] - before["NEST Prospect"], 40)
		self.assertEqual(created["prospects"], 40)
		self.assertGreater(
			after["NEST Interaction"] - before["NEST Interaction"], 40
		)  # first contacts and more
		self.assertGreater(created["reviews"], 0)
		self.assertGreater(frappe.db.count("NEST Prospect", {"status": "Converted"}), 0)

		# consistent with the rules: the jobs run over it change nothing
		self.assertEqual(create_due_tasks(), {})
		self.assertEqual(create_due_reviews(), 0)
		self.assertEqual(sum(update_ageing_states().values()), 0)

		demo.unload()
		self.assertEqual(counts(), before)
		self.assertTrue(frappe.db.exists("NEST Prospect", mine))

	def test_refuses_a_site_that_holds_prospects(self):
		make_prospect()
		with self.assertRaises(frappe.ValidationError):
			demo.load(prospects=5)
