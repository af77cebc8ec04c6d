"""The daily ageing pass: every active prospect gets the state its last interaction gives it.

Set-based: one CASE gives each active prospect the state its last interaction puts it in;
one INSERT ... SELECT writes the history rows of the prospects about to change, one UPDATE
changes them, and one query counts the history rows per state. Three statements for ten
prospects or a hundred thousand. Running it twice on the same day changes nothing the second
time, since only prospects not yet in their state are touched.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime

from nest_prospects.ageing.rules import AGEING_STATES, StateWindow, state_windows
from nest_prospects.languages.lookup import site_language
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.sql import single_run


def state_case(windows: list[StateWindow], params: dict) -> str:
	"""SQL giving the state whose window holds the prospect's last interaction (NULL if none does:
	such a prospect is left as it is)."""
	whens = []
	for i, window in enumerate(windows):
		parts = [f"p.temperature = %(temperature_{i})s"]
		params[f"temperature_{i}"] = window.temperature
		params[f"state_{i}"] = window.state
		if window.since is not None:
			parts.append(f"p.last_interaction_on >= %(since_{i})s")
			params[f"since_{i}"] = window.since
		if window.before is not None:
			parts.append(f"p.last_interaction_on < %(before_{i})s")
			params[f"before_{i}"] = window.before
		whens.append(f"when {' and '.join(parts)} then %(state_{i})s")
	return f"(case {' '.join(whens)} end)"


@single_run(dict)
def update_ageing_states(on_date=None) -> dict[str, int]:
	"""Re-age every active prospect as of `on_date` (today); return how many moved to each state."""
	day = getdate(on_date)
	now = now_datetime()
	run_id = now.strftime("%Y%m%d%H%M%S%f")
	windows = state_windows(day, get_settings().ageing_thresholds())
	# The history rows' reason, in the site's language: every secretary reads it.
	reason = _("Daily ageing job", lang=site_language())
	params = {"now": now, "user": frappe.session.user, "reason": reason, "run": run_id}
	state = state_case(windows, params)
	where = f"p.status = 'Active' and p.ageing_state != {state}"
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
			%(now)s, 'Ageing State', p.ageing_state, {state}, %(user)s, %(reason)s
		from `tabNEST Prospect` p
		where {where}
		""",
		params,
	)
	frappe.db.sql(
		f"update `tabNEST Prospect` p set p.ageing_state = {state}, p.modified = %(now)s where {where}",
		params,
	)
	# The history rows just written say who moved where (read on the index of changed_on).
	moved = dict.fromkeys(AGEING_STATES, 0)
	moved.update(
		frappe.db.sql(
			"""select to_value, count(*) from `tabNEST Classification Change`
			where changed_on = %(now)s and classification = 'Ageing State' and name like %(names)s
			group by to_value""",
			{"now": now, "names": f"AGE-%-{run_id}"},
		)
	)
	return moved
