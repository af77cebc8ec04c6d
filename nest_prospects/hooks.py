app_name = "nest_prospects"
app_title = "NEST Prospects"
app_publisher = "NEST"
app_description = "Prospect follow-up for the NEST clinic, inside the Frappe desk"
app_email = "dev@nest.invalid"
app_license = "mit"
# frappe is the only app this one needs; ERPNext is optional.

export_python_type_annotations = True

# Installation
# ------------
before_install = "nest_prospects.setup.install.before_install"
after_install = "nest_prospects.setup.install.after_install"
after_uninstall = "nest_prospects.setup.install.after_uninstall"

# Desk
# ----
app_include_js = "nest_prospects.bundle.js"

add_to_apps_screen = [
	{
		"name": "nest_prospects",
		"logo": "/assets/nest_prospects/images/logo.svg",
		"title": "NEST Prospects",
		"route": "/app/nest-prospects",
	}
]

# A prospect's or patient's interactions on its timeline (a Dynamic Link cannot be a timeline_field).
additional_timeline_content = {
	"NEST Prospect": [
		"nest_prospects.nest_prospects.doctype.nest_interaction.nest_interaction.timeline_items"
	],
	"NEST Patient": [
		"nest_prospects.nest_prospects.doctype.nest_interaction.nest_interaction.timeline_items"
	],
}

# The secretaries and the managers land on the NEST Prospects workspace, new users included.
doc_events = {
	"User": {
		"validate": "nest_prospects.setup.landing.set_landing_workspace",
	},
	# The prospect's stored next task (its list's column) follows its ToDos.
	"ToDo": {
		# a task recorded done when it was planned is never changed (seed 003)
		"validate": "nest_prospects.followup.planned.refuse_changing_recorded_done",
		"on_update": "nest_prospects.followup.next_task.on_todo_change",
		"after_delete": "nest_prospects.followup.next_task.on_todo_change",
	},
}

standard_queries = {
	"NEST Prospect": "nest_prospects.people.api.search_people",
	"NEST Patient": "nest_prospects.people.api.search_people",
}

# Who reads what (nest_prospects/permissions.py): Frappe v15's get_count, get_link_title and
# get_group_by_count check no permission, so the app's doctypes get the caller's; the patient
# system's API user reads only the appointments it pushed for patients.
override_whitelisted_methods = {
	"frappe.client.get_count": "nest_prospects.permissions.get_count",
	"frappe.desk.search.get_link_title": "nest_prospects.permissions.get_link_title",
	"frappe.desk.listview.get_group_by_count": "nest_prospects.permissions.get_group_by_count",
	# The methods' published paths from before the features had their packages: still answered.
	"nest_prospects.api.followup.send_documentation": "nest_prospects.followup.api.send_documentation",
	"nest_prospects.api.followup.mark_processed": "nest_prospects.followup.api.mark_processed",
	"nest_prospects.api.followup.documentation_templates": "nest_prospects.followup.api.documentation_templates",
	"nest_prospects.api.followup.holidays_of_year": "nest_prospects.followup.api.holidays_of_year",
	"nest_prospects.api.desk.find_existing_people": "nest_prospects.people.api.find_existing_people",
	"nest_prospects.api.desk.search_people": "nest_prospects.people.api.search_people",
	"nest_prospects.api.desk.form_settings": "nest_prospects.people.api.form_settings",
	# NEST Prospect's document method, at the path the README documents.
	"nest_prospects.guards.change_reconciled_status": (
		"nest_prospects.nest_prospects.doctype.nest_prospect.nest_prospect.change_reconciled_status"
	),
}
permission_query_conditions = {
	"NEST Appointment": "nest_prospects.permissions.appointment_query_conditions",
}
has_permission = {
	"NEST Appointment": "nest_prospects.permissions.appointment_has_permission",
}

# The patient system's API (nest_prospects/api/v1.py): a `cmd` field would reroute the call;
# a call that lost a race to a concurrent one is told when to retry.
before_request = ["nest_prospects.api.v1.refuse_cmd_in_payload"]
after_request = ["nest_prospects.api.v1.add_retry_after"]

# Scheduled jobs, one line per rule of the procedure
# ---------------------------------------------------
scheduler_events = {
	"hourly_long": [
		# the 48-hour calls, requalified calls, documentation mails and 7-day recalls as ToDos
		"nest_prospects.followup.due_tasks.create_due_tasks",
		# the reviews due today (the first run of the day), or the next REVIEWS_PER_RUN of a backlog
		"nest_prospects.conversion_review.jobs.create_due_reviews",
	],
	"daily_long": [
		"nest_prospects.ageing.jobs.update_ageing_states",
		"nest_prospects.followup.reminders.send_overdue_reminders",
		# the retention rule: lost and inactive prospects anonymised N years after their last contact
		"nest_prospects.personal_data.jobs.anonymise_expired_prospects",
		# the likelihood of converting, learned from the reviews (likelihood/jobs.py)
		"nest_prospects.likelihood.jobs.update_likelihoods",
		# one reminder per specialist for her referrals past their 7 days without feedback (routing)
		"nest_prospects.routing.jobs.send_feedback_reminders",
	],
	"monthly_long": [
		"nest_prospects.conversion_review.jobs.send_monthly_summary",
	],
}

# Tests
# -----
before_tests = "nest_prospects.setup.install.before_tests"
