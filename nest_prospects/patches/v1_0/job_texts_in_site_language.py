"""The texts the jobs wrote in English for everyone, rewritten in the site's language.

Before, the daily ageing job wrote "Daily ageing job" in the history and the conversion review
wrote its detail in English, whatever the site's language. A site in English keeps them as
they are; another gets them in its language (the desk shows an English detail translated
anyway, but a report export or the history grid shows what is stored).
"""

from __future__ import annotations

import frappe
from frappe import _

from nest_prospects.conversion_review.review import translate_detail
from nest_prospects.languages.lookup import site_language

ENGLISH = "en"


def execute() -> None:
	lang = site_language()
	if lang.split("-")[0] == ENGLISH:
		return
	reason = _("Daily ageing job", lang=lang)
	if reason != "Daily ageing job":
		history = frappe.qb.DocType("NEST Classification Change")
		frappe.qb.update(history).set(history.reason, reason).where(
			history.reason == "Daily ageing job"
		).run()
	updates = {}
	for name, detail in frappe.get_all(
		"NEST Conversion Review", fields=["name", "detail"], filters={"detail": ("is", "set")}, as_list=True
	):
		translated = translate_detail(detail, lang)
		if translated != detail:
			updates[name] = {"detail": translated}
	if updates:
		frappe.db.bulk_update("NEST Conversion Review", updates, update_modified=False)
