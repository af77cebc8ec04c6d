"""The daily likelihood job: relearn the site's frequency tables, give each active prospect her
likelihood of converting and the three features that weigh most.

Set-based: two GROUP BY queries count the reviews (likelihood.queries.frequency_tables), then the
active prospects are read 900 at a time (two queries a page) and those whose likelihood or
factors changed are written by one UPDATE per page (a CASE on the name). Memory holds one page;
a second run on the same data writes nothing. Below the floor (NEST Likelihood Model) one UPDATE
clears the active prospects' likelihoods. A prospect that leaves the follow-up keeps the last
likelihood she was given (what the secretaries saw); `modified` is not touched: the job computes,
nobody edits.

A prospect has a likelihood when `likelihood_factors` is set (a JSON list, "[]" when none of her
values says anything): Frappe stores a Percent as NOT NULL, so `conversion_likelihood` alone
cannot say "none" (it is then 0).
"""

from __future__ import annotations

import json

import frappe
from frappe.utils import now_datetime

from nest_prospects.likelihood.queries import frequency_tables, pages_of_features
from nest_prospects.likelihood.rules import FrequencyTables, predict, stored_factors, usable
from nest_prospects.nest_prospects.doctype.nest_likelihood_model.nest_likelihood_model import MODEL, floor
from nest_prospects.sql import affected_rows, single_run

ACTIVE = "p.status = 'Active'"


def _empty() -> dict:
	return {"reviewed": 0, "converted": 0, "scored": 0, "changed": 0, "skipped": True}


@single_run(_empty)
def update_likelihoods() -> dict:
	"""Recompute the tables and the active prospects' likelihoods; return the counts and how many
	prospects changed (`changed`: 0 on a second run)."""
	tables = frequency_tables()
	minimum = floor()
	changed = 0
	scored = 0
	if usable(tables, minimum):
		for page in pages_of_features(
			ACTIVE, {}, ", p.conversion_likelihood as stored, p.likelihood_factors"
		):
			updates = []
			for row in page:
				prediction = predict(tables, row.features)
				percent = prediction.percent if prediction else 0.0
				factors = _factors_text(stored_factors(prediction)) if prediction else None
				scored += factors is not None
				if not _same(row.stored, percent) or (row.likelihood_factors or None) != factors:
					updates.append((row.name, percent, factors))
			changed += _write(updates)
	else:
		frappe.db.sql(
			"""update `tabNEST Prospect` p set p.conversion_likelihood = 0, p.likelihood_factors = null
			where p.status = 'Active' and (p.conversion_likelihood != 0 or p.likelihood_factors is not null)"""
		)
		changed = affected_rows()
	_store_model(tables, scored)
	return {
		"reviewed": tables.reviewed,
		"converted": tables.converted,
		"scored": scored,
		"changed": changed,
		"skipped": False,
	}


def _factors_text(factors: list) -> str:
	return json.dumps(factors, ensure_ascii=False, separators=(",", ":"))


def _same(stored, percent: float) -> bool:
	return abs(float(stored or 0) - percent) < 1e-6


def _write(updates: list[tuple[str, float, str | None]]) -> int:
	"""One UPDATE for the page's changed prospects: a CASE on the name for each column."""
	if not updates:
		return 0
	params: dict = {"names": [name for name, _percent, _factors in updates]}
	likelihoods, factors = [], []
	for i, (name, percent, text) in enumerate(updates):
		params[f"n{i}"], params[f"l{i}"], params[f"f{i}"] = name, percent, text
		likelihoods.append(f"when %(n{i})s then %(l{i})s")
		factors.append(f"when %(n{i})s then %(f{i})s")
	frappe.db.sql(
		f"""update `tabNEST Prospect` set
			conversion_likelihood = case name {" ".join(likelihoods)} end,
			likelihood_factors = case name {" ".join(factors)} end
		where name in %(names)s""",
		params,
	)
	return len(updates)


def _store_model(tables: FrequencyTables, scored: int) -> None:
	"""The tables and counts on NEST Likelihood Model, written only when they changed."""
	text = json.dumps(tables.as_dict(), ensure_ascii=False, sort_keys=True, indent=1)
	stored = frappe.db.get_singles_dict(MODEL)
	values = {}
	if (stored.get("frequency_tables") or "") != text:
		values.update(
			frequency_tables=text,
			reviewed=tables.reviewed,
			converted=tables.converted,
			tables_changed_on=now_datetime(),
		)
	if int(stored.get("scored") or 0) != scored:
		values["scored"] = scored
	if values:
		frappe.db.set_single_value(MODEL, values)
