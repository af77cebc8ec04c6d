"""What a secretary and a manager do, in the desk, in French: each journey checks one thing they
tripped over (stacked warnings, lost requests, the wrong landing page, foreign mail templates, a
comment lost on "Réévaluer").

Each journey makes its own records, as the user herself, through the desk's own calls in the
browser (Node's resolver behind context.request does not know *.localhost), or uses the records
the plan makes: Awa Navigateur, 77 900 10 20, who has a conversion review.
"""

from __future__ import annotations

import random
import re

import pytest

from conftest import BASE_URL, SCREENSHOTS

FORM = ".page-container:visible .form-layout .frappe-control:visible"
MESSAGES = ".page-container:visible .form-message-container .form-message"
AWA = {"first_name": "Awa", "last_name": "Navigateur", "date_of_birth": "1991-03-14"}
# Awa Navigateur's phone, 77 900 10 20, as another secretary would type it.
AWA_PHONE_OTHER_NOTATION = "00221 77.900.10.20"


def wait_for_desk(page) -> None:
	page.wait_for_function(
		"() => window.frappe && frappe.boot && frappe.container && frappe.container.page", timeout=30_000
	)


def open_form(page, route: str) -> None:
	page.goto(route, wait_until="domcontentloaded")
	wait_for_desk(page)
	page.locator(FORM).first.wait_for(state="visible", timeout=20_000)
	settle(page)


def settle(page) -> None:
	"""Every call of the desk answered (the duplicate search, the form's onload…)."""
	page.wait_for_load_state("networkidle", timeout=15_000)
	page.wait_for_function(
		"() => !window.frappe || !frappe.request || !frappe.request.ajax_count", timeout=15_000
	)
	page.wait_for_timeout(300)


def screenshot(page, name: str) -> None:
	SCREENSHOTS.mkdir(parents=True, exist_ok=True)
	page.screenshot(path=str(SCREENSHOTS / f"journey-{name}.png"), full_page=False)


def new_prospect_as(page, **values) -> str:
	"""A prospect recorded with the user's own rights, as the form would save it."""
	phone = f"77 9{random.randint(10, 99)} {random.randint(10, 99)} {random.randint(10, 99)}"
	doc = {
		"doctype": "NEST Prospect",
		"first_name": "Journée",
		"last_name": f"Parcours{random.randint(1000, 9999)}",
		"date_of_birth": "1994-05-06",
		"phone": phone,
		"source": "Téléphone",
		"temperature": "Hot",
		**values,
	}
	return page.evaluate("(doc) => frappe.xcall('frappe.client.insert', { doc }).then((d) => d.name)", doc)


def type_into(page, fieldname: str, text: str, at_once: bool = False) -> None:
	"""Type as a person does, key by key; a date at once (the date field rejects a half-typed date)."""
	field = page.locator(f'.page-container:visible [data-fieldname="{fieldname}"] input:visible').first
	field.click()
	if at_once:
		field.fill(text)
	else:
		field.fill("")
		field.press_sequentially(text, delay=20)
	field.press("Tab")


def test_typing_a_known_person_shows_one_warning(secretary_page):
	page = secretary_page
	open_form(page, "/app/nest-prospect/new")
	type_into(page, "first_name", AWA["first_name"])
	type_into(page, "last_name", AWA["last_name"])
	user_date = page.evaluate("(d) => frappe.datetime.str_to_user(d)", AWA["date_of_birth"])
	type_into(page, "date_of_birth", user_date, at_once=True)
	page.keyboard.press("Escape")  # the date picker
	settle(page)
	type_into(page, "phone", AWA_PHONE_OTHER_NOTATION)
	settle(page)
	screenshot(page, "duplicate-warning")
	warnings = page.locator(MESSAGES)
	assert warnings.count() == 1, [warnings.nth(i).inner_text() for i in range(warnings.count())]
	text = warnings.first.inner_text()
	assert "Cette personne est peut-être déjà connue" in text
	assert "Awa Navigateur" in text


def test_a_saved_prospect_shows_one_headline_and_its_requests(secretary_page):
	page = secretary_page
	page.goto("/app/nest-prospect", wait_until="domcontentloaded")
	wait_for_desk(page)
	name = new_prospect_as(
		page,
		initial_channel="Facebook",
		initial_request_types=[{"request_type": "TARIFS"}, {"request_type": "DEVIS ACCOUCHEMENT"}],
		initial_comments="Tarifs du suivi de grossesse",
	)
	open_form(page, f"/app/nest-prospect/{name}")
	# A refresh run again (a save, an interaction logged elsewhere) must not add a box.
	page.evaluate("() => cur_frm.refresh()")
	settle(page)
	screenshot(page, "saved-prospect")
	headlines = page.locator(MESSAGES)
	assert headlines.count() == 1, [headlines.nth(i).inner_text() for i in range(headlines.count())]
	assert "Première question sans réponse" in headlines.first.inner_text()

	requests = page.locator('.page-container:visible [data-fieldname="requests_html"]')
	requests.wait_for(state="visible", timeout=10_000)
	assert "TARIFS" in requests.inner_text()
	assert "DEVIS ACCOUCHEMENT" in requests.inner_text()

	timeline = page.locator(".page-container:visible .timeline-item", has_text="TARIFS")
	timeline.first.wait_for(state="attached", timeout=10_000)
	assert "Tarifs du suivi de grossesse" in timeline.first.inner_text()


def test_the_form_shows_the_likelihood_and_what_weighs_most(secretary_page, plan):
	"""Awa Navigateur's likelihood (the plan writes it as the nightly job does), in French."""
	page = secretary_page
	route = next(
		p["route"]
		for p in plan["users"]["secretary"]["pages"]
		if p["kind"] == "form" and p["doctype"] == "NEST Prospect" and not p["route"].endswith("/new")
	)
	open_form(page, route)
	field = page.locator('.page-container:visible [data-fieldname="conversion_likelihood"]')
	field.wait_for(state="visible", timeout=10_000)
	screenshot(page, "likelihood")
	text = field.inner_text()
	assert "Probabilité de conversion" in text
	assert "42.5" in text or "42,5" in text
	assert "Pèse le plus : Température : Chaud ↑ · Documents envoyés : Non ↓ · Origine : Téléphone ↑" in text


@pytest.mark.parametrize("user_key", ["secretary", "manager"])
def test_after_login_the_desk_opens_on_the_workspace(browser, plan, user_key):
	context = browser.new_context(base_url=BASE_URL, locale="fr-FR", viewport={"width": 1366, "height": 900})
	try:
		page = context.new_page()
		page.goto("/login")
		page.fill("#login_email", plan["users"][user_key]["email"])
		page.fill("#login_password", plan["password"])
		page.click(".btn-login")
		page.wait_for_url("**/app/**", timeout=30_000)
		wait_for_desk(page)
		page.wait_for_timeout(500)
		screenshot(page, f"landing-{user_key}")
		assert re.search(r"/app/nest-prospects/?$", page.url), page.url
		# The desk's home (/app) leads there too.
		page.goto("/app", wait_until="domcontentloaded")
		wait_for_desk(page)
		page.wait_for_url("**/app/nest-prospects", timeout=15_000)
	finally:
		context.close()


def test_send_documentation_offers_the_clinics_templates_only(secretary_page):
	page = secretary_page
	page.goto("/app/nest-prospect", wait_until="domcontentloaded")
	wait_for_desk(page)
	name = new_prospect_as(page, email="parcours@example.com")
	open_form(page, f"/app/nest-prospect/{name}")
	page.locator(".page-container:visible button", has_text="Envoyer la documentation").first.click()
	dialog = page.locator(".modal.show", has=page.locator('[data-fieldname="email_template"]'))
	dialog.wait_for(state="visible", timeout=10_000)
	screenshot(page, "send-documentation")
	options = [
		text.strip()
		for text in dialog.locator('select[data-fieldname="email_template"] option').all_inner_texts()
		if text.strip()
	]
	assert options, "the dialog offers no template"
	assert all(option.startswith("NEST - ") for option in options), options
	assert "Notification d'expédition" not in options
	page.keyboard.press("Escape")


def test_re_evaluate_keeps_the_comment_typed(manager_page, plan):
	page = manager_page
	reviews = [
		p["route"]
		for p in plan["users"]["manager"]["pages"]
		if p["doctype"] == "NEST Conversion Review"
		and p["kind"] == "form"
		and not p["route"].endswith("/new")
	]
	assert reviews, "the plan has no conversion review"
	open_form(page, reviews[0])
	comment = f"Rappeler après la Tabaski ({random.randint(10000, 99999)})"
	textarea = page.locator('.page-container:visible [data-fieldname="comments"] textarea')
	textarea.fill(comment)
	textarea.press("Tab")
	page.locator(".page-container:visible button", has_text="Réévaluer").first.click()
	page.locator(".alert-message, .desk-alert", has_text="Résultat réévalué").first.wait_for(timeout=15_000)
	settle(page)
	page.reload(wait_until="domcontentloaded")
	wait_for_desk(page)
	page.locator(FORM).first.wait_for(state="visible", timeout=20_000)
	settle(page)
	screenshot(page, "review-after-reevaluate")
	kept = page.locator('.page-container:visible [data-fieldname="comments"] textarea').input_value()
	assert kept == comment


def test_the_lists_show_status_temperature_state_channel_and_requests(secretary_page):
	page = secretary_page
	page.goto("/app/nest-prospect", wait_until="domcontentloaded")
	wait_for_desk(page)
	last_name = f"Liste{random.randint(1000, 9999)}"
	name = new_prospect_as(page, last_name=last_name, initial_request_types=[{"request_type": "TARIFS"}])
	page.goto("/app/nest-prospect", wait_until="domcontentloaded")
	wait_for_desk(page)
	row = page.locator(".page-container:visible .list-row-container", has_text=last_name).first
	row.wait_for(state="visible", timeout=20_000)
	settle(page)
	screenshot(page, "prospect-list")
	headers = page.locator(".page-container:visible .list-row-head").first.inner_text()
	for column in ("Statut", "Température"):
		assert column in headers, headers
	# The status column shows the status; the ageing state rides in the temperature's column.
	cells = row.inner_text()
	for word in ("Actif", "Chaud", "Normal"):
		assert word in cells, cells

	# The prospect's interactions, as its Connections open them.
	page.goto(f"/app/nest-interaction?party={name}", wait_until="domcontentloaded")
	wait_for_desk(page)
	row = page.locator(".page-container:visible .list-row-container", has_text=last_name).first
	row.wait_for(state="visible", timeout=20_000)
	settle(page)
	screenshot(page, "interaction-list")
	headers = page.locator(".page-container:visible .list-row-head").first.inner_text()
	assert "Canal" in headers and "Demandes" in headers, headers
	assert "TARIFS" in row.inner_text()
	assert "Appel entrant" in row.inner_text()


def test_the_settings_are_the_managers_page(secretary_page, manager_page):
	"""The secretary cannot open the settings; the manager can."""
	secretary_page.goto("/app/nest-prospects", wait_until="domcontentloaded")
	wait_for_desk(secretary_page)
	assert secretary_page.evaluate("() => frappe.model.can_read('NEST Prospect Settings')") is False
	secretary_page.evaluate("() => frappe.set_route('Form', 'NEST Prospect Settings')")
	settle(secretary_page)
	assert secretary_page.locator(FORM).count() == 0

	open_form(manager_page, "/app/nest-prospect-settings")
	assert manager_page.evaluate("() => frappe.model.can_read('NEST Prospect Settings')") is True
