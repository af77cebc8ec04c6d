"""The permission matrix: every identity × every app doctype × every way Frappe reads or writes it.

Cells:

- /api/resource: list, get, create, update, delete of each doctype;
- Frappe's whitelisted readers of a doctype (frappe.client.get_count, get_list, get_value,
  validate_link, frappe.desk.reportview.get and get_count, frappe.desk.search.search_link and
  get_link_title, frappe.desk.form.load.getdoc);
- the oracles: counts filtered on a prospect's personal data;
- frappe.desk.query_report.run of each app report, and the app's own whitelisted methods.

A cell is allowed (2xx, or a validation answer 409/417/422 that comes after the permission
check: the create and update cells send an empty document, which nothing saves) or denied
(401, 403, or the 404 Frappe gives a link search refused); anything else fails the cell. The
expected answer of each cell is the app's policy below, written out, not read from the site.

No answer to the plain desk user, to Guest or to the API user may contain the prospect's names,
phone, email, date of birth or comments (those the request itself did not send).
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from nest_http import PLAN_FILE, SKIP_REASON, record_figure, site_today

if not PLAN_FILE:
	pytest.skip(SKIP_REASON, allow_module_level=True)

IDENTITIES = ("admin", "manager", "agent", "api", "plain", "guest")
# Who must never see a prospect's personal data.
OUTSIDERS = ("api", "plain", "guest")
ALLOWED_VALIDATION = (409, 417, 422)
DENIED = (401, 403, 404)
WORKERS = 6

ALL = frozenset({"admin"})
STAFF = frozenset({"admin", "manager", "agent"})
MANAGERS = frozenset({"admin", "manager"})
NOBODY = frozenset()

# The policy: who may do what, per doctype (list and get: read).
POLICY: dict[str, dict[str, frozenset]] = {
	"NEST Prospect": {"read": STAFF, "create": STAFF, "update": STAFF, "delete": MANAGERS},
	"NEST Interaction": {"read": STAFF, "create": STAFF, "update": STAFF, "delete": ALL},
	"NEST Appointment": {
		# The API user lists the appointments it pushed for patients only (permissions.py).
		"read": STAFF | {"api"},
		"get": STAFF,  # the plan's appointment is a prospect's, typed at the desk
		"create": STAFF,
		"update": STAFF,
		"delete": ALL,
	},
	"NEST Patient": {"read": STAFF | {"api"}, "create": MANAGERS, "update": MANAGERS, "delete": ALL},
	"NEST Conversion Review": {"read": STAFF, "create": ALL, "update": STAFF, "delete": ALL},
	# Deleted by the managers only, and only a planned task (seed 003): an automatic one is
	# refused after the permission check (417), its key keeping the job from creating it again.
	"NEST Follow-up Task": {"read": STAFF, "create": ALL, "update": ALL, "delete": MANAGERS},
	"NEST Callback Script": {"read": STAFF, "create": MANAGERS, "update": MANAGERS, "delete": MANAGERS},
	"NEST Prospect Source": {"read": STAFF, "create": MANAGERS, "update": MANAGERS, "delete": MANAGERS},
	"NEST Request Type": {"read": STAFF, "create": MANAGERS, "update": MANAGERS, "delete": MANAGERS},
	"NEST Prospect Settings": {"read": MANAGERS, "update": MANAGERS},
	# Written by the erasure only: read by the managers, written by nobody (Administrator included).
	"NEST Erasure Log": {"read": MANAGERS, "create": NOBODY, "update": NOBODY},
	"NEST Likelihood Model": {"read": MANAGERS, "update": MANAGERS},
	# The pipeline's lists: the agents read them (stages, factors), the managers edit them.
	"NEST Pipeline Stage": {"read": STAFF, "create": MANAGERS, "update": MANAGERS, "delete": MANAGERS},
	"NEST Outcome Reason": {"read": STAFF, "create": MANAGERS, "update": MANAGERS, "delete": MANAGERS},
	# Written by routing only (never created through the API, never deleted); Administrator's
	# update keeps the stored values (its controller).
	"NEST Referral": {"read": STAFF, "create": NOBODY, "update": ALL, "delete": NOBODY},
	# The staff directory: the agents read it (the account manager's search), the managers edit it.
	"NEST Clinic Site": {"read": STAFF, "create": MANAGERS, "update": MANAGERS, "delete": MANAGERS},
	"NEST Staff Member": {"read": STAFF, "create": MANAGERS, "update": MANAGERS, "delete": MANAGERS},
	# Who asks, for whom (seed 002): a contact person is recorded by the secretaries, like a
	# prospect; the languages are the managers' list.
	"NEST Contact Person": {"read": STAFF, "create": STAFF, "update": STAFF, "delete": MANAGERS},
	"NEST Language": {"read": STAFF, "create": MANAGERS, "update": MANAGERS, "delete": MANAGERS},
	# Child tables: through their parent only; the classification history is the app's alone.
	"NEST Classification Change": {"read": NOBODY, "get": STAFF, "create": NOBODY, "update": NOBODY},
	"NEST Interaction Request Type": {"read": NOBODY, "create": NOBODY},
	"NEST Prospect Outcome Factor": {"read": NOBODY, "create": NOBODY},
	# The competence table's rows: through their staff member, whom the managers write.
	"NEST Staff Competence": {"read": NOBODY, "create": MANAGERS},
	# Frappe's own rule for a row sent alone: its parent's permission, Administrator only here.
	"NEST Clinic Closure": {"read": NOBODY, "create": ALL},
	"NEST Documentation Kit Item": {"read": NOBODY, "create": ALL},
}
SINGLES = frozenset({"NEST Prospect Settings", "NEST Likelihood Model"})
# Frappe refuses its generic list readers on a child table without its parent, to everyone.
CHILD_LIST_READERS = NOBODY
PARENTS = {
	"NEST Classification Change": ("NEST Prospect", "classification_history"),
	"NEST Interaction Request Type": ("NEST Interaction", "request_types"),
	"NEST Prospect Outcome Factor": ("NEST Prospect", "loss_factors"),
	"NEST Staff Competence": ("NEST Staff Member", "competences"),
	"NEST Clinic Closure": ("NEST Prospect Settings", "clinic_closures"),
	"NEST Documentation Kit Item": ("NEST Prospect Settings", "documentation_kit"),
}
# The delete cells: records made for them (a prospect is linked from its interactions, and a
# review is one per prospect: their delete cells would test the links, not the permissions).
DELETE_CELLS = (
	"NEST Prospect Source",
	"NEST Request Type",
	"NEST Callback Script",
	"NEST Patient",
	"NEST Appointment",
	"NEST Follow-up Task",
	"NEST Interaction",
	"NEST Clinic Site",
	"NEST Contact Person",
	"NEST Language",
)
REPORT_READERS = STAFF
API_USERS = frozenset({"admin", "api"})  # frappe.only_for lets Administrator through
EVERYONE = frozenset(IDENTITIES)


def _app_methods(records: dict) -> list[tuple[str, str, dict, frozenset]]:
	"""(method, HTTP verb, arguments, who may call it): harmless arguments, nothing is sent or saved."""
	prospect = records["NEST Prospect"]
	return [
		("nest_prospects.people.api.find_existing_people", "GET", {"phone": "+221770000001"}, STAFF),
		(
			"nest_prospects.people.api.search_people",
			"GET",
			{"doctype": "NEST Prospect", "txt": "a", "searchfield": "name", "start": 0, "page_len": 5},
			STAFF,
		),
		("nest_prospects.people.api.form_settings", "GET", {}, STAFF),
		# seed 002: the search before creating, the account manager's search, a contact person
		# from a found person (refused here for its missing record, after the permission check)
		("nest_prospects.people.api.find_people", "GET", {"txt": "zz"}, STAFF),
		(
			"nest_prospects.people.api.search_colleagues",
			"GET",
			{"doctype": "User", "txt": "a", "searchfield": "name", "start": 0, "page_len": 5},
			STAFF,
		),
		(
			"nest_prospects.people.api.contact_person_from",
			"POST",
			{"doctype": "NEST Patient", "name": "NO-SUCH-PATIENT"},
			STAFF,
		),
		(
			"run_doc_method",
			"POST",
			{
				"dt": "NEST Prospect",
				"dn": prospect,
				"method": "attach_contact_person",
				"args": json.dumps({"contact_person": "CON-NO-SUCH", "relation": "Mother"}),
			},
			STAFF,
		),
		("nest_prospects.followup.api.documentation_templates", "GET", {}, STAFF),
		("nest_prospects.followup.api.holidays_of_year", "GET", {"year": 2026}, MANAGERS),
		(
			"nest_prospects.followup.api.send_documentation",
			"POST",
			{"party_type": "NEST Prospect", "party": prospect, "email_template": "no such template"},
			STAFF,
		),
		("nest_prospects.followup.api.mark_processed", "POST", {"interactions": '["NO-SUCH-ONE"]'}, MANAGERS),
		(
			"run_doc_method",
			"POST",
			{"dt": "NEST Conversion Review", "dn": prospect, "method": "reevaluate"},
			STAFF,
		),
		# A person's data on request: the managers' (the erasure refused here for its missing
		# requester: a 417 that erases nothing; the secretary's call is refused before that).
		(
			"run_doc_method",
			"POST",
			{"dt": "NEST Prospect", "dn": prospect, "method": "export_personal_data"},
			MANAGERS,
		),
		(
			"run_doc_method",
			"POST",
			{
				"dt": "NEST Prospect",
				"dn": prospect,
				"method": "erase_personal_data",
				"args": '{"requested_by": "matrix"}',
			},
			MANAGERS,
		),
		# a contact person's own data (seed 002): the same, on her record
		(
			"run_doc_method",
			"POST",
			{
				"dt": "NEST Contact Person",
				"dn": records["NEST Contact Person"],
				"method": "export_personal_data",
			},
			MANAGERS,
		),
		(
			"run_doc_method",
			"POST",
			{
				"dt": "NEST Contact Person",
				"dn": records["NEST Contact Person"],
				"method": "erase_personal_data",
				"args": '{"requested_by": "matrix"}',
			},
			MANAGERS,
		),
		(
			# refused (no factor): the permission check comes first, nothing is saved
			"run_doc_method",
			"POST",
			{
				"dt": "NEST Prospect",
				"dn": prospect,
				"method": "mark_lost",
				"args": json.dumps({"factors": [], "justification": ""}),
			},
			STAFF,
		),
		# routing (seed 004): refused after the permission check (a request that needs no
		# specialist; an empty feedback), nothing created or saved
		(
			"run_doc_method",
			"POST",
			{
				"dt": "NEST Prospect",
				"dn": prospect,
				"method": "route_to_specialist",
				"args": json.dumps({"request_type": "RAPPEL 7 JOURS"}),
			},
			STAFF,
		),
		(
			"run_doc_method",
			"POST",
			{
				"dt": "NEST Referral",
				"dn": records["NEST Referral"],
				"method": "record_feedback",
				"args": "{}",
			},
			MANAGERS,  # the plan's referral is Administrator's: the agent is not its specialist
		),
		(
			# a task planned by hand (seed 003), refused for its missing action type: nothing written
			"run_doc_method",
			"POST",
			{
				"dt": "NEST Prospect",
				"dn": prospect,
				"method": "plan_task",
				"args": json.dumps({"action_type": "", "date": "2026-01-05"}),
			},
			STAFF,
		),
		(
			"nest_prospects.guards.change_reconciled_status",
			"POST",
			{"prospect": prospect, "status": "Active", "reason": "matrix"},
			MANAGERS,
		),
		# the workspace's counters (counts only)
		*(
			(f"nest_prospects.nest_prospects.report.{module}", "GET", {}, STAFF)
			for module in (
				"nest_response_times.nest_response_times.waiting_answers_card",
				"nest_response_times.nest_response_times.overdue_first_calls_card",
				"nest_response_times.nest_response_times.recalls_due_card",
				"nest_prospect_ageing.nest_prospect_ageing.lost_this_month_card",
				"nest_prospect_sources.nest_prospect_sources.last_month_conversion_card",
			)
		),
		("nest_prospects.api.v1.lookup", "GET", {"phone": "+221770000001"}, API_USERS),
		("nest_prospects.api.v1.upsert_patient", "POST", {}, API_USERS),
		("nest_prospects.api.v1.upsert_appointment", "POST", {}, API_USERS),
		# the website's inquiry page: everyone, Guest included (an empty inquiry: 422, nothing written)
		("nest_prospects.web_inquiries.api.submit", "POST", {}, EVERYONE),
	]


def _outcome(response) -> str:
	code = response.status_code
	if 200 <= code < 300 or code in ALLOWED_VALIDATION:
		return "allowed"
	if code in DENIED:
		return "denied"
	return f"HTTP {code}"


class Matrix:
	"""The cells: queued, then run (reads in parallel, as the 4 server workers allow), then checked."""

	def __init__(self, plan: dict, clients: dict):
		self.plan = plan
		self.clients = clients
		self.secrets = {key: str(value) for key, value in plan["secrets"].items() if value}
		self.queued: list[tuple] = []
		self.cells: list[tuple] = []
		self.wrong: list[str] = []
		self.leaks: list[str] = []

	def cell(self, identity: str, cell: str, expected: bool, call, sent: str = "", check=None) -> None:
		"""Queue a cell: `call(client)` makes its request; `check(response)` adds an assertion."""
		self.queued.append((identity, cell, expected, call, sent, check))

	def run(self, parallel: bool = True) -> None:
		queued, self.queued = self.queued, []

		def one(item):
			identity, _cell, _expected, call, _sent, _check = item
			return call(self.clients[identity])

		if parallel:
			with ThreadPoolExecutor(max_workers=WORKERS) as pool:
				responses = list(pool.map(one, queued))
		else:
			responses = [one(item) for item in queued]
		for (identity, cell, expected, _call, sent, check), response in zip(queued, responses, strict=True):
			self.check(identity, cell, expected, response, sent)
			if check is not None:
				problem = check(response)
				if problem:
					self.wrong.append(f"{identity:8} {cell}: {problem}")

	def check(self, identity: str, cell: str, expected: bool, response, sent: str = "") -> None:
		outcome = _outcome(response)
		self.cells.append((identity, cell, outcome))
		want = "allowed" if expected else "denied"
		if outcome != want:
			self.wrong.append(
				f"{identity:8} {cell}: {outcome} (HTTP {response.status_code}), expected {want}: {response.text[:160]!r}"
			)
		if identity in OUTSIDERS:
			body = response.text.casefold()
			for key, secret in self.secrets.items():
				if secret.casefold() in body and secret.casefold() not in sent.casefold():
					self.leaks.append(f"{identity:8} {cell}: the answer holds the prospect's {key}")


@pytest.fixture(scope="module")
def matrix(plan, clients) -> Matrix:
	return Matrix(plan, clients)


def _allowed(doctype: str, action: str) -> frozenset:
	policy = POLICY[doctype]
	if action in policy:
		return policy[action]
	return policy["read"] if action in ("list", "get") else NOBODY


def _resource(doctype: str, name: str | None = None) -> str:
	path = f"/api/resource/{doctype}"
	return f"{path}/{name}" if name else path


def _throwaway(admin, doctype: str, plan: dict) -> str | None:
	"""A record made for a delete cell, as Administrator."""
	token = uuid.uuid4().hex[:10].upper()
	records = plan["records"]
	payloads = {
		"NEST Prospect Source": {"source_name": f"Matrix {token}"},
		"NEST Request Type": {"request_code": f"MATRIX {token}"},
		"NEST Callback Script": {"title": f"Matrix {token}", "script": "<p>Matrix</p>"},
		"NEST Clinic Site": {"site_name": f"Matrix {token}", "city": "Dakar"},
		"NEST Contact Person": {
			"first_name": "Matrix",
			"last_name": token,
			"email": f"matrix.{token.lower()}@example.org",
		},
		"NEST Language": {"language_name": f"Matrix {token}"},
		"NEST Patient": {
			"external_id": f"MATRIX-{token}",
			"first_name": "Matrix",
			"last_name": "Cell",
			"created_in_patient_system_on": "2025-01-01 00:00:00",
		},
		"NEST Appointment": {
			"party_type": "NEST Patient",
			"party": records["NEST Patient"],
			"scheduled_on": (
				datetime.combine(site_today(), datetime.min.time()) + timedelta(days=30)
			).strftime("%Y-%m-%d 10:00:00"),
			"status": "Scheduled",
		},
		"NEST Follow-up Task": {
			"task_key": f"matrix:{token}",
			"reason": "Planned task",
			"action_type": "Other",
			"reference_type": "NEST Prospect",
			"reference_name": records["NEST Prospect"],
		},
		"NEST Interaction": {
			"party_type": "NEST Patient",
			"party": records["NEST Patient"],
			"interaction_on": "2025-01-02 10:00:00",
			"channel": "Inbound Call",
		},
	}
	if doctype not in payloads:
		return None
	response = admin.post(_resource(doctype), json=payloads[doctype])
	assert response.status_code == 200, response.text[:300]
	return response.json()["data"]["name"]


def _get(path: str, **kwargs):
	return lambda client: client.get(path, **kwargs)


def _call(method: str, http: str = "GET", **kwargs):
	return lambda client: client.method(method, http=http, **kwargs)


def test_resource_api(plan, clients, matrix):
	"""list, get, create, update, delete through /api/resource, for every identity and app doctype."""
	records = plan["records"]
	admin = clients["admin"]
	writes = []
	for doctype in (d["name"] for d in plan["doctypes"]):
		single = doctype in SINGLES
		parent = PARENTS.get(doctype)
		record = records.get(doctype)
		for identity in IDENTITIES:
			if not single:
				params = {"fields": json.dumps(["*"]), "limit_page_length": 5}
				expected = identity in (CHILD_LIST_READERS if parent else _allowed(doctype, "list"))
				matrix.cell(identity, f"{doctype} list", expected, _get(_resource(doctype), params=params))
				# the same through Frappe's API v2
				matrix.cell(
					identity,
					f"{doctype} v2 list",
					expected,
					_get(f"/api/v2/document/{doctype}", params=params),
				)
				matrix.cell(
					identity,
					f"{doctype} v2 count",
					identity in (ALL if parent else _allowed(doctype, "list")),
					_get(f"/api/v2/doctype/{doctype}/count"),
				)
			if record:
				matrix.cell(
					identity,
					f"{doctype} get",
					identity in _allowed(doctype, "get"),
					_get(_resource(doctype, record)),
				)
				if not single and not parent:
					matrix.cell(
						identity,
						f"{doctype} v2 get",
						identity in _allowed(doctype, "get"),
						_get(f"/api/v2/document/{doctype}/{record}"),
					)
			if doctype == "NEST Appointment":
				# the appointment the patient system pushed for a patient: the API user's own
				matrix.cell(
					identity,
					f"{doctype} get (pushed for a patient)",
					identity in STAFF | {"api"},
					_get(_resource(doctype, plan["pushed_appointment"])),
				)
			if not single:
				body = {}
				if parent:
					parent_doctype, parentfield = parent
					body = {
						"parenttype": parent_doctype,
						"parentfield": parentfield,
						"parent": records.get(parent_doctype) or parent_doctype,
					}
				writes.append(
					(identity, f"{doctype} create", identity in _allowed(doctype, "create"), body, doctype)
				)
	matrix.run()
	# The writes one after the other: an empty document (nothing is saved), an empty update.
	for identity, cell, expected, body, doctype in writes:
		matrix.cell(
			identity, cell, expected, lambda client, d=doctype, b=body: client.post(_resource(d), json=b)
		)
	for doctype in (d["name"] for d in plan["doctypes"]):
		record = records.get(doctype)
		if record:
			for identity in IDENTITIES:
				matrix.cell(
					identity,
					f"{doctype} update",
					identity in _allowed(doctype, "update"),
					lambda client, d=doctype, r=record: client.request("PUT", _resource(d, r), json={}),
				)
	matrix.run(parallel=False)
	for doctype in DELETE_CELLS:
		for identity in IDENTITIES:
			name = _throwaway(admin, doctype, plan)
			response = clients[identity].request("DELETE", _resource(doctype, name))
			matrix.check(identity, f"{doctype} delete", identity in _allowed(doctype, "delete"), response)
			if response.status_code >= 300:
				admin.request("DELETE", _resource(doctype, name))
	assert not matrix.wrong, "\n".join(matrix.wrong)


def _readers(doctype: str, method: str) -> frozenset:
	if doctype in PARENTS:
		# a row of a table: Frappe's readers answer Administrator alone (frappe.client.get_list
		# nobody, without the parent)
		return CHILD_LIST_READERS if method == "frappe.client.get_list" else ALL
	if doctype == "NEST Appointment" and method in ("frappe.client.get_value", "frappe.client.validate_link"):
		# the API user may read appointments, but not this one (a prospect's): the answer is
		# empty (the personal data check below sees that no name is in it)
		return STAFF | {"api"}
	if method == "frappe.desk.listview.get_group_by_count":
		# the list's sidebar, for those who read the list: the API user has no desk
		return STAFF & _allowed(doctype, "list")
	if method in ("frappe.client.get_value", "frappe.client.validate_link", "frappe.desk.form.load.getdoc"):
		return _allowed(doctype, "get")
	return _allowed(doctype, "list")


def test_frappe_readers(plan, clients, matrix):
	"""Frappe's whitelisted methods that read a doctype, for every identity and app doctype."""
	records = plan["records"]
	for doctype in (d["name"] for d in plan["doctypes"]):
		if doctype in SINGLES:
			continue  # a single: no list, no count
		record = records.get(doctype) or "NO-SUCH-RECORD"
		name_filter = json.dumps({"name": record})
		calls = [
			("frappe.client.get_count", {"doctype": doctype, "filters": name_filter}),
			("frappe.client.get_list", {"doctype": doctype, "fields": '["name"]', "filters": name_filter}),
			(
				"frappe.desk.reportview.get",
				{"doctype": doctype, "fields": '["name"]', "filters": name_filter},
			),
			("frappe.desk.reportview.get_count", {"doctype": doctype, "filters": name_filter}),
			("frappe.desk.reportview.get_stats", {"doctype": doctype, "stats": '["name"]', "filters": "[]"}),
			(
				"frappe.desk.listview.get_group_by_count",
				{"doctype": doctype, "current_filters": name_filter, "field": "assigned_to"},
			),
			("frappe.desk.search.search_link", {"doctype": doctype, "txt": ""}),
		]
		if doctype not in PARENTS:
			calls += [
				(
					"frappe.client.get_value",
					{"doctype": doctype, "fieldname": '["*"]', "filters": name_filter},
				),
				(
					"frappe.client.validate_link",
					{"doctype": doctype, "docname": record, "fields": '["party_name", "full_name"]'},
				),
				("frappe.desk.form.load.getdoc", {"doctype": doctype, "name": record}),
			]
		for identity in IDENTITIES:
			for method, params in calls:
				matrix.cell(
					identity,
					f"{doctype} {method}",
					identity in _readers(doctype, method),
					_call(method, params=params),
				)
	matrix.run()
	assert not matrix.wrong, "\n".join(matrix.wrong)


def test_link_titles_and_oracles(plan, clients, matrix):
	"""A reference gives no name, and no count answers a question on a prospect's personal data."""
	records, secrets = plan["records"], plan["secrets"]
	prospect = records["NEST Prospect"]
	oracles = [
		("NEST Prospect", {"phone": secrets["phone"]}),
		("NEST Prospect", {"email": secrets["email"]}),
		("NEST Prospect", {"date_of_birth": secrets["date_of_birth"], "last_name": secrets["last_name"]}),
		("NEST Interaction", {"party_name": secrets["full_name"]}),
		("NEST Appointment", {"party_name": secrets["full_name"]}),
		("NEST Conversion Review", {"prospect_name": secrets["full_name"]}),
	]

	def counts_none(response):
		if response.status_code == 200 and response.json()["message"] != 0:
			return f"counted {response.json()['message']}"
		return None

	for identity in IDENTITIES:
		matrix.cell(
			identity,
			"NEST Prospect get_link_title",
			identity in STAFF,
			_call(
				"frappe.desk.search.get_link_title", params={"doctype": "NEST Prospect", "docname": prospect}
			),
		)
		for doctype, filters in oracles:
			sent = json.dumps(filters, ensure_ascii=False)
			for method in ("frappe.client.get_count", "frappe.desk.reportview.get_count"):
				# the API user reads appointments: its patients' pushed ones, where no prospect is
				api_reads = identity == "api" and doctype == "NEST Appointment"
				matrix.cell(
					identity,
					f"oracle {doctype} {method} {sorted(filters)}",
					identity in STAFF or api_reads,
					_call(method, params={"doctype": doctype, "filters": sent}),
					sent,
					check=counts_none if api_reads else None,
				)
			matrix.cell(
				identity,
				f"oracle {doctype} get_group_by_count {sorted(filters)}",
				identity in STAFF,
				_call(
					"frappe.desk.listview.get_group_by_count",
					params={"doctype": doctype, "current_filters": sent, "field": "assigned_to"},
				),
				sent,
			)
	matrix.run()
	assert not matrix.wrong, "\n".join(matrix.wrong)


def report_readers(plan: dict, report: str) -> frozenset:
	"""The staff whose roles are among the report's (Administrator reads them all)."""
	roles = plan.get("report_roles", {}).get(report)
	if roles is None:
		return REPORT_READERS
	return frozenset(
		key for key in REPORT_READERS if key == "admin" or set(plan["identities"][key]["roles"]) & set(roles)
	)


def test_reports_and_app_methods(plan, clients, matrix):
	for identity in IDENTITIES:
		for report in plan["reports"]:
			matrix.cell(
				identity,
				f"report {report}",
				identity in report_readers(plan, report),
				_call("frappe.desk.query_report.run", params={"report_name": report, "filters": "{}"}),
			)
		for method, http, params, allowed in _app_methods(plan["records"]):
			if http == "GET":
				call = _call(method, params=params)
			else:
				call = _call(method, http="POST", json=params)
			matrix.cell(identity, method, identity in allowed, call)
	matrix.run(parallel=False)
	assert not matrix.wrong, "\n".join(matrix.wrong)


def test_no_personal_data_reaches_outsiders(matrix):
	"""Checked on every answer above to the plain user, Guest and the API user."""
	assert matrix.cells, "the matrix ran no cell"
	outcomes = Counter(outcome for _, _, outcome in matrix.cells)
	record_figure("Permission matrix", "cells", len(matrix.cells))
	record_figure("Permission matrix", "allowed cells", outcomes["allowed"])
	record_figure("Permission matrix", "denied cells", outcomes["denied"])
	for identity in IDENTITIES:
		mine = [outcome for who, _, outcome in matrix.cells if who == identity]
		record_figure("Permission matrix", f"  {identity}", f"{mine.count('allowed')} allowed of {len(mine)}")
	record_figure("Permission matrix", "answers holding a prospect's personal data", len(matrix.leaks))
	assert not matrix.leaks, "\n".join(matrix.leaks)
