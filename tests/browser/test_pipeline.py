"""The pipeline (seed 003) in the desk, in French: a secretary sets a stage and marks a prospect
lost through the dialog (refused first without a factor), a manager opens Pipeline pondéré."""

from __future__ import annotations

from test_journeys import open_new_prospect, open_report, screenshot, settle

DIALOG = ".modal.show"


def console_errors(page) -> list[str]:
	errors: list[str] = []
	page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
	page.on("pageerror", lambda error: errors.append(str(error)))
	return errors


def test_secretary_sets_a_stage_and_marks_lost(secretary_page):
	page = secretary_page
	errors = console_errors(page)
	name = open_new_prospect(page, pipeline_stage="Qualifié")
	section = page.locator('.page-container:visible div.frappe-control[data-fieldname="pipeline_stage"]')
	section.wait_for(state="visible", timeout=10_000)
	assert "Étape" in section.inner_text()
	probability = page.locator(
		'.page-container:visible div.frappe-control[data-fieldname="stage_probability"]'
	)
	assert "20" in probability.inner_text()

	# Refused without a factor: the server's French message names the field.
	page.evaluate(
		"""() => cur_frm.call({method: 'mark_lost', doc: cur_frm.doc,
			args: {factors: [], justification: 'Trop loin'}}).catch(() => null)"""
	)
	message = page.locator(".modal.show .msgprint", has_text="Facteurs de perte")
	message.first.wait_for(state="visible", timeout=10_000)
	assert "choisissez au moins un facteur" in message.first.inner_text()
	page.locator(".modal.show .btn-modal-close").first.click()
	page.locator(".modal.show").wait_for(state="detached", timeout=10_000)
	# the refusal's 417 and its traceback are the console's only lines so far: none after it
	assert all("417" in e or "choisissez au moins un facteur" in e for e in errors), errors
	errors.clear()

	# The dialog: Résultat → Perdu, a factor, a justification.
	page.locator(".page-container:visible .inner-group-button button", has_text="Résultat").first.click()
	page.locator(".page-container:visible .inner-group-button .dropdown-item", has_text="Perdu").first.click()
	dialog = page.locator(DIALOG, has=page.locator('[data-fieldname="justification"]'))
	dialog.wait_for(state="visible", timeout=10_000)
	assert "Facteurs de perte" in dialog.inner_text()
	factors = dialog.locator('[data-fieldname="factors"]')
	factors.locator("input, button, .form-control").first.click()
	option = dialog.locator(".dropdown-item, .selectable-item", has_text="Distance").first
	option.wait_for(state="visible", timeout=10_000)
	option.click()
	dialog.locator(".modal-title").click()  # the list of factors folds
	dialog.locator('[data-fieldname="justification"] textarea').fill("Habite à Thiès, trop loin.")
	screenshot(page, "pipeline-lost-dialog")
	dialog.locator(".modal-footer .btn-primary").click()
	page.locator(".alert-message, .desk-alert", has_text="Le prospect est marqué perdu").first.wait_for(
		timeout=15_000
	)
	settle(page)
	screenshot(page, "pipeline-lost")
	stored = page.evaluate(
		"(name) => frappe.db.get_value('NEST Prospect', name, ['status', 'outcome']).then((r) => r.message)",
		name,
	)
	assert stored == {"status": "Abandoned", "outcome": "Lost"}, stored
	assert (
		"Distance"
		in page.locator(
			'.page-container:visible div.frappe-control[data-fieldname="loss_factors"]'
		).inner_text()
	)
	assert not errors, errors


def test_manager_opens_the_weighted_pipeline(manager_page):
	page = manager_page
	errors = console_errors(page)
	open_report(page, "/app/query-report/NEST Weighted Pipeline", "Pipeline pondéré")
	page.locator(".page-container:visible .report-summary").first.wait_for(state="visible", timeout=10_000)
	screenshot(page, "pipeline-report")
	text = page.locator(".page-container:visible").first.inner_text()
	assert "Pipeline pondéré par mois" in text
	assert "Prospects dans le pipeline" in text
	assert not errors, errors
