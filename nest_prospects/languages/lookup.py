"""Which language a text is written in when no one is at the desk to ask.

A request to the desk runs in its user's language (`frappe.local.lang`), but a scheduled job
runs as Administrator in the site's default: text a job writes for a person (a ToDo, a bell
notification, a mail) is translated with `_(msg, lang=...)` into that person's language, and
text shared by everyone (a conversion review, a history row) into the site's language.
"""

from __future__ import annotations

from collections.abc import Iterable

import frappe

DEFAULT_LANGUAGE = "en"


def site_language() -> str:
	"""The language of the site (System Settings), for the texts that are nobody's in particular."""
	return (
		frappe.db.get_single_value("System Settings", "language")
		or frappe.db.get_default("lang")
		or DEFAULT_LANGUAGE
	)


def user_languages(users: Iterable[str | None]) -> dict[str, str]:
	"""Each user's language: her own (User.language), else the site's; one query for them all."""
	wanted = sorted({user for user in users if user})
	if not wanted:
		return {}
	own = dict(
		frappe.get_all("User", filters={"name": ("in", wanted)}, fields=["name", "language"], as_list=True)
	)
	site = site_language()
	return {user: own.get(user) or site for user in wanted}


def user_language(user: str | None) -> str:
	"""One user's language, as `user_languages` gives it."""
	return user_languages([user]).get(user) or site_language()
