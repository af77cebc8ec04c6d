"""The prospect status "Lost" is now "Abandoned" ("Abandonné").

"Lost" ("Perdu") is the ageing state of a prospect without interaction for too long; the same
word for the outcome a secretary sets made the list and the form ambiguous.
"""

import frappe


def execute() -> None:
	prospects = frappe.qb.DocType("NEST Prospect")
	frappe.qb.update(prospects).set(prospects.status, "Abandoned").where(prospects.status == "Lost").run()
