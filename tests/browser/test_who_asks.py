"""Who asks, for whom (seed 002), in the desk, in French: the secretary searches first, finds
nobody, records the husband who calls as the contact person, then his pregnant wife as the
prospect; the prospect's account manager is the secretary herself, and the manager is offered
when she searches a colleague."""

from __future__ import annotations

import random

from test_french import english_found
from test_journeys import screenshot, settle, type_into, wait_for_desk
from test_pipeline import console_errors

DIALOG = ".modal.show"


def test_secretary_records_a_prospect_on_behalf_of_her_husband(secretary_page):
	page = secretary_page
	errors = console_errors(page)
	token = random.randint(1000, 9999)
	page.goto("/app/nest-prospect", wait_until="domcontentloaded")
	wait_for_desk(page)
	settle(page)

	# Step 1: "Ajouter" searches first. Awa Navigateur (the plan's) shows who she is and her phone.
	page.locator(".page-container:visible .primary-action").first.click()
	search = page.locator(DIALOG, has_text="Cette personne existe-t-elle déjà")
	search.wait_for(state="visible", timeout=10_000)
	search.locator('[data-fieldname="search"] input').press_sequentially("Navigateur", delay=20)
	found = search.locator(".nest-found-person", has_text="Awa Navigateur")
	found.first.wait_for(state="visible", timeout=10_000)
	assert "Prospect" in found.first.inner_text()
	assert "+221779001020" in found.first.inner_text()

	# She asks for someone else: the caller is the contact person, not in the list yet.
	search.locator('[data-fieldname="asks_for"] select').select_option("other")
	field = search.locator('[data-fieldname="search"] input')
	field.fill("")
	field.press_sequentially(f"Moussa Mari{token}", delay=20)
	search.locator("text=Aucune personne trouvée").first.wait_for(state="visible", timeout=10_000)
	screenshot(page, "who-asks-search")
	search.locator(".modal-footer .btn-primary", has_text="Ne figure pas ici").click()

	contact = page.locator(DIALOG, has_text="Nouvelle personne de contact")
	contact.wait_for(state="visible", timeout=10_000)
	assert contact.locator('[data-fieldname="first_name"] input').input_value() == "Moussa"
	assert contact.locator('[data-fieldname="last_name"] input').input_value() == f"Mari{token}"
	contact.locator('[data-fieldname="phone"] input').fill(f"77 8{token % 100:02d} {token // 100:02d} 31")
	contact.locator(".modal-footer .btn-primary", has_text="Créer et continuer").click()

	# The new prospect's form, her contact person set: the wife is recorded.
	page.wait_for_url("**/app/nest-prospect/new**", timeout=15_000)
	page.wait_for_function("() => window.cur_frm && cur_frm.doc.contact_person", timeout=15_000)
	settle(page)
	contact_name = page.evaluate("() => cur_frm.doc.contact_person")
	assert contact_name and contact_name.startswith("CON-"), contact_name
	type_into(page, "first_name", "Aminata")
	type_into(page, "last_name", f"Epouse{token}")
	# the date through the form (the date picker's typed format is the site's; not what this tests)
	page.evaluate("() => cur_frm.set_value('date_of_birth', '1996-02-03')")
	settle(page)
	type_into(page, "phone", f"77 7{token % 100:02d} {token // 100:02d} 32")
	relation = page.locator('.page-container:visible [data-fieldname="contact_relation"] select')
	relation.select_option("Spouse")
	form_text = page.locator(".page-container:visible .form-layout").inner_text()
	assert "Qui demande" in form_text and "Lien avec le prospect" in form_text, form_text[:400]
	assert "Responsable clientèle" in form_text
	screenshot(page, "who-asks-form")
	page.keyboard.press("Control+s")
	page.wait_for_url("**/app/nest-prospect/PRO-**", timeout=20_000)
	settle(page)
	name = page.evaluate("() => cur_frm.doc.name")
	stored = page.evaluate(
		"""(name) => frappe.db.get_value('NEST Prospect', name,
			['contact_person', 'contact_relation', 'reach_through_contact', 'responsible_user'])
			.then((r) => r.message)""",
		name,
	)
	assert stored == {
		"contact_person": contact_name,
		"contact_relation": "Spouse",
		"reach_through_contact": 1,
		"responsible_user": "secretaire@nest.test",
	}, stored
	# The account manager is searched among the colleagues (people.api.search_colleagues).
	manager = page.locator('.page-container:visible [data-fieldname="responsible_user"] input')
	manager.fill("")
	manager.press_sequentially("Codou", delay=30)
	offered = page.locator(
		'.page-container:visible div[data-fieldname="responsible_user"] [role="option"]',
		has_text="responsable@nest.test",
	)
	offered.first.wait_for(state="visible", timeout=10_000)
	manager.fill("secretaire@nest.test")
	page.keyboard.press("Escape")
	text = page.locator(".page-container:visible .form-layout").inner_text()
	assert "Conjoint(e)" in text
	assert not english_found(text), english_found(text)
	assert not errors, errors
