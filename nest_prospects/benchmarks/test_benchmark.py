"""The benchmark's data set: shaped as documented, read by the app's own rules, and removed whole.

The builder and the cleanup commit (the jobs they serve commit too), so these tests leave the
site exactly as they found it, which is what they check.
"""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from nest_prospects.benchmarks import data
from nest_prospects.people.rules.matching import person_key
from nest_prospects.people.rules.phones import normalise_phone

PROSPECTS = 200


class TestBenchmarkData(FrappeTestCase):
	def setUp(self):
		frappe.db.commit()  # whatever the test runner left pending is not ours to remove
		self.before = data.table_counts()

	def tearDown(self):
		data.cleanup()

	def test_build_then_cleanup_leaves_the_tables_as_they_were(self):
		built = data.build(PROSPECTS)
		rows = built["rows"]
		self.assertEqual(rows["NEST Prospect"], PROSPECTS)
		self.assertEqual(rows["NEST Patient"], PROSPECTS // 2)
		self.assertEqual(rows["NEST Interaction"], 10 * PROSPECTS)
		self.assertEqual(rows["NEST Interaction Request Type"], 4 * PROSPECTS)
		self.assertEqual(rows["NEST Appointment"], PROSPECTS // 5)
		self.assertNotEqual(data.table_counts(), self.before)

		deleted = data.cleanup()
		self.assertEqual(deleted["NEST Prospect"], PROSPECTS)
		self.assertEqual(data.table_counts(), self.before)
		self.assertEqual(data.cleanup()["NEST Prospect"], 0)  # safe to run again

	def test_the_rows_are_what_the_app_itself_would_store(self):
		data.build(PROSPECTS)
		prospects = frappe.get_all(
			"NEST Prospect",
			filters={"name": ("like", data.LIKE_PREFIX)},
			fields=["name", "phone", "first_name", "last_name", "date_of_birth", "match_key", "patient"],
		)
		for row in prospects:
			self.assertEqual(normalise_phone(row.phone, "SN"), row.phone, row.name)
			self.assertEqual(person_key(row.last_name, row.first_name, row.date_of_birth), row.match_key)
		patients = frappe.get_all(
			"NEST Patient",
			filters={"name": ("like", data.LIKE_PREFIX)},
			fields=["phone", "first_name", "last_name", "date_of_birth", "match_key"],
		)
		for row in patients:
			self.assertEqual(normalise_phone(row.phone, "SN"), row.phone)
			self.assertEqual(person_key(row.last_name, row.first_name, row.date_of_birth), row.match_key)
		# Every link points to a row that exists: the jobs join on them.
		for query in (
			"""select count(*) from `tabNEST Interaction` i left join `tabNEST Prospect` p on p.name = i.party
			where i.party_type = 'NEST Prospect' and i.name like %(like)s and p.name is null""",
			"""select count(*) from `tabNEST Interaction Request Type` r
			left join `tabNEST Interaction` i on i.name = r.parent
			left join `tabNEST Prospect` p on p.name = r.parent
			where r.name like %(like)s and i.name is null and p.name is null""",
			"""select count(*) from `tabNEST Interaction Request Type` r
			left join `tabNEST Request Type` t on t.name = r.request_type
			where r.name like %(like)s and t.name is null""",
			"""select count(*) from `tabNEST Prospect` p left join `tabNEST Patient` pa on pa.name = p.patient
			where p.name like %(like)s and p.patient is not null and pa.name is null""",
		):
			self.assertEqual(frappe.db.sql(query, {"like": data.LIKE_PREFIX})[0][0], 0, query)
		# Some patients are known by a prospect's phone, some by her names and date of birth.
		for column in ("phone", "match_key"):
			shared = frappe.db.sql(
				f"""select count(*) from `tabNEST Patient` pa join `tabNEST Prospect` p on p.{column} = pa.{column}
				where pa.name like %(like)s and p.name like %(like)s""",
				{"like": data.LIKE_PREFIX},
			)[0][0]
			self.assertGreater(shared, 0, column)

	def test_a_site_with_its_own_prospects_is_refused(self):
		from nest_prospects.benchmarks.suite import run
		from nest_prospects.tests.factories import make_prospect

		make_prospect()  # a real one (rolled back by the cleanup of tearDown)
		self.assertTrue(data.has_real_data())
		self.assertIsNone(run(prospects=PROSPECTS))
		self.assertEqual(frappe.db.count("NEST Prospect", {"name": ("like", data.LIKE_PREFIX)}), 0)

	def test_no_job_reads_a_table_for_each_row_it_considers(self):
		"""On a small, freshly loaded data set (the optimizer's statistics are those of a new site):
		no dependent subquery scans a table per outer row, whatever its size."""
		from nest_prospects.ageing.jobs import update_ageing_states
		from nest_prospects.benchmarks.data import count_queries
		from nest_prospects.benchmarks.suite import plan_warnings
		from nest_prospects.conversion_review.jobs import create_due_reviews
		from nest_prospects.followup.due_tasks import create_due_tasks

		built = data.build(PROSPECTS)
		now = built["now"]
		with count_queries() as queries:
			update_ageing_states(now.date())
			create_due_tasks(now)
			create_due_reviews(now.date())
		self.assertGreater(len(queries), 10)
		per_row = [
			warning
			for warning in plan_warnings(queries, limit=200, dependent_rows=0, full_scan_rows=10**9)
			if "per outer row" in warning
		]
		self.assertEqual(per_row, [])
