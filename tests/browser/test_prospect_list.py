"""The prospect list of seed 003, in French: its columns (last action, next task, source, phone,
email, city), its "Date de création" range among the filters, for the secretary and the manager;
the manager exports the filtered list from the Report view, the secretary has no Export."""

from __future__ import annotations

import random

import pytest
from test_journeys import new_prospect_as, screenshot, settle, wait_for_desk
from test_pipeline import console_errors

LIST = ".page-container:visible"
COLUMNS = ("Statut", "Téléphone", "E-mail", "Ville", "Origine", "Dernière action", "Température")


def open_list(page, route: str = "/app/nest-prospect") -> None:
	page.goto(route, wait_until="domcontentloaded")
	wait_for_desk(page)
	page.locator(f"{LIST} .list-row-head").first.wait_for(state="visible", timeout=20_000)
	settle(page)


def clear_filters(page) -> None:
	"""No filter left: the list keeps its filters in the user's settings for her next visit."""
	page.evaluate("() => cur_list.filter_area.clear()")
	page.wait_for_timeout(1_000)  # the list refreshes after its filters' debounce
	settle(page)


@pytest.mark.parametrize("user_key", ["secretary", "manager"])
def test_the_list_shows_seed_003s_columns_and_filters_by_creation_date(logged_in, user_key):
	page = logged_in(user_key).new_page()
	try:
		errors = console_errors(page)
		open_list(page)
		city = f"Ville{random.randint(1000, 9999)}"
		last_name = f"Colonnes{random.randint(1000, 9999)}"
		new_prospect_as(page, last_name=last_name, city=city, email=f"{last_name.lower()}@example.com")
		open_list(page)
		clear_filters(page)
		headers = page.locator(f"{LIST} .list-row-head").first.inner_text()
		for column in COLUMNS:
			assert column in headers, headers
		row = page.locator(f"{LIST} .list-row-container", has_text=last_name).first
		row.wait_for(state="visible", timeout=20_000)
		cells = row.inner_text()
		# her city and email, her first request's channel as the last action, hot and normal
		for word in (city, "@example.com", "Appel entrant", "Chaud", "Normal"):
			assert word in cells, cells
		screenshot(page, f"prospect-list-columns-{user_key}")

		# "Date de création": a range among the standard filters; a range before today hides her
		creation = page.locator(f'{LIST} .standard-filter-section input[data-fieldname="creation"]')
		creation.wait_for(state="visible", timeout=10_000)
		first_contact = f'{LIST} .standard-filter-section input[data-fieldname="first_contact_on"]'
		assert page.locator(first_contact).count() == 1
		page.evaluate(
			"""() => cur_list.page.fields_dict.creation.set_value(
				[frappe.datetime.add_days(frappe.datetime.get_today(), -30),
				 frappe.datetime.add_days(frappe.datetime.get_today(), -1)])"""
		)
		settle(page)
		page.wait_for_timeout(1_000)  # the list refreshes after its filters' debounce
		settle(page)
		assert page.locator(f"{LIST} .list-row-container", has_text=last_name).count() == 0
		filters = page.evaluate("() => cur_list.get_filters_for_args()")
		assert any(f[1] == "creation" and f[2] == "Between" for f in filters), filters
		clear_filters(page)
		assert page.evaluate("() => cur_list.get_filters_for_args()") == []
		assert not errors, errors
	finally:
		page.close()


def test_the_manager_exports_from_the_report_view_the_secretary_cannot(secretary_page, manager_page):
	for page, can_export in ((manager_page, True), (secretary_page, False)):
		errors = console_errors(page)
		page.goto("/app/nest-prospect/view/report", wait_until="domcontentloaded")
		wait_for_desk(page)
		page.locator(f"{LIST} .dt-scrollable, {LIST} .no-result").first.wait_for(timeout=20_000)
		settle(page)
		assert page.evaluate("() => frappe.model.can_export('NEST Prospect')") is can_export
		page.locator(f"{LIST} .page-actions .menu-btn-group button").first.click()
		menu = page.locator(f"{LIST} .page-actions .menu-btn-group .dropdown-menu").first
		menu.wait_for(state="visible", timeout=10_000)
		items = menu.inner_text()
		assert ("Exporter" in items) is can_export, items
		page.keyboard.press("Escape")
		assert not errors, errors
