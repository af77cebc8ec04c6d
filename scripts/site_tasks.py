"""Tasks run inside a site by `scripts/dev-bench`, with the bench's Python, from `sites/`.

    python site_tasks.py SITE demo-users PASSWORD   the French secretary and manager of the desk
    python site_tasks.py SITE desk-pool-user         the secretary takes what nobody owns (pool user)
    python site_tasks.py SITE browser-plan PASSWORD  users, records and the pages each may open (JSON)
    python site_tasks.py SITE fingerprint            the app's schema, records and stamps (JSON)
    python site_tasks.py SITE http-plan              identities with API keys and records for tests/http (JSON)

They refuse on a site that allows neither tests nor developer mode: they create users with a
known password, which only a development or test site may have.
"""

from __future__ import annotations

import hashlib
import json
import sys

import frappe

MODULE = "NEST Prospects"
SETTINGS = "NEST Prospect Settings"
SECRETARY = "secretaire@nest.test"
MANAGER = "responsable@nest.test"
DEMO_USERS = {
	SECRETARY: ("Aminata", "Secrétaire", "NEST Agent"),
	MANAGER: ("Codou", "Responsable", "NEST Manager"),
}


def refuse_on_real_sites() -> None:
	if not (frappe.conf.allow_tests or frappe.conf.developer_mode):
		sys.exit(
			f"{frappe.local.site}: neither allow_tests nor developer_mode is set; refusing to add users."
		)


def demo_users(password: str) -> dict[str, str]:
	"""The desk's users, French-speaking, with the app's roles; idempotent."""
	refuse_on_real_sites()
	for email, (first_name, last_name, role) in DEMO_USERS.items():
		_user(email, first_name, last_name, [role], password, language="fr")
	frappe.db.commit()
	return {"secretary": SECRETARY, "manager": MANAGER}


def desk_pool_user() -> str:
	"""The desk's secretary takes the tasks and website inquiries nobody else owns, unless set."""
	refuse_on_real_sites()
	if not frappe.db.get_single_value(SETTINGS, "pool_user"):
		frappe.db.set_single_value(SETTINGS, "pool_user", SECRETARY)
		frappe.db.commit()
	return frappe.db.get_single_value(SETTINGS, "pool_user")


def complete_setup(with_erpnext: str = "1") -> str:
	"""The setup wizard, done as a clinic in Dakar would: French, Africa/Dakar, XOF."""
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete
	from frappe.utils import now_datetime

	refuse_on_real_sites()
	if frappe.is_setup_complete():
		return "already complete"
	year = now_datetime().year
	args = {
		"language": "Français",
		"country": "Senegal",
		"timezone": "Africa/Dakar",
		"currency": "XOF",
		"full_name": "Administrateur NEST",
		"email": "admin@nest.test",
		"password": frappe.generate_hash(length=16),
	}
	if with_erpnext == "1":
		args.update(
			{
				"company_name": "Clinique NEST",
				"company_abbr": "NEST",
				"chart_of_accounts": "Standard",
				"fy_start_date": f"{year}-01-01",
				"fy_end_date": f"{year}-12-31",
			}
		)
	setup_complete(args)
	frappe.db.commit()
	return "complete"


def app_doctypes() -> list[dict]:
	return frappe.get_all(
		"DocType", filters={"module": MODULE}, fields=["name", "istable", "issingle"], order_by="name"
	)


def ensure_records() -> dict[str, str]:
	"""One record of each of the app's doctypes, so that the browser opens an existing form."""
	from frappe.utils import add_days, nowdate

	frappe.set_user("Administrator")
	records: dict[str, str] = {}
	prospect = frappe.db.get_value("NEST Prospect", {"last_name": "Navigateur"}, "name")
	if not prospect:
		prospect = (
			frappe.get_doc(
				{
					"doctype": "NEST Prospect",
					"first_name": "Awa",
					"last_name": "Navigateur",
					"date_of_birth": "1991-03-14",
					"phone": "77 900 10 20",
					"source": "Téléphone",
					"temperature": "Hot",
				}
			)
			.insert()
			.name
		)
	if not frappe.db.exists("NEST Patient", "BROWSER-0001"):
		frappe.get_doc(
			{
				"doctype": "NEST Patient",
				"external_id": "BROWSER-0001",
				"first_name": "Fatou",
				"last_name": "Navigateur",
				"phone": "77 900 10 21",
				"date_of_birth": "1988-07-02",
				"created_in_patient_system_on": add_days(nowdate(), -30),
			}
		).insert()
	if not frappe.db.exists("NEST Appointment", {"party": prospect}):
		frappe.get_doc(
			{
				"doctype": "NEST Appointment",
				"party_type": "NEST Prospect",
				"party": prospect,
				"scheduled_on": f"{add_days(nowdate(), 3)} 10:30:00",
				"status": "Scheduled",
			}
		).insert()
	if not frappe.db.count("NEST Conversion Review"):
		from nest_prospects.conversion_review.jobs import create_due_reviews

		frappe.db.set_value(
			"NEST Prospect", prospect, "first_contact_on", f"{add_days(nowdate(), -40)} 09:00:00"
		)
		create_due_reviews()
	if not frappe.db.exists("NEST Prospect", {"last_name": "Navigateur", "first_name": "Mariama"}):
		recent = frappe.get_doc(
			{
				"doctype": "NEST Prospect",
				"first_name": "Mariama",
				"last_name": "Navigateur",
				"date_of_birth": "1995-11-30",
				"phone": "77 900 10 22",
				"source": "Facebook",
				"temperature": "Hot",
			}
		).insert()
		frappe.db.set_value(
			"NEST Prospect", recent.name, "first_contact_on", f"{add_days(nowdate(), -4)} 09:00:00"
		)
	if not frappe.db.count("NEST Follow-up Task"):
		from nest_prospects.followup.due_tasks import create_due_tasks

		create_due_tasks()
	_referral(prospect, MANAGER)
	frappe.db.commit()
	for doctype in app_doctypes():
		if doctype.istable or doctype.issingle:
			continue
		name = frappe.db.get_value(doctype.name, {}, "name", order_by="creation desc")
		if name:
			records[doctype.name] = name
	# The prospect whose form the browser opens has a likelihood of converting, as the nightly job
	# writes it (likelihood.jobs): the test site has too few reviews to learn one.
	frappe.db.sql(
		"""update `tabNEST Prospect` set conversion_likelihood = 42.5, likelihood_factors = %s
		where name = %s and status = 'Active'""",
		(
			'[["temperature","Hot",0.8],["documents_sent","No",-0.4],["source","Téléphone",0.2]]',
			records["NEST Prospect"],
		),
	)
	frappe.db.commit()
	return records


def _referral(prospect: str, specialist: str) -> str:
	"""An open referral of `prospect` to `specialist`, as routing writes it (without its mail)."""
	from frappe.utils import add_days, now_datetime, nowdate

	name = frappe.db.get_value("NEST Referral", {"prospect": prospect, "specialist": specialist}, "name")
	if name:
		return name
	doc = frappe.get_doc(
		{
			"doctype": "NEST Referral",
			"prospect": prospect,
			"request_type": frappe.db.get_value("NEST Request Type", {}, "name", order_by="name"),
			"specialist": specialist,
			"chosen_by": "Competence Table",
			"routed_on": now_datetime(),
			"routed_by": "Administrator",
			"due_on": add_days(nowdate(), 7),
			"status": "Open",
		}
	)
	doc.flags.written_by_app = True
	return doc.insert(ignore_permissions=True).name


def browser_plan(password: str) -> dict:
	"""Who the browser logs in as, and which pages each may open (by her permissions)."""
	users = demo_users(password)
	records = ensure_records()
	plan: dict = {"password": password, "users": {}}
	reports = frappe.get_all("Report", filters={"module": MODULE}, pluck="name", order_by="name")
	workspaces = frappe.get_all("Workspace", filters={"module": MODULE}, pluck="name")
	for key, user in users.items():
		frappe.set_user(user)
		pages = []
		for doctype in app_doctypes():
			if doctype.istable or not frappe.has_permission(doctype.name, "read"):
				continue
			slug = frappe.scrub(doctype.name).replace("_", "-")
			if doctype.issingle:
				pages.append({"kind": "form", "doctype": doctype.name, "route": f"/app/{slug}"})
				continue
			pages.append({"kind": "list", "doctype": doctype.name, "route": f"/app/{slug}"})
			if frappe.has_permission(doctype.name, "create"):
				pages.append({"kind": "form", "doctype": doctype.name, "route": f"/app/{slug}/new"})
			if doctype.name in records:
				pages.append(
					{"kind": "form", "doctype": doctype.name, "route": f"/app/{slug}/{records[doctype.name]}"}
				)
		for report in reports:
			# Report.is_permitted, not query_report.get_report_doc: that one throws on a report of
			# another role (the managers' reports, for the secretary).
			if frappe.get_doc("Report", report).is_permitted():
				pages.append({"kind": "report", "doctype": report, "route": f"/app/query-report/{report}"})
		for workspace in workspaces:
			pages.append(
				{
					"kind": "workspace",
					"doctype": workspace,
					"route": "/app/" + frappe.scrub(workspace).replace("_", "-"),
				}
			)
		plan["users"][key] = {"email": user, "pages": pages}
	frappe.set_user("Administrator")
	return plan


def fingerprint() -> dict:
	"""What a migrate could change for the app: its tables' columns and indexes, its records, its stamps."""
	doctypes = [d.name for d in app_doctypes()]
	tables = [f"tab{d}" for d in doctypes if not frappe.db.get_value("DocType", d, "issingle")]
	columns = frappe.db.sql(
		"""select table_name, column_name, column_type, is_nullable, column_default
		from information_schema.columns where table_schema = database() and table_name in %s
		order by table_name, column_name""",
		[tables],
	)
	indexes = frappe.db.sql(
		"""select table_name, index_name, column_name, non_unique from information_schema.statistics
		where table_schema = database() and table_name in %s order by table_name, index_name, seq_in_index""",
		[tables],
	)
	stamps = {
		doctype: frappe.get_all(
			doctype, filters={"module": MODULE}, fields=["name", "modified"], order_by="name"
		)
		for doctype in ("DocType", "Report", "Workspace", "Number Card", "Dashboard Chart")
	}
	counts = {table: frappe.db.sql(f"select count(*) from `{table}`")[0][0] for table in tables}
	counts["Version"] = frappe.db.count("Version")
	counts["Custom DocPerm"] = frappe.db.count("Custom DocPerm")
	counts["Email Template"] = frappe.db.count("Email Template")
	counts["Role"] = frappe.db.count("Role", {"name": ("like", "NEST%")})
	settings = frappe.db.sql(
		"select field, value from tabSingles where doctype = 'NEST Prospect Settings' order by field"
	)
	body = json.dumps([columns, indexes, stamps, counts, settings], default=str, sort_keys=True)
	return {"sha256": hashlib.sha256(body.encode()).hexdigest(), "counts": counts}


HTTP_USERS = {
	# key: (email, first name, roles)
	"api": ("http.patient-system@nest.test", "Eyone", ["NEST Patient System"]),
	"agent": ("http.agent@nest.test", "Agent", ["NEST Agent"]),
	"manager": ("http.manager@nest.test", "Manager", ["NEST Manager"]),
	"plain": ("http.plain@nest.test", "Plain", ["Blogger"]),
}
# A test site lets the suites call the patient-system API faster than the production limit.
HTTP_API_RATE_LIMIT = 100_000
# The website's inquiry page, per IP address and hour (every suite calls from 127.0.0.1).
HTTP_WEB_INQUIRIES_PER_HOUR = 100_000


def _api_keys(user: str) -> str:
	"""The user's `token key:secret` header value: the key kept if it has one, else a new one."""
	from frappe.utils.password import get_decrypted_password

	doc = frappe.get_doc("User", user)
	secret = doc.api_key and get_decrypted_password("User", user, "api_secret", raise_exception=False)
	if not secret:
		doc.api_key = frappe.generate_hash(length=15)
		secret = frappe.generate_hash(length=15)
		doc.api_secret = secret
		doc.save(ignore_permissions=True)
	return f"token {doc.api_key}:{secret}"


def _user(
	email: str, first_name: str, last_name: str, roles: list[str], password: str, language: str | None = None
) -> None:
	"""A desk user (created if missing) with these roles, this password and, if given, this language."""
	from frappe.utils.password import update_password

	if not frappe.db.exists("User", email):
		values = {
			"doctype": "User",
			"email": email,
			"first_name": first_name,
			"last_name": last_name,
			"send_welcome_email": 0,
			"user_type": "System User",
		}
		frappe.get_doc({**values, **({"language": language} if language else {})}).insert(
			ignore_permissions=True
		)
	user = frappe.get_doc("User", email)
	if language:
		user.language = language
	user.add_roles(*roles)
	update_password(email, password)


def _http_records() -> dict:
	"""A prospect with personal data that must not leak, her interaction, appointment and review;
	a patient and its pushed appointment; a follow-up task. Reused when they exist."""
	from frappe.utils import add_days, now_datetime, nowdate

	from nest_prospects.conversion_review.review import gather_facts, review_values

	marker = "Httpsecret"
	prospect = frappe.db.get_value("NEST Prospect", {"last_name": marker}, "name")
	if not prospect:
		prospect = (
			frappe.get_doc(
				{
					"doctype": "NEST Prospect",
					"first_name": "Zeynabou",
					"last_name": marker,
					"date_of_birth": "1987-09-23",
					"phone": "+221776543219",
					"email": "zeynabou.httpsecret@example.org",
					"source": "Téléphone",
					"temperature": "Warm",
					"first_contact_on": f"{add_days(nowdate(), -40)} 09:00:00",
					"comments": "Commentaire confidentiel Httpsecret",
					"initial_comments": "Demande confidentielle Httpsecret",
				}
			)
			.insert()
			.name
		)
	person = frappe.db.get_value(
		"NEST Prospect",
		prospect,
		["name", "first_name", "last_name", "full_name", "phone", "email", "date_of_birth", "comments"],
		as_dict=True,
	)
	interaction = frappe.db.get_value(
		"NEST Interaction", {"party_type": "NEST Prospect", "party": prospect}, "name", order_by="creation"
	)
	appointment = frappe.db.get_value("NEST Appointment", {"party": prospect, "source": "Desk"}, "name")
	if not appointment:
		appointment = (
			frappe.get_doc(
				{
					"doctype": "NEST Appointment",
					"party_type": "NEST Prospect",
					"party": prospect,
					"scheduled_on": f"{add_days(nowdate(), 5)} 10:30:00",
					"status": "Scheduled",
					"comments": "Rendez-vous Httpsecret",
				}
			)
			.insert()
			.name
		)
	if not frappe.db.exists("NEST Conversion Review", prospect):
		facts = gather_facts([prospect])[prospect]
		frappe.get_doc({"doctype": "NEST Conversion Review", **review_values(facts, now_datetime())}).insert(
			ignore_permissions=True
		)
	patient = "HTTP-PATIENT-0001"
	if not frappe.db.exists("NEST Patient", patient):
		frappe.get_doc(
			{
				"doctype": "NEST Patient",
				"external_id": patient,
				"first_name": "Coumba",
				"last_name": "Patienthttp",
				"phone": "+221776543218",
				"date_of_birth": "1979-02-11",
				"created_in_patient_system_on": f"{add_days(nowdate(), -100)} 08:00:00",
			}
		).insert(ignore_permissions=True)
	pushed = frappe.db.get_value("NEST Appointment", {"external_id": "HTTP-RDV-0001"}, "name")
	if not pushed:
		doc = frappe.get_doc(
			{
				"doctype": "NEST Appointment",
				"party_type": "NEST Patient",
				"party": patient,
				"scheduled_on": f"{add_days(nowdate(), 6)} 11:00:00",
				"status": "Scheduled",
				"source": "Patient System",
				"external_id": "HTTP-RDV-0001",
			}
		)
		doc.flags.written_by_app = True
		pushed = doc.insert(ignore_permissions=True).name
	task = frappe.db.get_value("NEST Follow-up Task", {"task_key": f"http-plan:{prospect}"}, "name")
	if not task:
		task = (
			frappe.get_doc(
				{
					"doctype": "NEST Follow-up Task",
					"task_key": f"http-plan:{prospect}",
					"reason": "Qualification call",
					"reference_type": "NEST Prospect",
					"reference_name": prospect,
					"due_on": now_datetime(),
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	history = frappe.db.get_value(
		"NEST Classification Change", {"parent": prospect, "parenttype": "NEST Prospect"}, "name"
	)
	site = "HTTP Site"
	if not frappe.db.exists("NEST Clinic Site", site):
		frappe.get_doc({"doctype": "NEST Clinic Site", "site_name": site, "city": "Dakar"}).insert()
	staff_user = HTTP_USERS["agent"][0]
	if not frappe.db.exists("NEST Staff Member", staff_user):
		frappe.get_doc(
			{"doctype": "NEST Staff Member", "user": staff_user, "service": "Reception", "clinic_site": site}
		).insert()
	contact = frappe.db.get_value("NEST Contact Person", {"last_name": "Contacthttp"}, "name")
	if not contact:
		contact = (
			frappe.get_doc(
				{
					"doctype": "NEST Contact Person",
					"first_name": "Moussa",
					"last_name": "Contacthttp",
					"phone": "+221776543217",
				}
			)
			.insert()
			.name
		)
	referral = _referral(prospect, "Administrator")
	return {
		"records": {
			"NEST Prospect": prospect,
			"NEST Interaction": interaction,
			"NEST Appointment": appointment,
			"NEST Conversion Review": prospect,
			"NEST Patient": patient,
			"NEST Follow-up Task": task,
			"NEST Prospect Settings": "NEST Prospect Settings",
			"NEST Likelihood Model": "NEST Likelihood Model",
			"NEST Prospect Source": frappe.db.get_value("NEST Prospect Source", {}, "name", order_by="name"),
			"NEST Request Type": frappe.db.get_value("NEST Request Type", {}, "name", order_by="name"),
			"NEST Callback Script": frappe.db.get_value("NEST Callback Script", {}, "name", order_by="name"),
			"NEST Classification Change": history,
			"NEST Referral": referral,
			"NEST Clinic Site": site,
			"NEST Staff Member": staff_user,
			"NEST Contact Person": contact,
			"NEST Language": frappe.db.get_value("NEST Language", {}, "name", order_by="name"),
		},
		"pushed_appointment": pushed,
		"secrets": {
			"full_name": person.full_name,
			"last_name": person.last_name,
			"phone": person.phone,
			"phone_digits": person.phone.removeprefix("+221"),
			"email": person.email,
			"date_of_birth": str(person.date_of_birth),
			"comments": "Httpsecret",
		},
	}


def http_plan() -> dict:
	"""The identities and records of the HTTP suites (tests/http): idempotent, test sites only.

	Every identity but Guest has an API key (the `Authorization` header value) and a password;
	Administrator is the suites' eye on the tables (counts). The site config raises the patient
	system's rate limit (`nest_api_rate_limit`) and the inquiry page's (the setting
	`web_inquiries_per_hour`) on the test site, so that the suites are not throttled.
	"""
	if not frappe.conf.allow_tests:
		sys.exit(f"{frappe.local.site}: allow_tests is not set; refusing to create users with known keys.")
	frappe.set_user("Administrator")
	password = frappe.generate_hash(length=16)
	identities: dict[str, dict] = {}
	for key, (email, first_name, roles) in HTTP_USERS.items():
		_user(email, first_name, "HTTP", roles, password)
		identities[key] = {"user": email, "roles": roles, "authorization": _api_keys(email)}
	identities["admin"] = {
		"user": "Administrator",
		"roles": ["Administrator"],
		"authorization": _api_keys("Administrator"),
	}
	identities["guest"] = {"user": "Guest", "roles": ["Guest"], "authorization": None}
	if frappe.conf.get("nest_api_rate_limit") != HTTP_API_RATE_LIMIT:
		from frappe.installer import update_site_config

		update_site_config("nest_api_rate_limit", HTTP_API_RATE_LIMIT)
	if frappe.db.get_single_value(SETTINGS, "web_inquiries_per_hour") != HTTP_WEB_INQUIRIES_PER_HOUR:
		frappe.db.set_single_value(SETTINGS, "web_inquiries_per_hour", HTTP_WEB_INQUIRIES_PER_HOUR)
	records = _http_records()
	frappe.db.commit()
	reports = frappe.get_all("Report", filters={"module": MODULE}, pluck="name", order_by="name")
	# Who may run each report: its roles (the managers' reports are not the secretaries').
	report_roles = {
		report: frappe.get_all("Has Role", filters={"parenttype": "Report", "parent": report}, pluck="role")
		for report in reports
	}
	doctypes = [{"name": d.name, "istable": d.istable, "issingle": d.issingle} for d in app_doctypes()]
	return {
		"password": password,
		# The site's own time zone (a test site's is Frappe's or ERPNext's test one, not the
		# machine's): the suites date what they send by the site's calendar.
		"time_zone": frappe.utils.get_system_timezone(),
		"identities": identities,
		"doctypes": doctypes,
		"reports": reports,
		"report_roles": report_roles,
		**records,
	}


def main() -> None:
	site, task, *args = sys.argv[1:]
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		tasks = {
			"complete-setup": complete_setup,
			"demo-users": demo_users,
			"desk-pool-user": desk_pool_user,
			"browser-plan": browser_plan,
			"fingerprint": fingerprint,
			"http-plan": http_plan,
		}
		result = tasks[task](*args)
		print(json.dumps(result, default=str))
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
