"""The patient system's API over HTTP, next to Frappe's own REST API, in the benchmark's run.

The suite (nest_prospects.benchmarks.suite) starts the site behind gunicorn with several
workers, as in production (`bench serve` answers one request at a time), gives a user of its
own an API key, and sends `calls` calls from `clients` threads, `repeat` times:

- GET /api/method/ping: what the server answers when the app does nothing (the ceiling);
- upsert_patient creating patients, next to POST /api/resource/NEST Patient with the same values;
- upsert_patient updating them, next to PUT /api/resource/NEST Patient/<name>.

A measure's seconds are the wall time of its `calls` calls; its floor is the REST API's for as
many calls, sent right after it (so both see the same load); the ratio is therefore the REST
API's calls per second over upsert_patient's (at most 1: at least as fast). Every call must
answer 200. The API's rate limit (`nest_api_rate_limit`) is raised for the run and put back.
Every patient is named BENCH-HTTP-…, the user bench-api@nest-bench.invalid: the benchmark's
cleanup removes them (nest_prospects.benchmarks.data.TAGGED).
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta

import frappe
from frappe.installer import update_site_config
from frappe.utils import get_bench_path

from nest_prospects.benchmarks import data
from nest_prospects.benchmarks.gunicorn import gunicorn_command

UPSERT = "/api/method/nest_prospects.api.v1.upsert_patient"
RESOURCE = "/api/resource/NEST Patient"
PING = "/api/method/ping"
API_USER = f"bench-api@{data.USER_DOMAIN}"
# The patient system's role, and a role that may create and write patients through /api/resource.
API_USER_ROLES = ("NEST Patient System", "NEST Manager")
RATE_LIMIT_KEY = "nest_api_rate_limit"
WARM_UP_RUN = 99  # the run index of the warm-up calls (their patients are new ones too)


@contextmanager
def served(workers: int) -> Iterator[str]:
	"""This bench's sites behind gunicorn on a free port; yields the base URL."""
	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		port = probe.getsockname()[1]
	bench = get_bench_path()
	log = open(os.path.join(bench, "logs", f"benchmark-gunicorn-{port}.log"), "ab")
	process = subprocess.Popen(
		gunicorn_command(bench, port, workers),
		cwd=os.path.abspath(frappe.local.sites_path),
		stdout=log,
		stderr=subprocess.STDOUT,
		start_new_session=True,
	)
	try:
		deadline = time.time() + 60
		while True:
			with socket.socket() as client:
				if client.connect_ex(("127.0.0.1", port)) == 0:
					break
			if time.time() > deadline or process.poll() is not None:
				raise RuntimeError(f"gunicorn did not start (see {log.name})")
			time.sleep(0.3)
		yield f"http://127.0.0.1:{port}"
	finally:
		with_group = process.poll() is None
		if with_group:
			os.killpg(process.pid, signal.SIGTERM)
			try:
				process.wait(30)
			except subprocess.TimeoutExpired:
				os.killpg(process.pid, signal.SIGKILL)
		log.close()


@contextmanager
def api_user() -> Iterator[dict]:
	"""A user of the benchmark with an API key, and the API's rate limit out of the way; yields headers.

	Written by SQL like the benchmark's secretaries (no welcome mail, no contact, no settings
	document); the cleanup removes the user, her roles and her secret (data.cleanup)."""
	from frappe.utils.password import set_encrypted_password

	now = frappe.utils.now_datetime()
	api_key = frappe.generate_hash(length=15)
	secret = frappe.generate_hash(length=15)
	frappe.db.sql(
		"""insert into `tabUser` (name, creation, modified, modified_by, owner, email, first_name,
		full_name, enabled, user_type, language, send_welcome_email, api_key)
		values (%(user)s, %(now)s, %(now)s, 'Administrator', 'Administrator', %(user)s, 'Bench API',
		'Bench API', 1, 'System User', 'fr', 0, %(key)s)""",
		{"user": API_USER, "now": now, "key": api_key},
	)
	for k, role in enumerate(API_USER_ROLES):
		frappe.db.sql(
			"""insert into `tabHas Role` (name, creation, modified, modified_by, owner, parent,
			parenttype, parentfield, role, idx)
			values (%(name)s, %(now)s, %(now)s, 'Administrator', 'Administrator', %(user)s, 'User',
			'roles', %(role)s, %(idx)s)""",
			{"name": f"{data.PREFIX}api-role-{k}", "now": now, "user": API_USER, "role": role, "idx": k + 1},
		)
	set_encrypted_password("User", API_USER, secret, "api_secret")
	frappe.db.commit()
	limit = frappe.conf.get(RATE_LIMIT_KEY)
	update_site_config(RATE_LIMIT_KEY, 10**9)
	try:
		yield {"Authorization": f"token {api_key}:{secret}", "Host": frappe.local.site}
	finally:
		update_site_config(RATE_LIMIT_KEY, "None" if limit is None else limit)
		frappe.cache.hdel("roles", API_USER)


def _payload(n: int, kind: str, updated_at: datetime, version: int = 0) -> dict:
	"""Patient n of this kind (U: through upsert_patient, R: through /api/resource), as sent."""
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


def load(
	calls: int, clients: int, send: Callable[[object, int], object]
) -> tuple[float, list[float], Counter]:
	"""send(session, n) for n in range(calls) on `clients` threads; wall time, latencies, statuses."""
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


def describe(wall: float, latencies: list[float], statuses: Counter) -> dict:
	ordered = sorted(latencies)
	return {
		"calls_per_second": round(len(ordered) / wall, 1) if wall else None,
		"median_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
		"p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1) if ordered else None,
		"statuses": {str(status): count for status, count in sorted(statuses.items(), key=str)},
		"errors": sum(count for status, count in statuses.items() if status != 200),
	}


def senders(base: str, headers: dict, calls: int) -> dict[str, Callable[[int], Callable]]:
	"""For each path, the sender of run r (each run of new records creates its own patients)."""
	created_at = datetime.now().replace(microsecond=0) - timedelta(hours=2)

	def upsert_new(r):
		return lambda session, n: session.post(
			base + UPSERT, json=_payload(r * calls + n, "U", created_at), headers=headers, timeout=120
		)

	def resource_new(r):
		return lambda session, n: session.post(
			base + RESOURCE,
			json=_resource_values(_payload(r * calls + n, "R", created_at)),
			headers=headers,
			timeout=120,
		)

	def update(r) -> tuple[datetime, int]:
		"""When run r's update was made in the patient system, and which version it sends.

		Updates go to the patients of the first run of new records, a new version each run; the
		warm-up's comes first (30 s after their creation), the timed runs' a minute apart."""
		if r == WARM_UP_RUN:
			return created_at + timedelta(seconds=30), WARM_UP_RUN
		return created_at + timedelta(minutes=r + 1), r + 1

	def upsert_update(r):
		updated_at, version = update(r)
		return lambda session, n: session.post(
			base + UPSERT, json=_payload(n, "U", updated_at, version=version), headers=headers, timeout=120
		)

	def resource_update(r):
		_updated_at, version = update(r)

		def send(session, n):
			values = _resource_values(_payload(n, "R", created_at, version=version))
			name = values.pop("external_id")
			return session.put(f"{base}{RESOURCE}/{name}", json=values, headers=headers, timeout=120)

		return send

	def ping(r):
		return lambda session, n: session.get(base + PING, headers=headers, timeout=120)

	return {
		"ping": ping,
		"upsert new": upsert_new,
		"resource new": resource_new,
		"upsert update": upsert_update,
		"resource update": resource_update,
	}
