"""Rappels du jour: open call and recall tasks by due date and assignee."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, getdate, now_datetime

from nest_prospects.followup.due_tasks import create_due_tasks
from nest_prospects.followup.rules.working_time import add_working_day_hours
from nest_prospects.followup.test_due_tasks import FollowupTestCase
from nest_prospects.nest_prospects.report.nest_daily_recalls.nest_daily_recalls import execute
from nest_prospects.tests.factories import AGENT, MANAGER, make_prospect


class TestNESTDailyRecalls(FollowupTestCase):
	def test_open_tasks_by_due_date_and_assignee_closed_ones_leave(self):
		first = self.first_contact()
		hot = make_prospect(temperature="Hot", first_contact_on=first, responsible_user=AGENT)
		warm = make_prospect(temperature="Warm", first_contact_on=first, responsible_user=MANAGER)
		create_due_tasks(now=add_working_day_hours(first, 49, self.calendar()))

		_columns, rows = execute({"up_to": getdate(now_datetime())})
		mine = [row for row in rows if row.reference_name in (hot.name, warm.name)]
		self.assertEqual(len(mine), 2)
		by_name = {row.reference_name: row for row in mine}
		self.assertEqual(by_name[hot.name].allocated_to, AGENT)
		self.assertEqual(by_name[warm.name].allocated_to, MANAGER)
		self.assertGreater(by_name[hot.name].days_late, 0)
		self.assertEqual(by_name[hot.name].party_name, hot.full_name)
		self.assertEqual([row.date for row in rows], sorted(row.date for row in rows))

		only_agent = execute({"up_to": getdate(now_datetime()), "assigned_to": AGENT})[1]
		self.assertTrue(all(row.allocated_to == AGENT for row in only_agent))

		# Not due yet on the day before the due date.
		before = execute({"up_to": add_days(by_name[hot.name].date, -1)})[1]
		self.assertNotIn(hot.name, [row.reference_name for row in before])

		frappe.db.set_value("ToDo", by_name[hot.name].todo, "status", "Closed")
		rows = execute({"up_to": getdate(now_datetime())})[1]
		self.assertNotIn(hot.name, [row.reference_name for row in rows])

	def test_my_day_mine_and_hottest_first(self):
		"""The workspace's "Ma journée": the reader's own tasks, the hot prospects' first."""
		first = self.first_contact()
		warm = make_prospect(temperature="Warm", first_contact_on=first, responsible_user=AGENT)
		hot = make_prospect(temperature="Hot", first_contact_on=add_days(first, 1), responsible_user=AGENT)
		other = make_prospect(temperature="Hot", first_contact_on=first, responsible_user=MANAGER)
		create_due_tasks(now=add_working_day_hours(add_days(first, 1), 49, self.calendar()))

		frappe.set_user(AGENT)
		rows = execute({"up_to": getdate(now_datetime()), "mine": 1, "hottest_first": 1})[1]
		frappe.set_user("Administrator")
		self.assertTrue(rows)
		self.assertTrue(all(row.allocated_to == AGENT for row in rows))
		names = [row.reference_name for row in rows]
		self.assertNotIn(other.name, names)
		self.assertLess(names.index(hot.name), names.index(warm.name))
		temperatures = [row.temperature for row in rows if row.temperature]
		self.assertEqual(
			temperatures, sorted(temperatures, key=["Chaud", "Tiède", "Froid", "Hot", "Warm", "Cold"].index)
		)

	def test_most_likely_first(self):
		"""The tasks of the prospects most likely to convert first (likelihood.jobs), with its column."""
		from nest_prospects.likelihood.jobs import update_likelihoods
		from nest_prospects.likelihood.test_jobs import LIKELY, UNLIKELY, set_floor
		from nest_prospects.nest_prospects.doctype.nest_likelihood_model.nest_likelihood_model import MODEL
		from nest_prospects.tests.factories import ensure_source, make_reviewed_prospects

		self.addCleanup(set_floor, frappe.db.get_single_value(MODEL, "minimum_reviewed") or 50)
		set_floor(20)
		for source in (LIKELY, UNLIKELY):
			ensure_source(source)
		make_reviewed_prospects(20, 18, source=LIKELY, temperature="Hot")
		make_reviewed_prospects(20, 2, source=UNLIKELY, temperature="Hot")
		first = self.first_contact()
		unlikely = make_prospect(
			temperature="Hot", source=UNLIKELY, first_contact_on=first, responsible_user=AGENT
		)
		likely = make_prospect(
			temperature="Hot", source=LIKELY, first_contact_on=first, responsible_user=AGENT
		)
		create_due_tasks(now=add_working_day_hours(first, 49, self.calendar()))
		update_likelihoods()

		columns, rows = execute(
			{"up_to": getdate(now_datetime()), "assigned_to": AGENT, "most_likely_first": 1}
		)
		names = [row.reference_name for row in rows]
		self.assertLess(names.index(likely.name), names.index(unlikely.name))
		likelihoods = [row.conversion_likelihood for row in rows if row.conversion_likelihood is not None]
		self.assertEqual(likelihoods, sorted(likelihoods, reverse=True))
		self.assertIn("conversion_likelihood", [column["fieldname"] for column in columns])
