"""Bulk data for the benchmarks: rows written straight to the tables, rolled back by the caller."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import frappe
from frappe.utils import now_datetime

RECALL_REQUEST = "DEVIS ACCOUCHEMENT"


def insert_prospects(count: int, max_age_days: int = 120, with_interactions: bool = False) -> None:
	"""`count` active prospects first seen up to `max_age_days` ago, and optionally each one's first
	interaction (a third of them asking for a quote, which triggers the 7-day recall)."""
	now = now_datetime()
	prospects, interactions, requests = [], [], []
	for i in range(count):
		seen = now - timedelta(days=random.randint(0, max_age_days), minutes=random.randint(0, 1440))
		name = f"BENCH-{i:07d}"
		prospects.append(
			(
				name, now, now, "Administrator", "Administrator", "Bench", str(i), f"Bench {i}",
				f"+22177{i:07d}", seen, seen, random.choice(("Hot", "Warm", "Cold")), "Normal", "Active",
			)
		)  # fmt: skip
		if with_interactions:
			interaction = f"BENCH-INT-{i:07d}"
			interactions.append(
				(interaction, now, now, "Administrator", "Administrator", "NEST Prospect", name,
				f"Bench {i}", seen, "Inbound Call", "Administrator", "Demande")
			)  # fmt: skip
			if i % 3 == 0:
				requests.append(
					(f"BENCH-REQ-{i:07d}", now, now, "Administrator", "Administrator", interaction,
					"NEST Interaction", "request_types", 1, RECALL_REQUEST)
				)  # fmt: skip
	common = ["name", "creation", "modified", "owner", "modified_by"]
	frappe.db.bulk_insert(
		"NEST Prospect",
		[*common, "first_name", "last_name", "full_name", "phone", "first_contact_on",
		"last_interaction_on", "temperature", "ageing_state", "status"],
		prospects,
		chunk_size=10_000,
	)  # fmt: skip
	if with_interactions:
		frappe.db.bulk_insert(
			"NEST Interaction",
			[
				*common,
				"party_type",
				"party",
				"party_name",
				"interaction_on",
				"channel",
				"logged_by",
				"comments",
			],
			interactions,
			chunk_size=10_000,
		)
		frappe.db.bulk_insert(
			"NEST Interaction Request Type",
			[*common, "parent", "parenttype", "parentfield", "idx", "request_type"],
			requests,
			chunk_size=10_000,
		)


@contextmanager
def count_queries() -> Iterator[list[str]]:
	"""Collect the SQL statements run inside the block."""
	queries: list[str] = []
	sql = frappe.db.sql

	def counting(query, *args, **kwargs):
		queries.append(query)
		return sql(query, *args, **kwargs)

	frappe.db.sql = counting
	try:
		yield queries
	finally:
		frappe.db.sql = sql


@contextmanager
def rolled_back() -> Iterator[None]:
	"""Run the block in one transaction that is rolled back, even if a job commits per batch."""
	frappe.db.rollback()
	commit = frappe.db.commit
	frappe.db.commit = lambda *args, **kwargs: None
	try:
		yield
	finally:
		frappe.db.commit = commit
		frappe.db.rollback()
		frappe.clear_document_cache("NEST Prospect Settings", "NEST Prospect Settings")
