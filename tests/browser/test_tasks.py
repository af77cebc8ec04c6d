"""Typed tasks (seed 003) in the desk, in French: a secretary plans a task from the prospect's
form; one dated in the past shows as done at once."""

from __future__ import annotations

from test_journeys import new_prospect_as, open_form, screenshot, settle, wait_for_desk
from test_pipeline import console_errors

DIALOG = ".modal.show"
TASKS = ".page-container:visible table.nest-follow-up-tasks"


def plan_task(page, action_label: str, description: str, date: str | None = None) -> None:
	"""Planifier une tâche → the dialog: an action type, (a date), a description → Planifier la tâche."""
	page.locator(".page-container:visible .page-actions button", has_text="Planifier une tâche").first.click()
	dialog = page.locator(DIALOG, has=page.locator('[data-fieldname="action_type"]'))
	dialog.wait_for(state="visible", timeout=10_000)
	assert "Type d'action" in dialog.inner_text()
	dialog.locator('[data-fieldname="action_type"] select').select_option(label=action_label)
	if date:
		user_date = page.evaluate("(d) => frappe.datetime.str_to_user(d)", date)
		field = dialog.locator('[data-fieldname="date"] input')
		field.fill(user_date)
		dialog.locator(".modal-title").click()  # the date picker folds (Escape would close the dialog)
	dialog.locator('[data-fieldname="description"] textarea').fill(description)
	dialog.locator(".modal-title").click()  # the date picker folds
	dialog.locator(".modal-footer .btn-primary", has_text="Planifier la tâche").click()
	dialog.wait_for(state="detached", timeout=15_000)


def test_secretary_plans_a_task_and_a_past_one_shows_done(secretary_page):
	page = secretary_page
	errors = console_errors(page)
	page.goto("/app/nest-prospect", wait_until="domcontentloaded")
	wait_for_desk(page)
	# first contacted three days ago: a task done yesterday comes after it
	first_contact = page.evaluate("() => frappe.datetime.add_days(frappe.datetime.now_datetime(), -3)")
	name = new_prospect_as(page, temperature="Warm", first_contact_on=first_contact)
	open_form(page, f"/app/nest-prospect/{name}")

	plan_task(page, "Rendez-vous", "Confirmer la visite de jeudi")
	page.locator(".alert-message, .desk-alert", has_text="Tâche planifiée").first.wait_for(timeout=15_000)
	settle(page)
	table = page.locator(TASKS)
	table.wait_for(state="visible", timeout=15_000)
	row = table.locator("tbody tr", has_text="Rendez-vous")
	assert "À faire" in row.first.inner_text()
	assert "Tâche planifiée" in row.first.inner_text()

	yesterday = page.evaluate("() => frappe.datetime.add_days(frappe.datetime.get_today(), -1)")
	plan_task(page, "Relance", "Appel de relance fait hier", date=yesterday)
	page.locator(".alert-message, .desk-alert", has_text="enregistrée comme effectuée").first.wait_for(
		timeout=15_000
	)
	settle(page)
	screenshot(page, "tasks-planned")
	done = page.locator(TASKS).locator("tbody tr", has_text="Relance")
	done.first.wait_for(state="visible", timeout=15_000)
	assert "Effectué" in done.first.inner_text()
	stored = page.evaluate(
		"""(name) => frappe.db.get_list('NEST Follow-up Task', {filters: {reference_name: name},
			fields: ['action_type', 'recorded_done'], order_by: 'action_type asc'}).then((r) => r)""",
		name,
	)
	assert stored == [
		{"action_type": "Appointment", "recorded_done": 0},
		{"action_type": "Chase-up", "recorded_done": 1},
	], stored

	# seed 003's "Dernière action" in her list: the chase-up recorded done, with its day only
	page.goto(f"/app/nest-prospect?name={name}", wait_until="domcontentloaded")
	wait_for_desk(page)
	rows = page.locator(".page-container:visible .result .list-row-container")
	rows.first.wait_for(state="visible", timeout=20_000)
	settle(page)
	assert rows.count() == 1, rows.all_inner_texts()  # her alone (the list hides the ID column)
	row = rows.first
	yesterday_shown = page.evaluate("(d) => frappe.datetime.str_to_user(d)", yesterday)
	assert f"Relance · {yesterday_shown}" in row.inner_text(), row.inner_text()
	page.evaluate("() => cur_list.filter_area.clear()")  # no filter left in her list settings
	page.wait_for_timeout(1_000)
	assert not errors, errors
