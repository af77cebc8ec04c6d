"""Benchmark of the daily ageing job on a large site. Writes nothing: everything is rolled back.

	bench --site SITE execute nest_prospects.benchmarks.ageing_job.run --kwargs '{"count": 100000}'

Target: 100,000 active prospects re-aged in under 30 seconds on 2 cores, with a query count that
does not depend on the number of prospects, and a second run that changes nothing.
"""

from __future__ import annotations

import time

from nest_prospects.benchmarks.data import count_queries, insert_prospects, rolled_back
from nest_prospects.jobs.ageing import update_ageing_states

TARGET_SECONDS = 30


def run(count: int = 100_000) -> dict:
	with rolled_back():
		started = time.perf_counter()
		insert_prospects(count)
		inserted_in = time.perf_counter() - started

		with count_queries() as queries:
			started = time.perf_counter()
			first = update_ageing_states()
			first_run = time.perf_counter() - started
			first_queries = len(queries)
			started = time.perf_counter()
			second = update_ageing_states()
			second_run = time.perf_counter() - started

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
