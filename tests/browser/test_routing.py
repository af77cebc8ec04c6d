"""Routing to specialists (seed 004) in the desk, in French: the manager opens the referrals'
list and a referral (the specialist's "record feedback" offered to her), the prospect form offers
"Transmettre à un spécialiste", and the scorecard report renders; no console error."""

from __future__ import annotations

from test_journeys import open_form, screenshot, settle, wait_for_desk
from test_pipeline import console_errors


def referral_route(plan) -> str:
	pages = plan["users"]["manager"]["pages"]
	return next(
		p["route"]
		for p in pages
		if p["doctype"] == "NEST Referral" and p["kind"] == "form" and not p["route"].endswith("/new")
	)


def test_manager_opens_the_referrals(manager_page, plan):
	page = manager_page
	errors = console_errors(page)
	page.goto("/app/nest-referral", wait_until="domcontentloaded")
	wait_for_desk(page)
	page.locator(".page-title:visible", has_text="Transmission").first.wait_for(timeout=20_000)
	settle(page)
	open_form(page, referral_route(plan))
	form = page.locator(".page-container:visible").first
	assert "Spécialiste" in form.inner_text()
	assert "Retour attendu le" in form.inner_text()
	page.locator(".page-container:visible button", has_text="Enregistrer le retour").first.wait_for(
		state="visible", timeout=10_000
	)
	screenshot(page, "referral-form")
	assert not errors, errors


def test_the_prospect_form_offers_routing(manager_page, plan):
	page = manager_page
	errors = console_errors(page)
	prospect = next(
		p["route"]
		for p in plan["users"]["manager"]["pages"]
		if p["doctype"] == "NEST Prospect" and p["kind"] == "form" and not p["route"].endswith("/new")
	)
	open_form(page, prospect)
	page.locator(".page-container:visible button", has_text="Transmettre à un spécialiste").first.wait_for(
		state="visible", timeout=10_000
	)
	assert not errors, errors


def test_manager_opens_the_scorecard(manager_page):
	page = manager_page
	errors = console_errors(page)
	page.goto("/app/query-report/NEST Referral Scorecard", wait_until="domcontentloaded")
	wait_for_desk(page)
	page.locator(".page-title:visible", has_text="Tableau de suivi des transmissions").first.wait_for(
		timeout=20_000
	)
	settle(page)
	page.wait_for_function(
		"() => { const r = window.frappe && frappe.query_report; return !!(r && r.$report && r.$loading"
		" && !r.$loading.is(':visible') && (r.datatable || r.$message.is(':visible'))); }",
		timeout=20_000,
	)
	screenshot(page, "referral-scorecard")
	text = page.locator(".page-container:visible").first.inner_text()
	assert "Répondues à temps" in text
	assert "Demandes transmises" in text
	assert not errors, errors
