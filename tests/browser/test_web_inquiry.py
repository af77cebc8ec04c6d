"""The website's inquiry page as a visitor uses it: in French, filled and sent, no console error.

A visitor (no login, a French browser) opens /demande, fills the form and sends it: the page
thanks her, with no console error and no HTTP error. The secretary then finds her in the
prospect list, hot, from "Site web". A visitor who forgets the consent box reads, in French,
which field is wrong, the box marked.
"""

from __future__ import annotations

import random

import pytest
from test_french import english_found
from test_journeys import screenshot, settle, wait_for_desk
from test_smoke import IGNORED

from conftest import BASE_URL, load_plan

pytestmark = pytest.mark.skipif(not load_plan()["users"], reason="the browser suite runs in a bench")

RUN = "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6))
THANKS = "Merci, votre demande a bien été envoyée. La clinique vous recontactera bientôt."


@pytest.fixture
def visitor(browser):
	context = browser.new_context(base_url=BASE_URL, locale="fr-FR", viewport={"width": 1280, "height": 1000})
	page = context.new_page()
	yield page
	context.close()


def watch(page, allowed_status: int | None = None) -> list[str]:
	"""Console errors, uncaught exceptions and HTTP errors (but the one the test provokes)."""
	problems: list[str] = []

	def on_console(message) -> None:
		if message.type != "error" or IGNORED.search(message.text):
			return
		if allowed_status and f"status of {allowed_status}" in message.text:
			return  # Chromium logs the refused request it was asked to send
		problems.append(f"console: {message.text}")

	page.on("console", on_console)
	page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
	page.on(
		"response",
		lambda r: (
			r.status >= 400 and r.status != allowed_status and problems.append(f"HTTP {r.status} {r.url}")
		),
	)
	return problems


def open_page(page) -> None:
	page.goto("/demande", wait_until="networkidle")
	assert page.locator("h1").inner_text().strip() == "Demander à la clinique NEST"


def fill(page, last_name: str, consent: bool = True) -> None:
	page.get_by_label("Nom", exact=True).fill(last_name)
	page.get_by_label("Prénom", exact=True).fill("Aïssatou")
	page.get_by_label("Téléphone", exact=True).fill(
		f"77 5{random.randint(10, 99)} {random.randint(10, 99)} {random.randint(10, 99)}"
	)
	page.get_by_label("E-mail", exact=True).fill(f"{last_name}@example.sn")
	page.locator("#nest-date-of-birth").fill("1996-02-14")
	page.get_by_label("Devis pour un accouchement").check()
	page.get_by_label("Suivi pédiatrique").check()
	page.get_by_label("Message").fill("Bonjour,\nje voudrais connaître le prix d'un accouchement.")
	if consent:
		page.locator("#nest-consent").check()


def test_a_visitor_sends_an_inquiry_and_the_secretary_finds_her(visitor, secretary_page):
	page = visitor
	problems = watch(page)
	open_page(page)
	assert not english_found(page.locator("body").inner_text())
	last_name = f"Siteweb{RUN}"
	fill(page, last_name)
	screenshot(page, "web-inquiry-filled")
	with page.expect_response(lambda r: "web_inquiries.api.submit" in r.url) as sent:
		page.get_by_role("button", name="Envoyer ma demande").click()
	assert sent.value.status == 200, sent.value.text()[:300]
	thanks = page.locator("#nest-inquiry-thanks")
	thanks.wait_for(state="visible", timeout=10_000)
	assert thanks.inner_text().strip() == THANKS
	assert page.locator("#nest-inquiry-form").is_hidden()
	screenshot(page, "web-inquiry-sent")
	assert not problems, problems

	# the secretary's list: a hot prospect from the website
	desk = secretary_page
	desk_problems = watch(desk)
	desk.goto(f"/app/nest-prospect?last_name={last_name}", wait_until="domcontentloaded")
	wait_for_desk(desk)
	row = desk.locator(".page-container:visible .list-row-container").filter(has_text=f"Aïssatou {last_name}")
	row.first.wait_for(state="visible", timeout=20_000)
	settle(desk)
	text = row.first.inner_text()
	assert "Chaud" in text and "Site web" in text, text
	screenshot(desk, "web-inquiry-in-the-list")
	assert not desk_problems, desk_problems


def test_a_missing_consent_is_named_in_french(visitor):
	page = visitor
	problems = watch(page, allowed_status=422)
	open_page(page)
	fill(page, f"Sansaccord{RUN}", consent=False)
	with page.expect_response(lambda r: "web_inquiries.api.submit" in r.url) as sent:
		page.get_by_role("button", name="Envoyer ma demande").click()
	assert sent.value.status == 422
	error = page.locator("#nest-inquiry-error")
	error.wait_for(state="visible", timeout=10_000)
	assert "Champ Consentement : cochez la case" in error.inner_text()
	assert "is-invalid" in (page.locator("#nest-consent").get_attribute("class") or "")
	assert page.locator("#nest-inquiry-thanks").is_hidden()
	screenshot(page, "web-inquiry-consent-missing")
	assert not problems, problems
