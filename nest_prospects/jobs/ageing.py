"""The daily ageing pass: every active prospect gets the state its last interaction gives it.

Set-based: for each target state, one INSERT ... SELECT writes the history rows of the
prospects about to change, then one UPDATE changes them. Running it twice on the same day
changes nothing the second time, since only prospects not yet in their state are touched.
"""

from __future__ import annotations

import frappe
from frappe.utils import getdate, now_datetime

from nest_prospects.jobs.sql import affected_rows
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.rules.ageing import AGEING_STATES, StateWindow, state_windows

REASON = "Daily ageing job"


def _window_condition(windows: list[StateWindow], params: dict) -> str:
	clauses = []
	for i, window in enumerate(windows):
		parts = [f"p.temperature = %(temperature_{i})s"]
		params[f"temperature_{i}"] = window.temperature
		if window.since is not None:
			parts.append(f"p.last_interaction_on >= %(since_{i})s")
			params[f"since_{i}"] = window.since
		if window.before is not None:
			parts.append(f"p.last_interaction_on < %(before_{i})s")
			params[f"before_{i}"] = window.before
		clauses.append("(" + " and ".join(parts) + ")")
	return "(" + " or ".join(clauses) + ")"


def update_ageing_states(on_date=None) -> dict[str, int]:
	"""Re-age every active prospect as of `on_date` (today); return how many moved to each state."""
	day = getdate(on_date)
	now = now_datetime()
	run_id = now.strftime("%Y%m%d%H%M%S%f")
	windows = state_windows(day, get_settings().ageing_thresholds())
	moved: dict[str, int] = {}
	for state in AGEING_STATES:
		params = {"state": state, "now": now, "user": frappe.session.user, "reason": REASON, "run": run_id}
		where = "p.status = 'Active' and p.ageing_state != %(state)s and " + _window_condition(
			[w for w in windows if w.state == state], params
		)
		frappe.db.sql(
			f"""
			insert into `tabNEST Classification Change`
				(name, creation, modified, modified_by, owner, docstatus, idx,
				parent, parenttype, parentfield,
				changed_on, classification, from_value, to_value, changed_by, reason)
			select
				concat('AGE-', p.name, '-', %(run)s), %(now)s, %(now)s, %(user)s, %(user)s, 0,
				(select coalesce(max(h.idx), 0) + 1 from `tabNEST Classification Change` h
					where h.parent = p.name and h.parenttype = 'NEST Prospect'),
				p.name, 'NEST Prospect', 'classification_history',
				%(now)s, 'Ageing State', p.ageing_state, %(state)s, %(user)s, %(reason)s
			from `tabNEST Prospect` p
			where {where}
			""",
			params,
		)
		frappe.db.sql(
			f"update `tabNEST Prospect` p set p.ageing_state = %(state)s, p.modified = %(now)s where {where}",
			params,
		)
		moved[state] = affected_rows()
	return moved
