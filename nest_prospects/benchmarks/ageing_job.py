"""Benchmark of the daily ageing job on a large site. Writes nothing: everything is rolled back.

	bench --site SITE execute nest_prospects.benchmarks.ageing_job.run --kwargs '{"count": 100000}'

Target: 100,000 active prospects re-aged in under 30 seconds on 2 cores, with a query count that
does not depend on the number of prospects, and a second run that changes nothing.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

import frappe
from frappe.utils import now_datetime

from nest_prospects.jobs.ageing import update_ageing_states

TARGET_SECONDS = 30


def _insert_prospects(count: int) -> None:
	now = now_datetime()
	temperatures = ("Hot", "Warm", "Cold")
	fields = [
		"name", "creation", "modified", "owner", "modified_by", "first_name", "last_name", "full_name",
		"phone", "first_contact_on", "last_interaction_on", "temperature", "ageing_state", "status",
	]  # fmt: skip
	rows = []
	for i in range(count):
		last = now - timedelta(days=random.randint(0, 120), minutes=random.randint(0, 1440))
		rows.append(
			(
				f"BENCH-{i:07d}", now, now, "Administrator", "Administrator", "Bench", str(i), f"Bench {i}",
				f"+22177{i:07d}", last, last, random.choice(temperatures), "Normal", "Active",
			)
		)  # fmt: skip
	frappe.db.bulk_insert("NEST Prospect", fields, rows, chunk_size=10_000)


def run(count: int = 100_000) -> dict:
	frappe.db.rollback()
	try:
		started = time.perf_counter()
		_insert_prospects(count)
		inserted_in = time.perf_counter() - started

		queries: list[str] = []
		sql = frappe.db.sql

		def counting(query, *args, **kwargs):
			queries.append(query)
			return sql(query, *args, **kwargs)

		frappe.db.sql = counting
		try:
			started = time.perf_counter()
			first = update_ageing_states()
			first_run = time.perf_counter() - started
			first_queries = len(queries)
			started = time.perf_counter()
			second = update_ageing_states()
			second_run = time.perf_counter() - started
		finally:
			frappe.db.sql = sql

		result = {
			"prospects": count,
			"insert_seconds": round(inserted_in, 2),
			"first_run_seconds": round(first_run, 2),
			"first_run_moved": first,
			"first_run_queries": first_queries,
			"second_run_seconds": round(second_run, 2),
			"second_run_moved": second,
			"target_seconds": TARGET_SECONDS,
			"within_target": first_run < TARGET_SECONDS and not any(second.values()),
		}
		return result  # bench execute prints it
	finally:
		frappe.db.rollback()
