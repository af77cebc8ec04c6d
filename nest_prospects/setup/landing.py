"""The secretaries and the follow-up managers land on the NEST Prospects workspace.

Frappe's desk opens a user's `default_workspace` after login and on /app (frappe/auth.py,
router.js); a role's home page is for website users only. A user with NEST Agent or NEST
Manager gets the workspace as default when she has none (at install for the existing users, on
every save of a user afterwards: the roles are saved with the user). Nobody else is touched, and
a default workspace a user has chosen is kept.
"""

from __future__ import annotations

import frappe

WORKSPACE = "NEST Prospects"
LANDING_ROLES = frozenset({"NEST Agent", "NEST Manager"})


def has_landing_role(roles) -> bool:
	return not LANDING_ROLES.isdisjoint(roles)


def set_landing_workspace(user, method=None) -> None:
	"""User validate hook: the workspace for a user with the roles and no default workspace; a
	user who loses the roles loses the workspace as default (she can no longer open it)."""
	if user.name in ("Administrator", "Guest"):
		return
	roles = {row.role for row in user.get("roles") or []}
	if has_landing_role(roles) and user.user_type == "System User":
		if not user.default_workspace and frappe.db.exists("Workspace", WORKSPACE):
			user.default_workspace = WORKSPACE
		return
	if user.default_workspace != WORKSPACE or user.is_new():
		return
	before = user.get_doc_before_save()
	if before is not None and has_landing_role({row.role for row in before.get("roles") or []}):
		user.default_workspace = None


def set_for_existing_users() -> list[str]:
	"""The users who have the roles but no default workspace get it (install, patch). Returns them."""
	if not frappe.db.exists("Workspace", WORKSPACE):
		return []
	HasRole = frappe.qb.DocType("Has Role")
	User = frappe.qb.DocType("User")
	users = (
		frappe.qb.from_(User)
		.join(HasRole)
		.on((HasRole.parent == User.name) & (HasRole.parenttype == "User"))
		.select(User.name)
		.distinct()
		.where(
			HasRole.role.isin(sorted(LANDING_ROLES))
			& (User.user_type == "System User")
			& User.name.notin(["Administrator", "Guest"])
			& (User.default_workspace.isnull() | (User.default_workspace == ""))
		)
		.run(pluck=True)
	)
	for name in users:
		frappe.db.set_value("User", name, "default_workspace", WORKSPACE, update_modified=False)
		frappe.clear_cache(user=name)
	return users
