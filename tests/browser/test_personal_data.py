"""A person's data on request, in the desk, in French: the manager exports it, then erases it
through the dialog that asks on whose request; the secretary has neither button. The same on a
contact person's form (seed 002)."""

from __future__ import annotations

import json
import random

from test_journeys import new_prospect_as, open_form, open_new_prospect, screenshot, settle, wait_for_desk

GROUP = "Données personnelles"


def group_item(page, label: str):
	page.locator(".page-container:visible .inner-group-button button", has_text=GROUP).first.click()
	return page.locator(".page-container:visible .inner-group-button .dropdown-item", has_text=label).first


def test_the_manager_exports_then_erases_a_person(manager_page):
	page = manager_page
	page.goto("/app/nest-prospect", wait_until="domcontentloaded")
	wait_for_desk(page)
	name = new_prospect_as(
		page, first_name="Effacée", last_name="Navigatrice", email="effacee.navigatrice@example.com"
	)
	open_form(page, f"/app/nest-prospect/{name}")

	with page.expect_download(timeout=20_000) as download:
		group_item(page, "Exporter les données personnelles").click()
	assert download.value.suggested_filename == f"donnees-personnelles-{name}.json"
	exported = json.loads(open(download.value.path(), encoding="utf-8").read())
	assert exported["prospect"]["last_name"] == "Navigatrice"
	assert exported["interactions"], "the export holds no interaction"

	group_item(page, "Effacer les données personnelles").click()
	dialog = page.locator(".modal.show", has=page.locator('[data-fieldname="requested_by"]'))
	dialog.wait_for(state="visible", timeout=10_000)
	text = dialog.inner_text()
	for french in ("Effacer les données personnelles", "À la demande de", "Demande reçue le", "irréversible"):
		assert french in text, french
	screenshot(page, "erase-dialog")
	# Without saying on whose request, nothing is erased.
	dialog.locator(".btn-modal-primary", has_text="Effacer définitivement").click()
	# Frappe's "Missing Values Required", in French, naming the field.
	missing = page.locator(".modal.show", has_text="Valeurs Manquantes Requises")
	missing.wait_for(state="visible", timeout=10_000)
	assert "À la demande de" in missing.inner_text()
	screenshot(page, "erase-dialog-missing-requester")
	missing.locator(".btn-modal-close").first.click()
	missing.wait_for(state="hidden", timeout=10_000)
	assert dialog.is_visible()
	assert (
		page.evaluate("(n) => frappe.db.get_value('NEST Prospect', n, 'last_name')", name)["message"][
			"last_name"
		]
		== "Navigatrice"
	)
	dialog.locator('select[data-fieldname="requested_by"]').select_option(label="La personne concernée")
	dialog.locator(".btn-modal-primary", has_text="Effacer définitivement").click()
	page.locator(".alert-message, .desk-alert", has_text="Données personnelles effacées").first.wait_for(
		timeout=20_000
	)
	settle(page)
	screenshot(page, "erased-prospect")
	title = page.locator(".page-container:visible .title-text").first.inner_text()
	assert title.strip() == f"Anonyme {name}", title
	assert page.locator(".page-container:visible [data-fieldname='anonymised_on']").first.is_visible()


def test_the_secretary_has_no_personal_data_buttons(secretary_page):
	page = secretary_page
	open_new_prospect(page)
	page.locator(".page-container:visible button", has_text="Envoyer la documentation").first.wait_for()
	assert page.locator(".page-container:visible button", has_text=GROUP).count() == 0


def new_contact_person(page) -> str:
	"""A contact person recorded with the user's own rights (NEST Agent and managers create them)."""
	doc = {
		"doctype": "NEST Contact Person",
		"first_name": "Moussa",
		"last_name": f"Navigateur{random.randint(1000, 9999)}",
		"phone": f"76 8{random.randint(10, 99)} {random.randint(10, 99)} {random.randint(10, 99)}",
	}
	return page.evaluate("(doc) => frappe.xcall('frappe.client.insert', { doc }).then((d) => d.name)", doc)


def test_the_manager_exports_then_erases_a_contact_person(manager_page):
	page = manager_page
	page.goto("/app/nest-contact-person", wait_until="domcontentloaded")
	wait_for_desk(page)
	name = new_contact_person(page)
	open_form(page, f"/app/nest-contact-person/{name}")
	with page.expect_download(timeout=20_000) as download:
		group_item(page, "Exporter les données personnelles").click()
	assert download.value.suggested_filename == f"donnees-personnelles-{name}.json"
	exported = json.loads(open(download.value.path(), encoding="utf-8").read())
	assert exported["contact_person"]["phone"].startswith("+2217"), exported["contact_person"]
	group_item(page, "Effacer les données personnelles").click()
	dialog = page.locator(".modal.show", has=page.locator('[data-fieldname="requested_by"]'))
	dialog.wait_for(state="visible", timeout=10_000)
	text = dialog.inner_text()
	for french in ("À la demande de", "prospects pour qui elle demande", "irréversible"):
		assert french in text, french
	dialog.locator('select[data-fieldname="requested_by"]').select_option(label="La personne concernée")
	dialog.locator(".btn-modal-primary", has_text="Effacer définitivement").click()
	page.locator(".alert-message, .desk-alert", has_text="Données personnelles effacées").first.wait_for(
		timeout=20_000
	)
	settle(page)
	screenshot(page, "erased-contact-person")
	title = page.locator(".page-container:visible .title-text").first.inner_text()
	assert title.strip() == f"Anonyme {name}", title


def test_the_secretary_has_no_personal_data_buttons_on_a_contact_person(secretary_page):
	page = secretary_page
	page.goto("/app/nest-contact-person", wait_until="domcontentloaded")
	wait_for_desk(page)
	name = new_contact_person(page)
	open_form(page, f"/app/nest-contact-person/{name}")
	assert page.locator(".page-container:visible [data-fieldname='last_name']").first.is_visible()
	assert page.locator(".page-container:visible button", has_text=GROUP).count() == 0
