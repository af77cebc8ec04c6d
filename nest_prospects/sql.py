"""Helpers shared by the set-based jobs."""

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import frappe

# MariaDB turns an IN list of 1,000 values or more into a subquery (in_predicate_conversion_threshold),
# whose plan then depends on the statistics: on a freshly loaded table it scanned the whole
# table for every list. Shorter lists stay a range on the index, whatever the statistics say.
IN_LIST_LIMIT = 900


def in_chunks(values: Iterable) -> Iterator[list]:
	"""`values` in lists of at most IN_LIST_LIMIT, for `IN (...)` conditions."""
	values = list(values)
	for start in range(0, len(values), IN_LIST_LIMIT):
		yield values[start : start + IN_LIST_LIMIT]


def affected_rows() -> int:
	"""Rows written by the last INSERT, UPDATE or DELETE run through frappe.db.sql.

	MariaDB's ROW_COUNT(), asked right after the statement on the same connection: Frappe has
	no public accessor for the driver's count (v15, v16). For an INSERT IGNORE it counts the rows
	really inserted; for an UPDATE, the rows changed (not those only matched).
	"""
	return int(frappe.db.sql("select row_count()")[0][0])


def insert_rows(
	doctype: str, fields: tuple[str, ...] | list[str], rows: list, ignore_duplicates: bool = False
) -> int:
	"""Insert `rows` (tuples in the order of `fields`) in multi-row INSERTs; return the rows written.

	What frappe.db.bulk_insert does, without building each value through the query builder
	(a third of the conversion job's time at 100,000 prospects): one statement per 1,000 rows,
	the values escaped by the database driver. With `ignore_duplicates`, an INSERT IGNORE:
	the count is then that of the rows really inserted.
	"""
	if not rows:
		return 0
	columns = ", ".join(f"`{field}`" for field in fields)
	row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
	verb = "insert ignore" if ignore_duplicates else "insert"
	written = 0
	for start in range(0, len(rows), 1000):
		chunk = rows[start : start + 1000]
		frappe.db.sql(
			f"{verb} into `tab{doctype}` ({columns}) values {', '.join([row_sql] * len(chunk))}",
			[value for row in chunk for value in row],
		)
		written += affected_rows()
	return written


def single_run(skipped: Callable[[], Any]):
	"""One run of the job at a time on a site: a second worker starting it meanwhile does nothing.

	The job holds a MariaDB named lock (GET_LOCK, not waited for) from its start until its
	transaction ends: the scheduler commits a job that returned (or rolls back one that
	failed), and only then may another run start, so that it reads what the first one wrote.
	A run that finds the lock taken logs it and returns `skipped()`: the next scheduled run
	does what is left, as after a failure (every job is idempotent).
	"""

	def decorator(job: Callable) -> Callable:
		name = f"{job.__module__}.{job.__qualname__}"

		@functools.wraps(job)
		def wrapper(*args, **kwargs):
			lock = job_lock_name(name)
			if not frappe.db.sql("select get_lock(%s, 0)", (lock,))[0][0]:
				frappe.logger("nest_prospects").info(f"{name}: another run holds the lock; skipped")
				return skipped()
			try:
				result = job(*args, **kwargs)
			except BaseException:
				release_job_lock(lock)
				raise
			# Released when the job's transaction ends, whichever way it ends.
			frappe.db.after_commit.add(functools.partial(release_job_lock, lock))
			frappe.db.after_rollback.add(functools.partial(release_job_lock, lock))
			return result

		return wrapper

	return decorator


def job_lock_name(name: str) -> str:
	"""The named lock of a job on this site (MariaDB lock names are at most 64 characters)."""
	digest = hashlib.sha1(f"{frappe.local.site}|{name}".encode()).hexdigest()
	return f"nest_job:{digest}"


def release_job_lock(lock: str) -> None:
	frappe.db.sql("select release_lock(%s)", (lock,))


def stored_single_value(doctype: str, field: str) -> str | None:
	"""A Single's value as `tabSingles` holds it, None when it was never stored (where
	frappe.db.get_single_value would give the field type's empty value)."""
	Singles = frappe.qb.DocType("Singles")
	values = (
		frappe.qb.from_(Singles)
		.select(Singles.value)
		.where((Singles.doctype == doctype) & (Singles.field == field))
		.run(pluck=True)
	)
	return values[0] if values else None
