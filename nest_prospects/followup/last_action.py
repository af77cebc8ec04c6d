"""The prospect's last action, stored on the prospect so that its list can show it (seed 003's
"Dernière action": the last task accomplished in her follow-up).

The last action is the latest of her interactions (its channel) and of her tasks recorded done
(their action type), with its date (`last_action`, `last_action_on`, both permission level 2:
read by every reader, written by the app only). An interaction moves them forward
(NEST Prospect.record_interaction, from NEST Interaction.on_update), and so does a task planned
with a past date (NEST Prospect.record_task_done); the rule is `rules/last_action.py`. This
module sets them from what is already stored, for the sites installed before the fields (patch
`prospect_last_action`): one UPDATE each, never a save per prospect, and the prospect's
`modified` is left as it was.
"""

from __future__ import annotations

import frappe

from nest_prospects.constants import FOLLOW_UP_TASK, INTERACTION, PROSPECT


def refresh_last_actions() -> None:
	"""Every prospect's last action: her latest interaction (the latest created among those of the
	same moment), else her first request; then her latest task recorded done, if its day is not
	before that."""
	latest_interaction = f"""from `tab{INTERACTION}` i
		where i.party_type = '{PROSPECT}' and i.party = p.name
		order by i.interaction_on desc, i.creation desc, i.name desc limit 1"""
	frappe.db.sql(
		f"""update `tab{PROSPECT}` p set
			p.last_action = coalesce((select i.channel {latest_interaction}), p.initial_channel),
			p.last_action_on = coalesce((select i.interaction_on {latest_interaction}), p.first_contact_on)"""
	)
	frappe.db.sql(
		f"""update `tab{PROSPECT}` p
		join (select reference_name, max(due_on) as done_on from `tab{FOLLOW_UP_TASK}`
			where reference_type = '{PROSPECT}' and recorded_done = 1 group by reference_name) d
			on d.reference_name = p.name
		set p.last_action = (select t.action_type from `tab{FOLLOW_UP_TASK}` t
				where t.reference_type = '{PROSPECT}' and t.reference_name = p.name
				and t.recorded_done = 1 and t.due_on = d.done_on
				order by t.creation desc limit 1),
			p.last_action_on = d.done_on
		where p.last_action_on is null or date(d.done_on) >= date(p.last_action_on)"""
	)
