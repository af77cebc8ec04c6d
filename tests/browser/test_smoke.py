"""Every list, new form, existing record, report and workspace of the app, as each role, in French.

A page fails on a JavaScript error (console or uncaught), an HTTP error response, a form that
shows no field, a list or report that never renders, a desk that is not in French, or English of
the app's own on the page (test_french.py).
"""

from __future__ import annotations

import re

import pytest
from test_french import FRAPPE_LOG, english_found
from test_journeys import REPORT_RENDERED

from conftest import SCREENSHOTS, load_plan

RENDERED = {
	"list": ".page-container:visible .frappe-list .list-row-container, .page-container:visible .frappe-list .no-result:visible",
	"form": ".page-container:visible .form-layout .frappe-control:visible",
	"report": REPORT_RENDERED,
	"workspace": ".page-container:visible .codex-editor .ce-block",
}
# Frappe's own noise that says nothing about the page (the browser asks for a favicon it may not have).
IGNORED = re.compile(r"favicon\.ico")


def pages() -> list:
	params = []
	for key, user in load_plan()["users"].items():
		for page in user["pages"]:
			label = f"{key}:{page['kind']}:{page['route'].removeprefix('/app/')}"
			params.append(pytest.param(key, page, id=label))
	return params or [pytest.param(None, None, id="no-plan")]


@pytest.mark.parametrize("user_key,page_info", pages())
def test_page_renders_without_errors(logged_in, user_key, page_info):
	context = logged_in(user_key)
	page = context.new_page()
	problems: list[str] = []
	page.on(
		"console",
		lambda m: m.type == "error" and not IGNORED.search(m.text) and problems.append(f"console: {m.text}"),
	)
	page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
	page.on(
		"response",
		lambda r: r.status >= 400 and problems.append(f"HTTP {r.status} {r.request.method} {r.url}"),
	)
	try:
		page.goto(page_info["route"], wait_until="domcontentloaded")
		try:
			page.wait_for_function(
				"() => window.frappe && frappe.boot && frappe.container && frappe.container.page",
				timeout=30_000,
			)
		except Exception:
			problems.append("the desk did not start")
			return
		try:
			if page_info["kind"] == "report":
				page.wait_for_function(RENDERED["report"], timeout=20_000)
			else:
				page.locator(RENDERED[page_info["kind"]]).first.wait_for(state="attached", timeout=20_000)
		except Exception:
			problems.append(f"the {page_info['kind']} did not render ({RENDERED[page_info['kind']]})")
		page.wait_for_load_state("networkidle", timeout=15_000)
		page.wait_for_timeout(300)
		assert page.evaluate("frappe.boot.lang") == "fr", "the desk is not in French for this user"
		if page_info["kind"] == "form":
			visible_fields = page.locator(RENDERED["form"]).count()
			if not visible_fields:
				problems.append("the form shows no field")
		# no English of the app's own (Frappe's activity log, values as stored at the time, aside)
		text = page.inner_text(".page-container:visible")
		for logged in page.locator(FRAPPE_LOG).all_inner_texts():
			text = text.replace(logged, "", 1)
		problems += [
			f"English on a French desk: {source!r} in «…{around}…»"
			for source, around in english_found(text).items()
		]
	finally:
		SCREENSHOTS.mkdir(parents=True, exist_ok=True)
		name = re.sub(r"[^A-Za-z0-9]+", "-", f"{user_key}-{page_info['kind']}-{page_info['route']}").strip(
			"-"
		)
		page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
		page.close()
		assert not problems, "\n".join(problems)
