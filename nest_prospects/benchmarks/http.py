"""The patient system's API under load, next to Frappe's own REST API on the same site, over HTTP.

	bench --site SITE execute nest_prospects.benchmarks.http.run --kwargs '{"base_url": "http://127.0.0.1:8000",
		"api_key": "KEY", "api_secret": "SECRET", "host": "SITE", "calls": 600, "clients": 6}'

Against a site served by gunicorn (not `bench serve`, which serves one request at a time), with
the API key of a user allowed both (the patient system's user, or Administrator). Four
measures, each `calls` calls spread over `clients` threads:

- upsert_patient creating patients, next to POST /api/resource/NEST Patient with the same values;
- upsert_patient updating them, next to PUT /api/resource/NEST Patient/<name>.

For each: calls per second, median and 95th percentile latency, the count of each HTTP status,
and the ratio of upsert_patient's throughput to the REST API's. The API's rate limit per user
(`nest_api_rate_limit` in the site config, see api/v1.py) answers 429 past it: raise it for the
run. Every patient is named BENCH-HTTP-...; the run removes them, and what a reconciliation may
have touched, at its end (nest_prospects.benchmarks.data.cleanup).
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import frappe

from nest_prospects.benchmarks import data

UPSERT = "/api/method/nest_prospects.api.v1.upsert_patient"
RESOURCE = "/api/resource/NEST Patient"


def _payload(n: int, kind: str, updated_at: datetime, version: int = 0) -> dict:
	first = data.FIRST_NAMES[n % len(data.FIRST_NAMES)]
	last = data.LAST_NAMES[(n // len(data.FIRST_NAMES) + version) % len(data.LAST_NAMES)]
	return {
		"external_id": f"{data.PREFIX}HTTP-{kind}-{n:07d}",
		"first_name": first,
		"last_name": last,
		"phone": f"+22176{(n if kind == 'U' else 5_000_000 + n):07d}",
		"date_of_birth": f"19{70 + n % 30}-0{1 + n % 9}-1{n % 10}",
		"created_on": "2026-01-15",
		"updated_at": updated_at.isoformat(timespec="seconds"),
	}


def _resource_values(payload: dict) -> dict:
	values = {key: value for key, value in payload.items() if key not in ("created_on", "updated_at")}
	values["created_in_patient_system_on"] = payload["created_on"] + " 00:00:00"
	return values


def _load(
	calls: int, clients: int, send: Callable[[object, int], object]
) -> tuple[float, list[float], Counter]:
	"""Run send(session, n) for n in range(calls) on `clients` threads; wall time, latencies, statuses."""
	import requests

	local = threading.local()
	latencies: list[float] = []
	statuses: Counter = Counter()
	lock = threading.Lock()

	def one(n: int) -> None:
		if not hasattr(local, "session"):
			local.session = requests.Session()
		started = time.perf_counter()
		try:
			status = send(local.session, n).status_code
		except Exception as error:  # a refused connection counts, it does not stop the run
			status = type(error).__name__
		elapsed = time.perf_counter() - started
		with lock:
			latencies.append(elapsed)
			statuses[status] += 1

	started = time.perf_counter()
	with ThreadPoolExecutor(max_workers=clients) as pool:
		list(pool.map(one, range(calls)))
	return time.perf_counter() - started, latencies, statuses


def _summary(what: str, wall: float, latencies: list[float], statuses: Counter) -> dict:
	ordered = sorted(latencies)
	return {
		"what": what,
		"calls": len(latencies),
		"calls_per_second": round(len(latencies) / wall, 1) if wall else None,
		"median_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
		"p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1) if ordered else None,
		"statuses": {str(status): count for status, count in sorted(statuses.items(), key=str)},
		"errors_percent": round(100 * sum(c for s, c in statuses.items() if s != 200) / len(latencies), 1)
		if latencies
		else None,
	}


def run(
	base_url: str,
	api_key: str,
	api_secret: str,
	host: str | None = None,
	calls: int = 600,
	clients: int = 6,
	output: str | None = None,
) -> None:
	"""Measure upsert_patient against /api/resource over HTTP (see the module's docstring)."""
	base = base_url.rstrip("/")
	headers = {"Authorization": f"token {api_key}:{api_secret}", "Accept": "application/json"}
	if host:
		headers["Host"] = host
	created_at = datetime.now().replace(microsecond=0) - timedelta(hours=2)
	updated_at = created_at + timedelta(hours=1)
	results = []
	try:

		def upsert_new(session, n):
			return session.post(
				base + UPSERT, json=_payload(n, "U", created_at), headers=headers, timeout=120
			)

		def resource_new(session, n):
			values = _resource_values(_payload(n, "R", created_at))
			return session.post(base + RESOURCE, json=values, headers=headers, timeout=120)

		def upsert_update(session, n):
			payload = _payload(n, "U", updated_at, version=1)
			return session.post(base + UPSERT, json=payload, headers=headers, timeout=120)

		def resource_update(session, n):
			values = _resource_values(_payload(n, "R", updated_at, version=1))
			name = values.pop("external_id")
			return session.put(f"{base}{RESOURCE}/{name}", json=values, headers=headers, timeout=120)

		for what, send in (
			("upsert_patient, new records", upsert_new),
			("POST /api/resource, new records", resource_new),
			("upsert_patient, updates", upsert_update),
			("PUT /api/resource, updates", resource_update),
		):
			results.append(_summary(what, *_load(calls, clients, send)))
			print(json.dumps(results[-1]), flush=True)
	finally:
		cleaned = data.cleanup()
	for new, rest in ((0, 1), (2, 3)):
		if results[rest:] and results[rest]["calls_per_second"]:
			results[new]["ratio_to_rest_api"] = round(
				results[new]["calls_per_second"] / results[rest]["calls_per_second"], 2
			)
	print()
	print(
		f"{'what':34} | {'calls/s':>8} | {'median ms':>9} | {'p95 ms':>8} | {'errors %':>8} | {'ratio':>5} | statuses"
	)
	for result in results:
		print(
			f"{result['what']:34} | {result['calls_per_second']:>8} | {result['median_ms']:>9} | "
			f"{result['p95_ms']:>8} | {result['errors_percent']:>8} | {result.get('ratio_to_rest_api', ''):>5} | "
			f"{result['statuses']}"
		)
	path = output or frappe.get_site_path(
		"private", "benchmarks", f"http-{datetime.now():%Y%m%d-%H%M%S}.json"
	)
	import os

	os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
	with open(path, "w") as out:
		json.dump({"calls": calls, "clients": clients, "results": results, "cleanup": cleaned}, out, indent=1)
	print(f"JSON: {os.path.abspath(path)}")
