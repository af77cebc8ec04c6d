"""What the HTTP suites share: the plan, a client per identity, the figures printed at the end."""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

PLAN_FILE = os.environ.get("NEST_HTTP_PLAN")
BASE_URL = os.environ.get("NEST_HTTP_URL", "").rstrip("/")
SITE = os.environ.get("NEST_HTTP_SITE", "")
SKIP_REASON = "the HTTP suites need a served site: set NEST_HTTP_URL, NEST_HTTP_SITE and NEST_HTTP_PLAN"
TIMEOUT = 120

# What the suites tell at the end: {section: {line: value}}.
FIGURES: dict[str, dict[str, object]] = {}
_figures_lock = threading.Lock()


def record_figure(section: str, name: str, value: object) -> None:
	with _figures_lock:
		FIGURES.setdefault(section, {})[name] = value


def count_figure(section: str, name: str, counter: Counter) -> None:
	with _figures_lock:
		FIGURES.setdefault(section, {}).setdefault(name, Counter()).update(counter)


def load_plan() -> dict:
	return json.loads(Path(PLAN_FILE).read_text()) if PLAN_FILE else {}


def site_today() -> date:
	"""Today by the site's calendar: the API refuses a date after it, and the site's time zone
	need not be the machine's (between midnight here and midnight there, the dates differ)."""
	time_zone = load_plan().get("time_zone")
	return datetime.now(ZoneInfo(time_zone)).date() if time_zone else date.today()


class Client:
	"""Requests to the site as one identity (its API key; none for Guest); one session per thread."""

	def __init__(self, identity: str, authorization: str | None):
		self.identity = identity
		self.headers = {"Host": SITE, "Accept": "application/json"}
		if authorization:
			self.headers["Authorization"] = authorization
		self._local = threading.local()

	@property
	def session(self):
		import requests

		if not hasattr(self._local, "session"):
			self._local.session = requests.Session()
			self._local.session.headers.update(self.headers)
		return self._local.session

	def request(self, method: str, path: str, **kwargs):
		kwargs.setdefault("timeout", TIMEOUT)
		return self.session.request(method, BASE_URL + path, **kwargs)

	def get(self, path: str, **kwargs):
		return self.request("GET", path, **kwargs)

	def post(self, path: str, **kwargs):
		return self.request("POST", path, **kwargs)

	def method(self, name: str, http: str = "GET", **kwargs):
		return self.request(http, f"/api/method/{name}", **kwargs)


def server_messages(response) -> str:
	"""The messages of an error answer (`_server_messages`, then `exception`), as one text."""
	try:
		body = response.json()
	except ValueError:
		return response.text
	texts = []
	for raw in json.loads(body.get("_server_messages") or "[]"):
		try:
			texts.append(json.loads(raw).get("message", ""))
		except (ValueError, AttributeError):
			texts.append(str(raw))
	texts.append(str(body.get("exception") or ""))
	return "\n".join(texts)


def table_count(admin: Client, doctype: str, filters: dict | list | None = None) -> int:
	"""Rows of a table as Administrator sees them (the suites' eye on what was written)."""
	response = admin.method(
		"frappe.client.get_count", params={"doctype": doctype, "filters": json.dumps(filters or {})}
	)
	assert response.status_code == 200, response.text[:500]
	return response.json()["message"]
