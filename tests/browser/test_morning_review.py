"""The morning review's actions on an empty day: a message, never a JavaScript error."""

from __future__ import annotations

import pytest

from conftest import load_plan

pytestmark = pytest.mark.skipif(not load_plan()["users"], reason="the browser suite runs in a bench")


def test_mark_processed_on_an_empty_review_asks_to_tick_rows(logged_in):
	page = logged_in("manager").new_page()
	errors: list[str] = []
	page.on("pageerror", lambda e: errors.append(str(e)))
	try:
		# a Sunday of 2001: no interaction since the previous working day
		page.goto("/app/query-report/NEST Morning Review?review_date=2001-01-07")
		page.wait_for_function(
			"() => { const r = window.frappe && frappe.query_report; return !!(r && r.$loading"
			" && !r.$loading.is(':visible') && (r.datatable || r.$message.is(':visible'))); }",
			timeout=30_000,
		)
		page.get_by_role("button", name="Marquer traitées").click()
		dialog = page.locator(".modal:visible .msgprint")
		dialog.wait_for(timeout=10_000)
		assert "Cochez d'abord les interactions." in dialog.inner_text()
	finally:
		page.close()
	assert not errors, errors
