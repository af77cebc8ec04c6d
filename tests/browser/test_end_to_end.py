"""The secretary's day and the manager's month, end to end, as they click and type, in French.

The secretary records a new prospect by typing in the form: the phone of a known person typed in
another notation (00221 77.900.10.20 for Awa Navigateur's 77 900 10 20) brings the warning; she
corrects it and saves. She logs an interaction (the form's "Nouvelle interaction"), requalifies
the prospect as hot, and finds the call that the requalification owes in her day's list ("Ma
journée": her tasks, the hottest first). The manager opens the workspace (counters and charts),
the conversion report and the response-time report. No page may log a console error, throw, or
answer an HTTP error; each step leaves a screenshot.
"""

from __future__ import annotations

import random
import re

import pytest
from test_journeys import (
	AWA_PHONE_OTHER_NOTATION,
	FORM,
	MESSAGES,
	REPORT_RENDERED,
	open_report,
	screenshot,
	settle,
	type_into,
	wait_for_desk,
)
from test_smoke import IGNORED


def watch(page) -> list[str]:
	"""Every console error, uncaught exception and HTTP error of the page, as it happens."""
	problems: list[str] = []
	page.on(
		"console",
		lambda m: (
			m.type == "error"
			and not IGNORED.search(m.text)
			and problems.append(f"console: {m.text} ({page.url})")
		),
	)
	page.on("pageerror", lambda e: problems.append(f"uncaught: {e} ({page.url})"))
	page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status} {r.url}"))
	return problems


def save(page) -> None:
	"""Ctrl+S, as she saves; the desk's save call must answer, and the form be clean after it."""
	with page.expect_response(lambda r: "frappe.desk.form.save.savedocs" in r.url, timeout=20_000) as saved:
		page.keyboard.press("Control+s")
	response = saved.value
	assert response.ok, f"save refused: HTTP {response.status} {response.text()[:500]}"
	settle(page)
	try:
		page.wait_for_function("() => cur_frm && !cur_frm.is_dirty()", timeout=15_000)
	except Exception:
		screenshot(page, "e2e-save-left-dirty")
		dialog = page.evaluate("() => (frappe.msg_dialog && frappe.msg_dialog.$wrapper.text()) || ''")
		raise AssertionError(f"the form stays unsaved after Ctrl+S: {dialog.strip()[:300]}") from None


def select(page, fieldname: str, value: str) -> None:
	page.locator(f'.page-container:visible select[data-fieldname="{fieldname}"]').select_option(value)
	settle(page)


def test_the_secretarys_day(secretary_page):
	page = secretary_page
	problems = watch(page)
	last_name = f"Bout{random.randint(10000, 99999)}"
	own_phone = f"77 8{random.randint(10, 99)} {random.randint(10, 99)} {random.randint(10, 99)}"

	# A new prospect, typed; the phone first typed as another secretary wrote Awa's.
	page.goto("/app/nest-prospect/new", wait_until="domcontentloaded")
	wait_for_desk(page)
	page.locator(FORM).first.wait_for(state="visible", timeout=20_000)
	settle(page)
	type_into(page, "first_name", "Mariama")
	type_into(page, "last_name", last_name)
	birth = page.evaluate("(d) => frappe.datetime.str_to_user(d)", "1993-02-17")
	type_into(page, "date_of_birth", birth, at_once=True)
	page.keyboard.press("Escape")
	type_into(page, "phone", AWA_PHONE_OTHER_NOTATION)
	settle(page)
	warning = page.locator(MESSAGES, has_text="Awa Navigateur")
	warning.first.wait_for(state="visible", timeout=15_000)
	assert "Cette personne est peut-être déjà connue" in warning.first.inner_text()
	screenshot(page, "e2e-1-duplicate-warning")

	# Not Awa: her own number; the warning goes.
	type_into(page, "phone", own_phone)
	settle(page)
	assert page.locator(MESSAGES, has_text="Awa Navigateur").count() == 0
	select(page, "temperature", "Warm")
	save(page)
	page.wait_for_url(re.compile(r"/app/nest-prospect/PRO-"), timeout=20_000)
	prospect = page.url.rstrip("/").split("/")[-1]
	settle(page)
	screenshot(page, "e2e-2-prospect-saved")

	# An interaction, from the prospect's form.
	page.locator(".page-container:visible button", has_text="Nouvelle interaction").first.click()
	page.wait_for_url(re.compile(r"/app/nest-interaction/new"), timeout=20_000)
	page.locator(FORM).first.wait_for(state="visible", timeout=20_000)
	settle(page)
	assert page.evaluate("() => cur_frm.doc.party") == prospect
	select(page, "channel", "Inbound Call")
	comments = page.locator('.page-container:visible [data-fieldname="comments"] textarea')
	comments.fill("Rappelle : souhaite prendre rendez-vous pour le suivi de grossesse.")
	comments.press("Tab")
	save(page)
	page.wait_for_url(re.compile(r"/app/nest-interaction/INT-"), timeout=20_000)
	settle(page)
	screenshot(page, "e2e-3-interaction-saved")

	# She wants an appointment: hot now. The requalification owes a call within 48 working hours.
	page.goto(f"/app/nest-prospect/{prospect}", wait_until="domcontentloaded")
	wait_for_desk(page)
	page.locator(FORM).first.wait_for(state="visible", timeout=20_000)
	settle(page)
	select(page, "temperature", "Hot")
	save(page)
	assert page.evaluate("() => cur_frm.doc.temperature") == "Hot"
	assert page.evaluate("() => cur_frm.is_dirty()") is False

	# Her day: the workspace's shortcut, then the days up to that call's due date.
	page.goto("/app/nest-prospects", wait_until="domcontentloaded")
	wait_for_desk(page)
	shortcut = page.locator(".page-container:visible .shortcut-widget-box", has_text="Ma journée")
	shortcut.first.wait_for(state="visible", timeout=20_000)
	shortcut.first.click()
	page.wait_for_url(re.compile(r"query-report/NEST(%20| )Daily(%20| )Recalls"), timeout=20_000)
	page.wait_for_function(REPORT_RENDERED, timeout=30_000)
	settle(page)
	assert page.evaluate("() => frappe.query_report.get_filter_value('mine')") == 1
	assert page.evaluate("() => frappe.query_report.get_filter_value('hottest_first')") == 1
	week = page.evaluate("() => frappe.datetime.add_days(frappe.datetime.get_today(), 7)")
	page.evaluate("(day) => frappe.query_report.set_filter_value('up_to', day)", week)
	page.wait_for_function(
		"(name) => frappe.query_report.data && frappe.query_report.data.some((r) => r.reference_name === name)",
		arg=prospect,
		timeout=20_000,
	)
	settle(page)
	row = page.evaluate("(name) => frappe.query_report.data.find((r) => r.reference_name === name)", prospect)
	assert row["reason"] == "Appel après requalification", row
	assert row["temperature"] == "Chaud", row
	assert row["allocated_to"] == page.evaluate("() => frappe.session.user")
	temperatures = [r.get("temperature") for r in page.evaluate("() => frappe.query_report.data")]
	order = {"Chaud": 0, "Tiède": 1, "Froid": 2, None: 3}
	assert [order[t] for t in temperatures] == sorted(order[t] for t in temperatures), temperatures
	screenshot(page, "e2e-4-my-day")
	assert not problems, "\n".join(problems)


def test_the_managers_month(manager_page):
	page = manager_page
	problems = watch(page)

	page.goto("/app/nest-prospects", wait_until="domcontentloaded")
	wait_for_desk(page)
	cards = page.locator(".page-container:visible .number-widget-box")
	cards.first.wait_for(state="visible", timeout=20_000)
	charts = page.locator(".page-container:visible .widget.dashboard-widget-box")
	assert charts.count() == 4, charts.count()
	# every chart drawn, or saying it has no data (the desk draws a chart once it is scrolled to)
	for i in range(charts.count()):
		charts.nth(i).scroll_into_view_if_needed()
	page.wait_for_function(
		"() => [...document.querySelectorAll('.page-container .dashboard-widget-box')].every((w) =>"
		" w.querySelector('svg.frappe-chart') || [...w.querySelectorAll('.chart-loading-state')].some("
		"(e) => e.offsetParent && e.innerText.trim() === __('No Data')))",
		timeout=30_000,
	)
	settle(page)
	for title in (
		"Nouveaux prospects par semaine et par source",
		"Prospects actifs par température et état",
		"Résultats des revues par mois",
		"Réponses et tâches à temps par semaine",
	):
		assert page.locator(f'.page-container:visible .widget-title[title="{title}"]').count() == 1, title
	assert page.locator(".page-container:visible .number-widget-box", has_text="Taux de conversion").count()
	screenshot(page, "e2e-5-workspace")

	open_report(page, "/app/query-report/NEST Prospect Conversion")
	assert (
		"Conversion des prospects" in page.locator(".page-container:visible .title-text").first.inner_text()
	)
	screenshot(page, "e2e-6-conversion")

	open_report(page, "/app/query-report/NEST Response Times")
	headers = page.locator(".page-container:visible .dt-header").first.inner_text()
	assert "Sous 48 heures ouvrées (%)" in headers, headers
	assert "Attente médiane" in headers, headers
	screenshot(page, "e2e-7-response-times")
	assert not problems, "\n".join(problems)
