"""Benchmark of the follow-up and conversion-review jobs on a large site. Writes nothing.

	bench --site SITE execute nest_prospects.benchmarks.daily_jobs.run --kwargs '{"count": 100000}'

It inserts `count` active prospects first seen over the last 120 days, each with its first
interaction (a third asking for a quote), runs each job twice and rolls everything back.
Targets on 2 cores: each first run under 120 seconds for 100,000 prospects, and a second run
that creates nothing.
"""

from __future__ import annotations

import time

import frappe

from nest_prospects.benchmarks.data import count_queries, insert_prospects, rolled_back
from nest_prospects.jobs.conversion import create_due_reviews
from nest_prospects.jobs.followup import create_due_tasks

TARGET_SECONDS = 120


def _timed(job) -> tuple[object, float, int]:
	with count_queries() as queries:
		started = time.perf_counter()
		result = job()
		return result, round(time.perf_counter() - started, 2), len(queries)


def run(count: int = 100_000) -> dict:
	with rolled_back():
		insert_prospects(count, with_interactions=True)
		# Tasks of prospects without a responsible user go to the pool.
		frappe.db.set_single_value("NEST Prospect Settings", "pool_user", "Administrator")
		frappe.clear_document_cache("NEST Prospect Settings", "NEST Prospect Settings")
		result: dict = {"prospects": count, "target_seconds": TARGET_SECONDS}
		for label, job in (("follow_up_tasks", create_due_tasks), ("conversion_reviews", create_due_reviews)):
			first, first_seconds, first_queries = _timed(job)
			second, second_seconds, _ = _timed(job)
			result[label] = {
				"first_run": first,
				"first_run_seconds": first_seconds,
				"first_run_queries": first_queries,
				"second_run": second,
				"second_run_seconds": second_seconds,
			}
		return result
