"""What the daily reminder jobs share: one mail per recipient, then her rows marked reminded.

Used by the overdue follow-up tasks (`followup/reminders.py`) and the referrals without feedback
(`routing/jobs.py`); each job keeps its own queries and its own mail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import frappe

Recipient = TypeVar("Recipient")


def recipients(user_column: str, tables: str, where: str, values: dict, count_as: str) -> list[dict]:
	"""Who has rows to be reminded of, in one query: `user_column` (its name as the key), her
	`email`, `language`, `user_name` and her number of rows as `count_as`, ordered by user.

	`tables` joins the recipient's enabled User as `u`; `where` selects the rows due a reminder."""
	return frappe.db.sql(
		f"""select {user_column}, u.email, u.language, coalesce(u.full_name, u.name) as user_name,
			count(*) as {count_as}
		from {tables} where {where}
		group by {user_column}, u.email, u.language, u.full_name, u.name
		order by {user_column}""",
		values,
		as_dict=True,
	)


def remind_each(
	recipients: list[Recipient],
	send: Callable[[Recipient], None],
	mark: Callable[[Recipient], None],
	no_account: str,
) -> list[Recipient]:
	"""Send each recipient her mail, then `mark` what it listed as reminded, one recipient at a time.

	Without an outgoing mail account (`frappe.OutgoingEmailError`) the cause is logged (Error Log,
	titled `no_account`) and the loop stops with nothing more marked, so the next run sends the
	rest. Returns the recipients reminded."""
	reminded = []
	for recipient in recipients:
		try:
			send(recipient)
		except frappe.OutgoingEmailError:
			frappe.log_error(no_account)
			break
		mark(recipient)
		reminded.append(recipient)
	return reminded
