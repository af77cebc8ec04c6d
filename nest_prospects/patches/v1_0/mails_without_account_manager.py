"""The seeded mails name whom to ask for at the switchboard only when the settings name someone.

The app no longer ships a person's name as the default account manager: a site may leave it
empty, and the mails then only invite to call. The templates still as shipped get the new text;
one a manager edited is hers and stays as it is.
"""

from __future__ import annotations

import frappe

from nest_prospects.followup.setup import EMAIL_TEMPLATES

SHIPPED_BEFORE = "\n(demandez {{ account_manager }} au standard) ou à venir nous rencontrer"
SHIPPED_NOW = "\n{% if account_manager %}(demandez {{ account_manager }} au standard){% endif %}\nou à venir nous rencontrer"


def execute() -> None:
	for name, values in EMAIL_TEMPLATES.items():
		before = values["response"].replace(SHIPPED_NOW, SHIPPED_BEFORE)
		if frappe.db.get_value("Email Template", name, "response") == before:
			frappe.db.set_value("Email Template", name, "response", values["response"])
