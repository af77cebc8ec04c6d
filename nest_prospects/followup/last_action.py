"""The prospect's last action, stored on the prospect so that its list can show it (seed 003's
"Dernière action").

The last action is her last interaction: its channel (`last_action`) and its date
(`last_interaction_on`), both permission level 2 (read by every reader, written by the app
only). The interaction that happens moves them forward (NEST Prospect.record_interaction, from
NEST Interaction.on_update); this module sets them from the interactions already stored, for the
sites installed before the field (patch `prospect_last_action`): one UPDATE, never a save per
prospect, and the prospect's `modified` is left as it was.
"""

from __future__ import annotations

import frappe

from nest_prospects.constants import INTERACTION, PROSPECT


def refresh_last_actions() -> None:
	"""Every prospect's last action: the channel of her latest interaction (the latest created
	among those of the same moment), else the channel of her first request."""
	frappe.db.sql(
		f"""update `tab{PROSPECT}` p set p.last_action = coalesce(
			(select i.channel from `tab{INTERACTION}` i
			where i.party_type = '{PROSPECT}' and i.party = p.name
			order by i.interaction_on desc, i.creation desc, i.name desc limit 1),
			p.initial_channel)"""
	)
