"""Seed records of the conversion review (issue: conversion review). Idempotent."""

import frappe

from nest_prospects.constants import SETTINGS
from nest_prospects.conversion_review.rules.outcomes import REVIEW_LAG_DAYS

LAG_FIELD = "conversion_review_after_days"


def install() -> None:
	"""The review lag defaults to the procedure's four weeks; a manager's value is kept.

	Read from the Singles table itself: get_single_value gives 0 for a value never stored.
	"""
	Singles = frappe.qb.DocType("Singles")
	stored = (
		frappe.qb.from_(Singles)
		.select(Singles.value)
		.where((Singles.doctype == SETTINGS) & (Singles.field == LAG_FIELD))
		.run(pluck=True)
	)
	if not stored or stored[0] in (None, ""):
		frappe.db.set_single_value(SETTINGS, LAG_FIELD, REVIEW_LAG_DAYS)
