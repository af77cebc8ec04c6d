"""Every job, report and search of the app at scale, each next to its floor, in one run.

	bench --site SITE execute nest_prospects.benchmarks.run --kwargs '{"prospects": 100000}'

Steps: refuse a site holding prospects the benchmark did not create (unless `force=True`),
remove the rows of an interrupted run, build the data set (nest_prospects.benchmarks.data),
then measure, in this process:

- each scheduled job (ageing, follow-up tasks, conversion reviews, likelihood, overdue reminders) at a fixed
  `now`: what it did undone before each of three timed runs, then a second run that must
  create nothing (the review and follow-up jobs, bounded per run, first work off the rest of
  their backlog);
- each Script Report of the app with its default filters (the conversion report in both views),
  through `frappe.desk.query_report.run`, as the desk calls it;
- the link search by phone and by name, and the duplicate check the prospect form runs while
  a secretary types.

Each measure is the median of three runs (the first one also warms the caches); then one run
under tracemalloc gives the peak Python memory; the query count is that of the last timed run
(every `frappe.db.sql` call). Its floor is hand-written SQL giving the same result (see each
`floor_*`), timed the same way. The statements each measure ran are EXPLAINed: a dependent
subquery that scans a table per outer row, or a full scan of a large table, is reported.

It prints one table and writes the same as JSON (its path printed), then deletes every row it
wrote, even after a failure (`keep=True` keeps them, for EXPLAINs by hand; then run
`bench --site SITE execute nest_prospects.benchmarks.cleanup`).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import time
import traceback
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

import frappe
from frappe.utils import add_days, add_months, get_first_day

from nest_prospects.benchmarks import data
from nest_prospects.benchmarks.data import LIKE_PREFIX, USER_DOMAIN, count_queries
from nest_prospects.conversion_review.jobs import REVIEWS_PER_RUN

JOB_SECONDS = 30
JOB_RATIO = 3
REPORT_SECONDS = 2
SEARCH_SECONDS = 0.05
REPEAT = 3
# upsert_patient against /api/resource: at least as many calls per second (wall time ratio <= 1).
API_RATIO = 1.0
HTTP_CALLS = 300
HTTP_CLIENTS = 6
HTTP_WORKERS = 4
# A plan row flagged as a full scan above this many estimated rows.
FULL_SCAN_ROWS = 50_000
# A dependent subquery flagged when it scans (ALL or a whole index) more than this many rows per outer row.
DEPENDENT_SCAN_ROWS = 1_000


@dataclass
class Measure:
	what: str
	kind: str  # job, report, search
	target: str = ""
	rows: int | None = None
	seconds: list[float] = field(default_factory=list)
	floor_seconds: list[float] = field(default_factory=list)
	floor_rows: int | None = None
	peak_mb: float | None = None
	queries: int | None = None
	out_kb: float | None = None
	second_run_rows: int | None = None
	second_run_seconds: float | None = None
	errors: int | None = None  # calls over HTTP that did not answer 200 (the measure's and its floor's)
	plan_warnings: list[str] = field(default_factory=list)
	notes: list[str] = field(default_factory=list)
	error: str | None = None

	@property
	def median(self) -> float | None:
		return statistics.median(self.seconds) if self.seconds else None

	@property
	def floor(self) -> float | None:
		return statistics.median(self.floor_seconds) if self.floor_seconds else None

	@property
	def ratio(self) -> float | None:
		if self.kind == "api" and self.floor_seconds:
			# Over HTTP each run is followed by its baseline's, under the same load: the median of
			# the runs' ratios is steadier than the ratio of the medians.
			pairs = zip(self.seconds, self.floor_seconds, strict=False)
			return statistics.median(mine / theirs for mine, theirs in pairs if theirs)
		if self.median is None or not self.floor:
			return None
		return self.median / self.floor

	@property
	def ok(self) -> bool:
		if self.error or self.median is None:
			return False
		if self.kind == "job":
			return (
				self.median < JOB_SECONDS
				and (self.ratio is None or self.ratio <= JOB_RATIO)
				and not self.second_run_rows
			)
		if self.kind == "api":
			return not self.errors and (self.ratio is None or self.ratio <= API_RATIO)
		if self.kind == "report":
			return self.median < REPORT_SECONDS
		return self.median < SEARCH_SECONDS

	@property
	def works(self) -> bool:
		"""Ran without error, its second run created nothing, every call answered 200: what CI
		checks at a small size, where the targets (seconds, ratios) say nothing."""
		return not self.error and not self.second_run_rows and not self.errors and self.median is not None

	def as_dict(self) -> dict:
		return {
			**asdict(self),
			"median_seconds": self.median,
			"floor_median_seconds": self.floor,
			"ratio": self.ratio,
			"ok": self.ok,
			"works": self.works,
		}


def run(
	prospects: int = 20_000,
	force: bool = False,
	keep: bool = False,
	now: str | None = None,
	output: str | None = None,
	repeat: int = REPEAT,
	memory: bool = True,
	only: str | None = None,
	http_calls: int = HTTP_CALLS,
	http_clients: int = HTTP_CLIENTS,
	http_workers: int = HTTP_WORKERS,
) -> None:
	"""The benchmark (see the module's docstring). Prints the table and the JSON file's path.

	`http_calls` = 0 leaves out the measures over HTTP."""
	if data.has_real_data() and not force:
		print(
			"This site holds prospects the benchmark did not create: run it on a site of its own, or pass"
			' "force": True (the jobs then also work on those prospects, and keep what they do to them).'
		)
		return
	started = time.perf_counter()
	moment = data.fixed_now(now)
	report: dict = {
		"site": frappe.local.site,
		"prospects": prospects,
		"now": moment,
		"started_at": datetime.now().isoformat(timespec="seconds"),
		"machine": _machine(),
	}
	measures: list[Measure] = []
	failed = None
	muted = frappe.flags.mute_emails
	try:
		frappe.set_user("Administrator")
		data.cleanup()
		report["before"] = data.table_counts()
		_progress(f"building {prospects:,} prospects ...")
		report["build"] = data.build(prospects, moment)
		_progress(f"built in {report['build']['seconds']} s: {report['build']['rows']}")
		report["sizes"] = data.table_counts()
		frappe.flags.mute_emails = True  # reminders go to the mail queue, never out
		http = {"calls": http_calls, "clients": http_clients, "workers": http_workers}
		for measure in _all_measures(moment, repeat, memory, only, http):
			measures.append(measure)
			_progress(_line(measure))
	except Exception:
		failed = traceback.format_exc()
		report["error"] = failed
	finally:
		frappe.flags.mute_emails = muted
		frappe.db.rollback()
		if keep:
			report["cleanup"] = "kept (bench execute nest_prospects.benchmarks.cleanup removes it)"
		else:
			report["cleanup"] = data.cleanup()
			report["after"] = data.table_counts()
			report["left_as_before"] = report.get("before") == report["after"]
		report["seconds"] = round(time.perf_counter() - started, 1)
		report["measures"] = [m.as_dict() for m in measures]
		path = _write(report, output)
	print()
	print(table(measures))
	print()
	for measure in measures:
		for warning in measure.plan_warnings:
			print(f"plan  {measure.what}: {warning}")
		for note in measure.notes:
			print(f"note  {measure.what}: {note}")
		if measure.error:
			print(f"error {measure.what}: {measure.error.strip().splitlines()[-1]}")
	print(
		f"\nbuilt in {report.get('build', {}).get('seconds')} s; whole run {report['seconds']} s; {_cleanup_line(report)}"
	)
	print(f"JSON: {path}")
	if failed:
		print(failed)
		# `bench execute` would run the method a second time on an Exception: stop here instead.
		raise SystemExit(1)


def _cleanup_line(report: dict) -> str:
	if "left_as_before" not in report:
		return "data kept"
	return "tables left as before" if report["left_as_before"] else "TABLES NOT AS BEFORE (see JSON)"


def _progress(text: str) -> None:
	print(f"[{datetime.now():%H:%M:%S}] {text}", flush=True)


def _machine() -> dict:
	return {
		"cpus": os.cpu_count(),
		"load_average": os.getloadavg(),
		"database": frappe.db.sql("select version()")[0][0],
	}


def _write(report: dict, output: str | None) -> str:
	from frappe.utils.response import json_handler

	path = output or frappe.get_site_path(
		"private", "benchmarks", f"nest-{report['prospects']}-{datetime.now():%Y%m%d-%H%M%S}.json"
	)
	os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
	with open(path, "w") as out:
		json.dump(report, out, default=json_handler, indent=1)
	return os.path.abspath(path)


# The table -----------------------------------------------------------------------------------------

COLUMNS = (
	("what", 48, "<"),
	("rows", 8, ">"),
	("median s", 9, ">"),
	("floor s", 8, ">"),
	("ratio", 6, ">"),
	("peak MB", 8, ">"),
	("queries", 7, ">"),
	("out KB", 8, ">"),
	("2nd run", 7, ">"),
	("target", 16, "<"),
	("ok", 3, "<"),
)


def _cells(m: Measure) -> list[str]:
	def number(value, digits):
		return "" if value is None else f"{value:,.{digits}f}"

	return [
		m.what,
		"" if m.rows is None else f"{m.rows:,}",
		number(m.median, 3),
		number(m.floor, 3),
		"" if m.ratio is None else f"{m.ratio:.1f}x",
		number(m.peak_mb, 1),
		"" if m.queries is None else f"{m.queries:,}",
		number(m.out_kb, 0),
		"" if m.second_run_rows is None else str(m.second_run_rows),
		m.target,
		"ERR" if m.error else ("yes" if m.ok else "NO"),
	]


def table(measures: list[Measure]) -> str:
	def line(cells):
		return " | ".join(
			f"{cell:{align}{width}}" for cell, (_, width, align) in zip(cells, COLUMNS, strict=True)
		)

	lines = [line([name for name, _, _ in COLUMNS]), "-+-".join("-" * width for _, width, _ in COLUMNS)]
	lines += [line(_cells(m)) for m in measures]
	return "\n".join(lines)


def _line(m: Measure) -> str:
	return " | ".join(cell for cell in _cells(m) if cell)


# Measuring -----------------------------------------------------------------------------------------


def measure(
	what: str,
	kind: str,
	call: Callable[[], object],
	*,
	rows_of: Callable[[object], int],
	repeat: int,
	memory: bool,
	target: str,
	reset: Callable[[], None] | None = None,
	floor: Callable[[], int] | None = None,
	second_run: bool = False,
	before_second_run: Callable[[], str | None] | None = None,
	commit: bool = False,
	size_of: Callable[[object], int] | None = None,
	skip: str = "",
) -> Measure | None:
	"""`repeat` timed runs (each after `reset`), the floor's, one traced run, then the second run.

	The traced run (tracemalloc: the peak Python memory) comes last but one, so that it leaves
	what the measured call leaves for the second run, which must create nothing.
	`before_second_run` (a job bounded per run: the runs that work off the rest of its backlog)
	runs before it, and may return a note.
	"""
	if skip and skip not in what.lower():
		return None
	result = Measure(what, kind, target=target)

	def once():
		out = call()
		if commit:
			frappe.db.commit()
		return out

	try:
		queries: list = []
		out = None
		for _ in range(repeat):  # the queries of the last run are kept
			if reset:
				reset()
			with count_queries() as ran:
				started = time.perf_counter()
				out = once()
				result.seconds.append(time.perf_counter() - started)
			queries = ran
		result.queries = len(queries)
		result.rows = rows_of(out)
		if size_of is not None:
			result.out_kb = size_of(out) / 1024
		result.plan_warnings = plan_warnings(queries)
		if floor is not None:
			for _ in range(repeat):
				if reset:
					reset()
				started = time.perf_counter()
				result.floor_rows = floor()
				result.floor_seconds.append(time.perf_counter() - started)
				frappe.db.rollback()
			if result.floor_rows is not None and result.floor_rows != result.rows:
				result.notes.append(f"floor gave {result.floor_rows:,} rows, the measure {result.rows:,}")
		if reset:
			reset()
		if memory:
			tracemalloc.start()
			try:
				once()
				result.peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
			finally:
				tracemalloc.stop()
		elif reset:
			once()
		if second_run:
			if before_second_run is not None:
				note = before_second_run()
				if note:
					result.notes.append(note)
			started = time.perf_counter()
			again = once()
			result.second_run_seconds = time.perf_counter() - started
			result.second_run_rows = rows_of(again)
	except Exception:
		frappe.db.rollback()
		result.error = traceback.format_exc()
	return result


def _normalised(query: str) -> str:
	text = re.sub(r"'(?:[^'\\]|\\.)*'", "?", query)
	text = re.sub(r"\b\d+\b", "?", text)
	text = re.sub(r"\((?:\?\s*,\s*)+\?\)", "(?)", text)
	return re.sub(r"\s+", " ", text).strip()


def plan_warnings(
	queries: list[tuple[str, object]],
	limit: int = 40,
	dependent_rows: int = DEPENDENT_SCAN_ROWS,
	full_scan_rows: int = FULL_SCAN_ROWS,
) -> list[str]:
	"""EXPLAIN each distinct statement that reads tables; flag per-row scans and big full scans.

	A dependent subquery that scans a table (access ALL or a whole index) for each outer row is
	the plan that made the 7-day recall take minutes: flagged from `dependent_rows` estimated rows
	(0: any). A full scan of more than `full_scan_rows` rows is reported too: linear, but worth a look.
	"""
	warnings: list[str] = []
	seen: set[str] = set()
	for query, values in queries:
		text = query.strip()
		head = text[:12].lower()
		reads = head.startswith(("select", "update", "delete")) or (
			head.startswith("insert") and re.search(r"\bselect\b", text, re.I)
		)
		if not reads or head.startswith("select 1 from"):
			continue
		key = _normalised(text)
		if key in seen:
			continue
		seen.add(key)
		if len(seen) > limit:
			break
		try:
			args = () if values is None else (values,)
			plan = frappe.db.sql("explain " + text, *args, as_dict=True)
		except Exception:
			frappe.db.rollback()
			continue
		for row in plan:
			estimate = re.match(r"\d+", str(row.get("rows") or 0))  # "87 (11%)" for an UPDATE
			rows = int(estimate.group()) if estimate else 0
			access = row.get("type")
			select_type = row.get("select_type") or ""
			table = row.get("table")
			if "DEPENDENT" in select_type and access in ("ALL", "index") and rows >= dependent_rows:
				warnings.append(f"{table}: {select_type} reads ~{rows:,} rows per outer row ({key[:120]})")
			elif access == "ALL" and rows > full_scan_rows:
				warnings.append(f"{table}: full scan of ~{rows:,} rows ({key[:120]})")
	return warnings


def _json_size(out) -> int:
	from frappe.utils.response import json_handler

	return len(json.dumps(out, default=json_handler, separators=(",", ":")))


def _all_measures(
	now: datetime, repeat: int, memory: bool, only: str | None = None, http: dict | None = None
):
	"""Every measure, in order; with `only`, those whose name contains it (for a quick look at one:
	the others do not run, so a report then sees no task or review unless its job is kept too)."""
	common = {"repeat": repeat, "memory": memory}
	wanted = (only or "").lower()
	for group in (job_measures, report_measures, search_measures):
		for measure in group(now, {**common, "skip": wanted}):
			if measure is not None:
				yield measure
	if http and http.get("calls"):
		yield from api_measures(repeat, wanted, **http)


# Jobs ----------------------------------------------------------------------------------------------


def _sql(query: str, values=None, **kwargs):
	return frappe.db.sql(
		query, {"like": LIKE_PREFIX, "user_like": f"%@{USER_DOMAIN}%", **(values or {})}, **kwargs
	)


def _affected() -> int:
	from nest_prospects.sql import affected_rows

	return affected_rows()


def reset_ageing() -> None:
	_sql("update `tabNEST Prospect` set ageing_state = 'Normal' where name like %(like)s")
	_sql(
		"delete from `tabNEST Classification Change` where parent like %(like)s"
		" and parenttype = 'NEST Prospect' and classification = 'Ageing State'"
	)
	frappe.db.commit()


def reset_followup() -> None:
	"""Undo create_due_tasks: its ToDos (their Versions, the "Assigned" comments) and task rows
	(the benchmark's own are named BENCH-...)."""
	_sql(
		"delete from `tabVersion` where ref_doctype = 'ToDo' and docname in (select name from `tabToDo`"
		" where reference_type in ('NEST Prospect', 'NEST Patient') and reference_name like %(like)s"
		" and name not like %(like)s)"
	)
	_sql(
		"delete from `tabComment` where reference_doctype in ('NEST Prospect', 'NEST Patient')"
		" and reference_name like %(like)s and comment_type = 'Assigned'"
	)
	_sql(
		"delete from `tabToDo` where reference_type in ('NEST Prospect', 'NEST Patient')"
		" and reference_name like %(like)s and name not like %(like)s"
	)
	_sql("delete from `tabNEST Follow-up Task` where reference_name like %(like)s and name not like %(like)s")
	_sql("delete from `tabNotification Log` where for_user like %(user_like)s")
	_sql("update `tabNEST Prospect` set _assign = null where name like %(like)s and _assign is not null")
	_sql("update `tabNEST Patient` set _assign = null where name like %(like)s and _assign is not null")
	frappe.db.commit()


def reset_reviews() -> None:
	_sql("delete from `tabNEST Conversion Review` where name like %(like)s")
	frappe.db.commit()


def reset_reminders() -> None:
	_sql(
		"update `tabNEST Follow-up Task` set reminder_sent_on = null"
		" where reference_name like %(like)s and reminder_sent_on is not null"
	)
	_sql(
		"delete from `tabEmail Queue` where name in (select parent from `tabEmail Queue Recipient`"
		" where recipient like %(user_like)s)"
	)
	_sql("delete from `tabEmail Queue Recipient` where recipient like %(user_like)s")
	frappe.db.commit()


def job_measures(now: datetime, common: dict):
	from nest_prospects.ageing.jobs import update_ageing_states
	from nest_prospects.conversion_review.jobs import create_due_reviews
	from nest_prospects.followup.due_tasks import create_due_tasks
	from nest_prospects.followup.reminders import send_overdue_reminders
	from nest_prospects.likelihood.jobs import update_likelihoods

	day = now.date()
	job = {**common, "commit": True, "second_run": True, "target": f"<{JOB_SECONDS} s, <={JOB_RATIO}x floor"}

	def total(counts) -> int:
		return sum(counts.values()) if isinstance(counts, dict) else int(counts or 0)

	yield measure(
		"job: daily ageing",
		"job",
		lambda: update_ageing_states(day),
		rows_of=total,
		reset=reset_ageing,
		floor=lambda: floor_ageing(day),
		**job,
	)
	created = {}

	def followup():
		counts = create_due_tasks(now)
		created["tasks"] = total(counts)
		return counts

	yield measure(
		"job: follow-up tasks (hourly)",
		"job",
		followup,
		rows_of=total,
		reset=reset_followup,
		floor=lambda: floor_followup(now, created.get("tasks")),
		before_second_run=lambda: work_off_followup(now),
		**job,
	)
	yield measure(
		"job: conversion reviews (one run)",
		"job",
		lambda: create_due_reviews(day),
		rows_of=total,
		reset=reset_reviews,
		floor=lambda: floor_reviews(day, REVIEWS_PER_RUN),
		before_second_run=lambda: work_off_reviews(day),
		**job,
	)
	yield measure(
		"job: likelihood of converting (daily)",
		"job",
		update_likelihoods,
		rows_of=lambda result: int((result or {}).get("changed", 0)),
		reset=reset_likelihoods,
		floor=floor_likelihoods,
		**job,
	)
	yield measure(
		"job: overdue reminders (daily)",
		"job",
		lambda: send_overdue_reminders(now),
		rows_of=lambda result: int((result or {}).get("tasks", 0)),
		reset=reset_reminders,
		floor=lambda: floor_reminders(now),
		**job,
	)


def reset_likelihoods() -> None:
	_sql(
		"update `tabNEST Prospect` set conversion_likelihood = 0, likelihood_factors = null"
		" where name like %(like)s and (conversion_likelihood != 0 or likelihood_factors is not null)"
	)
	frappe.db.commit()


def floor_likelihoods() -> int:
	"""The job's reads each in one statement (the two GROUP BYs, every active prospect's features
	and first requests, unpaged) and one UPDATE giving each active prospect a value."""
	from nest_prospects.likelihood.queries import _features_sql, frequency_tables

	frequency_tables()
	_sql(f"select p.name, {_features_sql()} from `tabNEST Prospect` p where p.status = 'Active'")
	_sql(
		"""select t.parent, t.request_type from `tabNEST Interaction Request Type` t
		join `tabNEST Prospect` p on p.name = t.parent
		where t.parenttype = 'NEST Prospect' and t.parentfield = 'initial_request_types' and p.status = 'Active'"""
	)
	_sql(
		"""update `tabNEST Prospect` set conversion_likelihood = 50, likelihood_factors = '[]'
		where status = 'Active' and likelihood_factors is null"""
	)
	written = _affected()
	frappe.db.commit()
	return written


def floor_ageing(day: date) -> int:
	"""The history rows and the new states in two statements, one CASE for every window."""
	from nest_prospects.ageing.jobs import state_case
	from nest_prospects.ageing.rules import state_windows
	from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import (
		get_settings,
	)

	params: dict = {"now": datetime.now(), "user": "Administrator"}
	# the job's own CASE (ageing.jobs): the floor differs in the writing, not in the states
	state = state_case(state_windows(day, get_settings().ageing_thresholds()), params)
	where = f"p.status = 'Active' and p.ageing_state != {state}"
	_sql(
		f"""insert into `tabNEST Classification Change` (name, creation, modified, modified_by, owner,
			docstatus, idx, parent, parenttype, parentfield, changed_on, classification, from_value,
			to_value, changed_by, reason)
		select concat('AGE-', p.name, '-floor'), %(now)s, %(now)s, %(user)s, %(user)s, 0,
			(select coalesce(max(h.idx), 0) + 1 from `tabNEST Classification Change` h
				where h.parent = p.name and h.parenttype = 'NEST Prospect'),
			p.name, 'NEST Prospect', 'classification_history', %(now)s, 'Ageing State', p.ageing_state,
			{state}, %(user)s, 'floor'
		from `tabNEST Prospect` p where {where}""",
		params,
	)
	_sql(
		f"update `tabNEST Prospect` p set p.ageing_state = {state}, p.modified = %(now)s where {where}",
		params,
	)
	moved = _affected()
	frappe.db.commit()
	return moved


def _write_floor(table: str, count: int, columns: str, values: str) -> None:
	"""Write `count` rows like the job's into a temporary copy of `table` (same columns and indexes)."""
	if not count:
		return
	temporary = f"bench_floor_{frappe.scrub(table)}"
	frappe.db.commit()  # Frappe refuses DDL in a transaction that wrote
	frappe.db.sql(f"drop temporary table if exists `{temporary}`")
	frappe.db.sql(f"create temporary table `{temporary}` like `tab{table}`")
	frappe.db.sql(
		f"insert into `{temporary}` ({columns}) select {values} from seq_0_to_{count - 1} s",
	)
	frappe.db.commit()
	frappe.db.sql(f"drop temporary table `{temporary}`")


def floor_followup(now: datetime, created: int | None) -> int:
	"""The four rules' candidates, one statement each, and the same number of ToDo and task rows."""
	from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import (
		get_settings,
	)

	settings = get_settings()
	since = now - timedelta(days=settings.task_catch_up_days or 0)
	days = settings.recall_after_days
	params = {
		"now": now,
		"since": since,
		"earliest": since - timedelta(days=31),
		"latest": now - timedelta(hours=settings.first_call_after_hours),
		"from_on": datetime.combine(since.date() - timedelta(days=days), datetime.min.time()),
		"until_on": datetime.combine(now.date() - timedelta(days=days - 1), datetime.min.time()),
	}
	_sql(
		"""select p.name, p.first_contact_on, p.temperature, p.responsible_user,
			(select max(i.interaction_on) from `tabNEST Interaction` i
				where i.party_type = 'NEST Prospect' and i.party = p.name
				and not (i.documents_sent = 1 and i.channel = 'Email')) as last_news_on
		from `tabNEST Prospect` p
		where p.status = 'Active' and p.temperature in ('Hot', 'Warm')
			and p.first_contact_on >= %(earliest)s and p.first_contact_on <= %(latest)s
			and not exists (select 1 from `tabNEST Follow-up Task` t where t.reference_name = p.name
				and t.reference_type = 'NEST Prospect' and t.reason in ('Call to book', 'Qualification call'))""",
		params,
	)
	_sql(
		"""select c.name, c.parent, c.changed_on from `tabNEST Classification Change` c
		join `tabNEST Prospect` p on p.name = c.parent
		where c.parenttype = 'NEST Prospect' and c.classification = 'Temperature' and c.to_value = 'Hot'
			and c.from_value in ('Warm', 'Cold') and c.changed_on >= %(since)s and c.changed_on <= %(now)s
			and p.status = 'Active' and p.temperature = 'Hot'""",
		params,
	)
	_sql(
		"""select t.reference_name from `tabToDo` td
		join `tabNEST Follow-up Task` t on t.todo = td.name
		join `tabNEST Prospect` p on p.name = t.reference_name
		where td.modified >= %(since)s and td.status = 'Closed' and t.reason = 'Qualification call'
			and p.status = 'Active' and p.temperature = 'Warm'
			and not exists (select 1 from `tabNEST Interaction` i where i.party_type = 'NEST Prospect'
				and i.party = p.name and i.documents_sent = 1 and i.interaction_on >= t.creation)""",
		params,
	)
	# The recall: the window's interactions asking for what triggers it, then the latest recall
	# of the people they are about (filtered here), each statement on its indexes.
	asked = _sql(
		"""select i.name, i.party_type, i.party, i.interaction_on, req.request_types
		from (select r.parent, group_concat(r.request_type separator '\n') as request_types
			from `tabNEST Interaction` w
			straight_join `tabNEST Interaction Request Type` r
				on r.parent = w.name and r.parenttype = 'NEST Interaction'
			join `tabNEST Request Type` rt on rt.name = r.request_type
			where w.interaction_on >= %(from_on)s and w.interaction_on < %(until_on)s
			group by r.parent having max(rt.triggers_recall) = 1) req
		straight_join `tabNEST Interaction` i on i.name = req.parent
		left join `tabNEST Prospect` p on i.party_type = 'NEST Prospect' and p.name = i.party
		where i.party_type = 'NEST Patient' or p.status = 'Active'""",
		params,
	)
	recalled = dict(
		((party_type, party), recalled_on)
		for party_type, party, recalled_on in _sql(
			"""select c.party_type, c.party, max(j.interaction_on)
			from (select distinct w.party_type, w.party from `tabNEST Interaction` w
				where w.interaction_on >= %(from_on)s and w.interaction_on < %(until_on)s) c
			straight_join `tabNEST Interaction` j
				on j.party = c.party and j.party_type = c.party_type and j.interaction_on > %(from_on)s
			straight_join `tabNEST Interaction Request Type` jr
				on jr.parent = j.name and jr.parenttype = 'NEST Interaction'
			straight_join `tabNEST Request Type` jt on jt.name = jr.request_type and jt.category = 'Recall'
			group by c.party_type, c.party""",
			params,
		)
	)
	_still_due = sum(1 for row in asked if not (recalled.get((row[1], row[2])) or row[3]) > row[3])
	count = created or 0
	_write_floor(
		"NEST Follow-up Task",
		count,
		"name, creation, modified, owner, modified_by, task_key, reason, reference_type, reference_name, todo,"
		" assigned_to, due_on",
		"concat('f', s.seq), now(), now(), 'Administrator', 'Administrator', concat('floor|', s.seq),"
		" '7-day recall', 'NEST Prospect', concat('BENCH-F', s.seq), concat('t', s.seq), 'Administrator', now()",
	)
	_write_floor(
		"ToDo",
		count,
		"name, creation, modified, owner, modified_by, status, priority, date, allocated_to, description,"
		" reference_type, reference_name",
		"concat('t', s.seq), now(), now(), 'Administrator', 'Administrator', 'Open', 'Medium', curdate(),"
		" 'Administrator', repeat('x', 600), 'NEST Prospect', concat('BENCH-F', s.seq)",
	)
	return count


def work_off(run_once: Callable[[], int], per_run: int, what: str) -> str | None:
	"""A job bounded per run, run again until its backlog is worked off; a note, None when the
	measured run left nothing."""
	runs: list[tuple[int, float]] = []
	while True:
		started = time.perf_counter()
		created = run_once()
		frappe.db.commit()
		runs.append((created, time.perf_counter() - started))
		if not created:
			break
	if len(runs) == 1:
		return None
	done = sum(created for created, _seconds in runs)
	return (
		f"the rest of the backlog, {done:,} {what}, in {len(runs) - 1} more runs of at most"
		f" {per_run:,}: the longest {max(seconds for _created, seconds in runs):.1f} s"
	)


def work_off_reviews(day: date) -> str | None:
	"""The review job run again until its backlog is worked off (each run is bounded); a note."""
	from nest_prospects.conversion_review.jobs import create_due_reviews

	return work_off(lambda: create_due_reviews(day), REVIEWS_PER_RUN, "reviews")


def work_off_followup(now: datetime) -> str | None:
	"""The follow-up job run again until its catch-up is written (at most TASKS_PER_RUN a run)."""
	from nest_prospects.followup.due_tasks import TASKS_PER_RUN, create_due_tasks

	return work_off(lambda: sum(create_due_tasks(now).values()), TASKS_PER_RUN, "tasks")


def floor_reviews(day: date, limit: int) -> int:
	"""Each fact of the `limit` most overdue prospects in one statement (the matches as a UNION),
	and the reviews written."""
	from nest_prospects.conversion_review.jobs import review_lag_days

	before = datetime.combine(day - timedelta(days=review_lag_days() - 1), datetime.min.time())
	frappe.db.commit()
	frappe.db.sql("drop temporary table if exists bench_due")
	frappe.db.sql(
		"""create temporary table bench_due (primary key (name)) as
		select p.name, p.phone, p.match_key from `tabNEST Prospect` p
		left join `tabNEST Conversion Review` r on r.prospect = p.name
		where r.name is null and p.first_contact_on < %(before)s
		order by p.first_contact_on, p.name limit %(limit)s""",
		{"before": before, "limit": limit},
	)
	due = frappe.db.sql("select count(*) from bench_due")[0][0]
	frappe.db.sql(
		"""select d.name, x.name, x.created_in_patient_system_on from bench_due d
			join `tabNEST Patient` x on x.phone = d.phone
		union all select d.name, x.name, x.created_in_patient_system_on from bench_due d
			join `tabNEST Patient` x on x.match_key = d.match_key
		union all select d.name, x.name, x.first_contact_on from bench_due d
			join `tabNEST Prospect` x on x.phone = d.phone and x.name != d.name
		union all select d.name, x.name, x.first_contact_on from bench_due d
			join `tabNEST Prospect` x on x.match_key = d.match_key and x.name != d.name"""
	)
	frappe.db.sql(
		"""select a.party, a.scheduled_on, a.status from bench_due d
		join `tabNEST Appointment` a on a.party_type = 'NEST Prospect' and a.party = d.name"""
	)
	frappe.db.sql(
		"""select i.party, count(distinct case when r.name is not null or trim(coalesce(i.comments, '')) != ''
				then i.name end),
			group_concat(distinct r.request_type), group_concat(distinct rt.category)
		from bench_due d
		join `tabNEST Interaction` i on i.party_type = 'NEST Prospect' and i.party = d.name
		left join `tabNEST Interaction Request Type` r on r.parent = i.name and r.parenttype = 'NEST Interaction'
		left join `tabNEST Request Type` rt on rt.name = r.request_type
		group by i.party"""
	)
	_write_floor(
		"NEST Conversion Review",
		due,
		"name, creation, modified, owner, modified_by, prospect, prospect_name, prospect_created_on, outcome,"
		" detail, reviewed_on, reviewed_by",
		"concat('r', s.seq), now(), now(), 'Administrator', 'Administrator', concat('p', s.seq), 'Awa Diop',"
		" now(), 'Information', repeat('x', 120), now(), 'Administrator'",
	)
	frappe.db.commit()
	frappe.db.sql("drop temporary table bench_due")
	return due


def floor_reminders(now: datetime) -> int:
	"""The overdue open tasks of enabled users read once, one mail per user listing them (its lines
	built by the database), the tasks marked in one UPDATE."""
	params = {"today": now.date(), "now": now}
	where = "td.status = 'Open' and t.reminder_sent_on is null and td.date < %(today)s"
	rows = _sql(
		f"""select td.allocated_to, u.email, count(*),
			group_concat(concat('<li>', td.date, ': <a href="/app/', replace(lower(t.reference_type), ' ', '-'),
				'/', t.reference_name, '">', t.reason, ', ', t.reference_name, '</a></li>') separator '')
		from `tabNEST Follow-up Task` t
		join `tabToDo` td on td.name = t.todo join `tabUser` u on u.name = td.allocated_to and u.enabled = 1
		where {where} and u.email is not null group by td.allocated_to, u.email""",
		params,
	)
	for _user, email, count, items in rows:
		frappe.sendmail(recipients=[email], subject=f"{count} overdue tasks", message=f"<ul>{items}</ul>")
	_sql(
		f"""update `tabNEST Follow-up Task` t join `tabToDo` td on td.name = t.todo
		join `tabUser` u on u.name = td.allocated_to and u.enabled = 1 and u.email is not null
		set t.reminder_sent_on = %(now)s where {where}""",
		params,
	)
	marked = _affected()
	frappe.db.commit()
	return marked


# Reports -------------------------------------------------------------------------------------------


def default_filters(report: str, day: date) -> list[tuple[str, dict]]:
	"""Each report's default filters (those of its .js), and the conversion report's second view."""
	conversion = {"from_date": add_months(get_first_day(day), -11), "to_date": day}
	return {
		"NEST Daily Recalls": [("", {"up_to": day})],
		"NEST Morning Review": [("", {"review_date": day})],
		"NEST Prospect Conversion": [
			("summary", {"view": "Summary", "group_by": "Month", **conversion}),
			("prospects", {"view": "Prospects", **conversion}),
		],
		"NEST Waiting Answers": [("", {})],
		**managers_filters(day),
	}.get(report, [("", {})])


def managers_filters(day: date) -> dict[str, list[tuple[str, dict]]]:
	"""The managers' reports (ageing, response times, activity, sources): their .js defaults."""
	months = {"from_date": add_months(get_first_day(day), -5), "to_date": day}
	return {
		"NEST Prospect Ageing": [("now", {"view": "Now"}), ("by month", {"view": "By Month", **months})],
		"NEST Response Times": [("", {"period": "Month", **months})],
		"NEST Activity": [
			("", {"period": "Week", "group_by": "User", "from_date": add_days(day, -27), "to_date": day})
		],
		"NEST Prospect Sources": [("", months)],
	}


def managers_floors(day: date) -> dict[tuple[str, str], Callable[[], int]]:
	"""Their SQL alone: the same queries, without the rules applied to the rows."""
	from nest_prospects.nest_prospects.report.nest_prospect_ageing import nest_prospect_ageing as ageing

	since, until = add_months(get_first_day(day), -5), add_days(day, 1)
	months = {"from": since, "to": until}

	def ageing_now():
		return len(
			_sql(
				"""select temperature, ageing_state, count(*) from `tabNEST Prospect`
				where status = 'Active' group by temperature, ageing_state"""
			)
		)

	def ageing_by_month():
		ends = ageing.month_ends(frappe._dict(from_date=since, to_date=day))
		return len(ageing.states_at(ends, None)) + len(ageing.moved(ends, None))

	def response_times():
		prospects = _sql(
			"""select first_contact_on, first_answered_on, responsible_user, temperature from `tabNEST Prospect`
			where first_contact_on >= %(from)s and first_contact_on < %(to)s and temperature != 'Cold'
			order by first_contact_on""",
			months,
		)
		tasks = _sql(
			"""select td.date, td.status, if(td.status = 'Closed', date(td.modified), null) as closed_day,
				td.allocated_to, t.reason, count(*)
			from `tabNEST Follow-up Task` t join `tabToDo` td on td.name = t.todo
			where t.due_on >= %(from)s and t.due_on < %(to)s and t.reason != 'Documentation mail'
			group by td.date, td.status, closed_day, td.allocated_to, t.reason""",
			months,
		)
		return len(prospects) + len(tasks)

	def activity():
		return len(
			_sql(
				"""select date_sub(date(interaction_on), interval weekday(interaction_on) day) as bucket,
					logged_by, count(*)
				from `tabNEST Interaction` where interaction_on >= %(from)s and interaction_on < %(to)s
				group by bucket, logged_by""",
				{"from": add_days(day, -27), "to": until},
			)
		)

	def sources():
		groups = _sql(
			"""select p.source, count(*), count(r.name), sum(p.status = 'Converted')
			from `tabNEST Prospect` p left join `tabNEST Conversion Review` r on r.name = p.name
			where p.first_contact_on >= %(from)s and p.first_contact_on < %(to)s group by p.source""",
			months,
		)
		_sql(
			"""select p.source, datediff(pa.created_in_patient_system_on, p.first_contact_on)
			from `tabNEST Prospect` p join `tabNEST Patient` pa on pa.name = p.patient
			where p.first_contact_on >= %(from)s and p.first_contact_on < %(to)s and p.status = 'Converted'""",
			months,
		)
		return len(groups) + 1

	return {
		("NEST Prospect Ageing", "now"): ageing_now,
		("NEST Prospect Ageing", "by month"): ageing_by_month,
		("NEST Response Times", ""): response_times,
		("NEST Activity", ""): activity,
		("NEST Prospect Sources", ""): sources,
	}


def report_floors(day: date) -> dict[tuple[str, str], Callable[[], int]]:
	conversion = {"from": add_months(get_first_day(day), -11), "to": add_days(day, 1)}

	def recalls():
		return len(
			_sql(
				"""select td.date, td.allocated_to, t.reason, t.reference_type, t.reference_name,
					coalesce(p.full_name, pa.full_name), coalesce(p.phone, pa.phone), t.interaction, td.name
				from `tabToDo` td join `tabNEST Follow-up Task` t on t.todo = td.name
				left join `tabNEST Prospect` p on t.reference_type = 'NEST Prospect' and p.name = t.reference_name
				left join `tabNEST Patient` pa on t.reference_type = 'NEST Patient' and pa.name = t.reference_name
				where td.status = 'Open' and td.date <= %(day)s order by td.date, td.allocated_to, t.reason""",
				{"day": day},
			)
		)

	def morning():
		from nest_prospects.nest_prospects.report.nest_morning_review.nest_morning_review import review_window

		start, end = review_window(day)
		return len(
			_sql(
				"""select i.name, i.interaction_on, i.party_type, i.party, i.party_name, i.channel,
					(select group_concat(r.request_type) from `tabNEST Interaction Request Type` r
						where r.parent = i.name and r.parenttype = 'NEST Interaction'),
					i.comments, i.documents_sent, i.logged_by, i.processed, i.processed_by, i.processed_on
				from `tabNEST Interaction` i where i.interaction_on >= %(start)s and i.interaction_on < %(end)s
				order by i.processed, i.interaction_on""",
				{"start": start, "end": end},
			)
		)

	def summary():
		groups = _sql(
			"""select date_format(prospect_created_on, '%%Y-%%m') as month, outcome, count(*)
			from `tabNEST Conversion Review` where prospect_created_on >= %(from)s and prospect_created_on < %(to)s
			group by month, outcome""",
			conversion,
		)
		months = {month for month, _outcome, _count in groups}
		return len(months) + 1 if months else 0  # and the total row

	def prospects():
		from nest_prospects.nest_prospects.report.nest_prospect_conversion import nest_prospect_conversion

		limit = getattr(nest_prospect_conversion, "PAGE_LENGTH", None)
		return len(
			_sql(
				f"""select r.name, r.prospect, r.prospect_name, r.prospect_created_on, r.source, r.temperature,
					r.request_types, r.outcome, r.evidence_doctype, r.evidence_name, r.matched_on, r.detail,
					r.comments, r.reviewed_on, p.phone, p.status
				from `tabNEST Conversion Review` r left join `tabNEST Prospect` p on p.name = r.prospect
				where r.prospect_created_on >= %(from)s and r.prospect_created_on < %(to)s
				order by r.prospect_created_on, r.name {f"limit {int(limit)}" if limit else ""}""",
				conversion,
			)
		)

	def waiting():
		return len(
			_sql(
				"""select name, full_name, phone, email, temperature, first_contact_on, responsible_user
				from `tabNEST Prospect` where status = 'Active' and temperature in ('Hot', 'Warm')
					and first_answered_on is null order by first_contact_on"""
			)
		)

	return {
		("NEST Daily Recalls", ""): recalls,
		("NEST Morning Review", ""): morning,
		("NEST Prospect Conversion", "summary"): summary,
		("NEST Prospect Conversion", "prospects"): prospects,
		("NEST Waiting Answers", ""): waiting,
		**managers_floors(day),
	}


def report_measures(now: datetime, common: dict):
	from frappe.desk.query_report import run as run_report

	day = now.date()
	floors = report_floors(day)
	reports = frappe.get_all(
		"Report",
		filters={"module": "NEST Prospects", "report_type": "Script Report", "disabled": 0},
		pluck="name",
		order_by="name",
	)
	for report in reports:
		for view, filters in default_filters(report, day):

			def call(report=report, filters=filters):
				return run_report(report, filters=dict(filters), ignore_prepared_report=True)

			result = measure(
				f"report: {report}" + (f" ({view})" if view else ""),
				"report",
				call,
				rows_of=lambda out: len((out or {}).get("result") or []),
				size_of=_json_size,
				floor=floors.get((report, view)),
				target=f"<{REPORT_SECONDS} s",
				**common,
			)
			if result is not None and (report, view) not in floors:
				result.notes.append("no floor written for this report")
			yield result


# Searches ------------------------------------------------------------------------------------------


def _prospect_number(prospects: int) -> int:
	return max(prospects // 2, 0)


def search_measures(now: datetime, common: dict):
	from frappe.desk.search import search_link

	from nest_prospects.people.api import find_existing_people

	count = frappe.db.sql(
		"select count(*) from `tabNEST Prospect` where name like %(like)s", {"like": LIKE_PREFIX}
	)[0][0]
	i = _prospect_number(count)
	digits = f"{i:07d}"
	row = frappe.db.get_value(
		"NEST Prospect",
		{"phone": f"+22177{digits}", "name": ("like", LIKE_PREFIX)},
		["phone", "first_name", "last_name", "date_of_birth"],
		as_dict=True,
	)
	search = {**common, "target": f"<{int(SEARCH_SECONDS * 1000)} ms"}
	# Typed as the secretaries do, nationally and in groups: "77 005 00" (8 of the 9 digits).
	typed_phone = f"77 {digits[:3]} {digits[3:5]}"
	prefix = f"+22177{digits[:5]}%"

	def link(doctype, txt):
		return lambda: search_link(doctype, txt, page_length=10)

	def floor_link(doctype, column, pattern):
		return lambda: len(
			frappe.db.sql(
				f"select name, full_name, phone from `tab{doctype}` where {column} like %(pattern)s"
				" order by modified desc limit 10",
				{"pattern": pattern},
			)
		)

	yield measure(
		f"search: prospect link, phone '{typed_phone}'",
		"search",
		link("NEST Prospect", typed_phone),
		rows_of=len,
		floor=floor_link("NEST Prospect", "phone", prefix),
		**search,
	)
	j = max(count // 4, 0)
	patient_digits = f"{j:07d}"
	typed_patient = f"78 {patient_digits[:3]} {patient_digits[3:5]}"
	yield measure(
		f"search: patient link, phone '{typed_patient}'",
		"search",
		link("NEST Patient", typed_patient),
		rows_of=len,
		floor=floor_link("NEST Patient", "phone", f"+22178{patient_digits[:5]}%"),
		**search,
	)
	name = f"{row.first_name} {row.last_name[:2]}" if row else "Awa Di"
	yield measure(
		f"search: prospect link, name '{name}'",
		"search",
		link("NEST Prospect", name),
		rows_of=len,
		floor=floor_link("NEST Prospect", "full_name", f"{name}%"),
		**search,
	)
	if not row:
		return
	typed = {
		"phone": " ".join((row.phone[4:6], row.phone[6:9], row.phone[9:11], row.phone[11:])),
		"first_name": row.first_name,
		"last_name": row.last_name,
		"date_of_birth": str(row.date_of_birth),
	}
	key = f"{row.last_name.lower()}|{row.first_name.lower()}|{row.date_of_birth}"

	def floor_duplicates(phone):
		return lambda: len(
			frappe.db.sql(
				"""select 'NEST Prospect', name from `tabNEST Prospect` where phone = %(phone)s
				union select 'NEST Prospect', name from `tabNEST Prospect` where match_key = %(key)s
				union select 'NEST Patient', name from `tabNEST Patient` where phone = %(phone)s
				union select 'NEST Patient', name from `tabNEST Patient` where match_key = %(key)s""",
				{"phone": phone, "key": key},
			)
		)

	yield measure(
		"search: duplicate check, phone and names typed",
		"search",
		lambda: find_existing_people(**typed),
		rows_of=len,
		floor=floor_duplicates(row.phone),
		**search,
	)
	partial = {**typed, "phone": typed["phone"][:6]}
	yield measure(
		"search: duplicate check, phone half typed",
		"search",
		lambda: find_existing_people(**partial),
		rows_of=len,
		floor=floor_duplicates(None),
		**search,
	)


# The patient system's API, over HTTP ---------------------------------------------------------------


def api_measures(repeat: int, skip: str, calls: int, clients: int, workers: int):
	"""ping, then upsert_patient next to /api/resource (new records, then updates): see benchmarks.http."""
	from nest_prospects.benchmarks import http

	wanted = [
		("api: ping (the server's ceiling)", "ping", None),
		("api: upsert_patient, new records", "upsert new", "resource new"),
		("api: upsert_patient, updates", "upsert update", "resource update"),
	]
	wanted = [entry for entry in wanted if not skip or skip in entry[0].lower()]
	if not wanted:
		return
	target = f"<={API_RATIO:g}x REST, 0 errors"
	with http.api_user() as headers, http.served(workers) as base:
		send = http.senders(base, headers, calls)
		# Every worker up, each path's modules loaded, before any timing (a run index of its own).
		for key in ("ping", "upsert new", "resource new"):
			http.load(clients * 4, clients, send[key](http.WARM_UP_RUN))
		for what, path, baseline in wanted:
			if path == "upsert update":  # the update paths warmed too, on the first run's patients
				for key in (path, baseline):
					http.load(clients * 4, clients, send[key](http.WARM_UP_RUN))
			result = Measure(what, "api", target=target if baseline else "", rows=calls, errors=0)
			described = {}
			try:
				for r in range(repeat):
					for key, seconds in ((path, result.seconds), (baseline, result.floor_seconds)):
						if key is None:
							continue
						wall, latencies, statuses = http.load(calls, clients, send[key](r))
						seconds.append(wall)
						described[key] = http.describe(wall, latencies, statuses)
						result.errors += described[key]["errors"]
			except Exception:
				result.error = traceback.format_exc()
			for key, summary in described.items():
				result.notes.append(
					f"{key}: {summary['calls_per_second']} calls/s, median {summary['median_ms']} ms,"
					f" p95 {summary['p95_ms']} ms, {summary['statuses']} (last run, {clients} clients,"
					f" {workers} workers)"
				)
			yield result
