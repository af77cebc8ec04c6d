"""Who may call the app's whitelisted methods: guards as decorators, as helpdesk's `agent_only`.

Put them under `@frappe.whitelist(...)`: Frappe validates the typed arguments first (a 4xx
naming the field), then the guard refuses a caller without the right (403), then the method runs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import frappe


def roles_only(*roles: str, message: Callable[[], str]):
	"""Refuse a user with none of `roles` (Administrator has them all), with `message()`.

	Not frappe.only_for: it lets everyone through in tests, and these rules are tested.
	`message` is a callable so that the text is translated in the caller's language.
	"""

	def decorator(fn):
		@functools.wraps(fn)
		def wrapper(*args, **kwargs):
			if set(roles).isdisjoint(frappe.get_roles()):
				frappe.throw(message(), frappe.PermissionError)
			return fn(*args, **kwargs)

		return wrapper

	return decorator


def needs_permission(doctype: str, *ptypes: str):
	"""Refuse a user who has none of these rights on `doctype` (on any of its records), as
	frappe.has_permission(..., throw=True) does."""

	def decorator(fn):
		@functools.wraps(fn)
		def wrapper(*args, **kwargs):
			if len(ptypes) == 1:
				frappe.has_permission(doctype, ptypes[0], throw=True)
			elif not any(frappe.has_permission(doctype, ptype) for ptype in ptypes):
				raise frappe.PermissionError
			return fn(*args, **kwargs)

		return wrapper

	return decorator


def only_for(*roles: str):
	"""frappe.only_for as a decorator: 403 "You are not permitted…" for a user with none of `roles`."""

	def decorator(fn):
		@functools.wraps(fn)
		def wrapper(*args, **kwargs):
			frappe.only_for(roles)
			return fn(*args, **kwargs)

		return wrapper

	return decorator
