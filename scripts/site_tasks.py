"""Tasks run inside a site by `scripts/dev-bench`, with the bench's Python, from `sites/`.

    python site_tasks.py SITE demo-users PASSWORD   the French secretary and manager of the desk
    python site_tasks.py SITE browser-plan PASSWORD  users, records and the pages each may open (JSON)
    python site_tasks.py SITE fingerprint            the app's schema, records and stamps (JSON)

They refuse on a site that allows neither tests nor developer mode: they create users with a
known password, which only a development or test site may have.
"""

from __future__ import annotations

import hashlib
import json
import sys

import frappe

MODULE = "NEST Prospects"
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
	from frappe.utils.password import update_password

	refuse_on_real_sites()
	for email, (first_name, last_name, role) in DEMO_USERS.items():
		if not frappe.db.exists("User", email):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": first_name,
					"last_name": last_name,
					"language": "fr",
					"send_welcome_email": 0,
					"user_type": "System User",
				}
			).insert(ignore_permissions=True)
		user = frappe.get_doc("User", email)
		user.language = "fr"
		user.add_roles(role)
		update_password(email, password)
	frappe.db.commit()
	return {"secretary": SECRETARY, "manager": MANAGER}


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
		from nest_prospects.jobs.conversion import create_due_reviews

		frappe.db.set_value(
			"NEST Prospect", prospect, "first_contact_on", f"{add_days(nowdate(), -40)} 09:00:00"
		)
		create_due_reviews()
	if not frappe.db.count("NEST Follow-up Task"):
		from nest_prospects.jobs.followup import create_due_tasks

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
		create_due_tasks()
	frappe.db.commit()
	for doctype in app_doctypes():
		if doctype.istable or doctype.issingle:
			continue
		name = frappe.db.get_value(doctype.name, {}, "name", order_by="creation desc")
		if name:
			records[doctype.name] = name
	return records


def browser_plan(password: str) -> dict:
	"""Who the browser logs in as, and which pages each may open (by her permissions)."""
	from frappe.desk.query_report import get_report_doc

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
			if get_report_doc(report).is_permitted():
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


def main() -> None:
	site, task, *args = sys.argv[1:]
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		result = {"demo-users": demo_users, "browser-plan": browser_plan, "fingerprint": fingerprint}[task](
			*args
		)
		print(json.dumps(result, default=str))
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
