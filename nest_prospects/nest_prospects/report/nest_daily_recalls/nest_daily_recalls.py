# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

"""Rappels du jour: the open call and recall tasks, by due date and assignee.

"My tasks" keeps the reader's own; "Hottest first" puts the hot prospects' tasks first, then
the warm, the cold and the patients', each by due date: the secretary's day (the workspace's
shortcut opens the report so). "Most likely first" orders by the prospect's likelihood of
converting (likelihood.jobs; after the temperature when both are ticked), those without one last.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder import Case, Field, Order
from frappe.query_builder.functions import Coalesce
from frappe.utils import date_diff, getdate, today

from nest_prospects.followup.rules.tasks import TASK_REASONS
from nest_prospects.nest_prospects.report.utils import column


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	up_to = getdate(filters.get("up_to") or today())
	return columns(), data(filters, up_to)


def columns() -> list[dict]:
	return [
		column("date", _("Due On"), "Date", 100),
		column("days_late", _("Days Late"), "Int", 90),
		column("allocated_to", _("Assigned To"), "Link", 180, options="User"),
		column("reason", _("Reason"), "Data", 150),
		column("reference_type", _("With"), "Data", 110),
		column("reference_name", _("Prospect or Patient"), "Dynamic Link", 150, options="reference_type"),
		column("party_name", _("Name"), "Data", 170),
		column("temperature", _("Temperature"), "Data", 90),
		column("conversion_likelihood", _("Likelihood of Converting"), "Percent", 110),
		column("phone", _("Phone"), "Data", 130),
		column("interaction", _("Interaction"), "Link", 150, options="NEST Interaction"),
		column("todo", _("ToDo"), "Link", 110, options="ToDo"),
	]


def data(filters, up_to) -> list[dict]:
	task = frappe.qb.DocType("NEST Follow-up Task")
	todo = frappe.qb.DocType("ToDo")
	prospect = frappe.qb.DocType("NEST Prospect")
	patient = frappe.qb.DocType("NEST Patient")
	query = (
		frappe.qb.from_(task)
		.join(todo)
		.on(todo.name == task.todo)
		.left_join(prospect)
		.on((task.reference_type == "NEST Prospect") & (prospect.name == task.reference_name))
		.left_join(patient)
		.on((task.reference_type == "NEST Patient") & (patient.name == task.reference_name))
		.select(
			todo.date,
			todo.allocated_to,
			task.reason,
			task.reference_type,
			task.reference_name,
			Coalesce(prospect.full_name, patient.full_name).as_("party_name"),
			Coalesce(prospect.phone, patient.phone).as_("phone"),
			prospect.temperature,
			# none below the floor: the factors say whether the job gave one (likelihood.jobs)
			Case()
			.when(prospect.likelihood_factors.isnull(), None)
			.else_(prospect.conversion_likelihood)
			.as_("conversion_likelihood"),
			task.interaction,
			todo.name.as_("todo"),
		)
		.where((todo.status == "Open") & (todo.date <= up_to))
	)
	if filters.get("hottest_first"):
		query = query.orderby(
			Case()
			.when(prospect.temperature == "Hot", 1)
			.when(prospect.temperature == "Warm", 2)
			.when(prospect.temperature == "Cold", 3)
			.else_(4)
		)
	if filters.get("most_likely_first"):
		# descending: MariaDB puts the prospects without a likelihood (and the patients) last
		query = query.orderby(Field("conversion_likelihood"), order=Order.desc)
	query = query.orderby(todo.date).orderby(todo.allocated_to).orderby(task.reason)
	if filters.get("assigned_to"):
		query = query.where(todo.allocated_to == filters.assigned_to)
	if filters.get("mine"):
		query = query.where(todo.allocated_to == frappe.session.user)
	if filters.get("reason") in TASK_REASONS:
		query = query.where(task.reason == filters.reason)
	rows = query.run(as_dict=True)
	for row in rows:
		row.days_late = max(date_diff(up_to, row.date), 0)
		row.reason = _(row.reason)
		row.reference_type = _(row.reference_type)
		row.temperature = _(row.temperature) if row.temperature else None
	return rows
