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
after_migrate = "nest_prospects.setup.install.after_migrate"

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

standard_queries = {
	"NEST Prospect": "nest_prospects.api.desk.search_people",
	"NEST Patient": "nest_prospects.api.desk.search_people",
}

# Scheduled jobs
# --------------
scheduler_events = {
	"hourly_long": [
		"nest_prospects.jobs.followup.create_due_tasks",
	],
	"daily_long": [
		"nest_prospects.jobs.ageing.update_ageing_states",
		"nest_prospects.jobs.followup.run_daily",
		"nest_prospects.jobs.conversion.create_due_reviews",
	],
	"monthly_long": [
		"nest_prospects.jobs.conversion.send_monthly_summary",
	],
}

# Tests
# -----
before_tests = "nest_prospects.setup.install.before_tests"
