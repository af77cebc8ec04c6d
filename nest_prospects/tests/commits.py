"""Jobs that commit per batch, run inside a test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest.mock import patch

import frappe

SAVEPOINT = "nest_test_commit"


@contextmanager
def commits_held() -> Iterator[None]:
	"""The job's commits become savepoints: what it writes stays in the test's transaction, which
	the test class rolls back (FrappeTestCase), so the test leaves nothing behind.

	Frappe's own tests run a job that commits the same way (frappe/tests/test_rename_doc.py,
	`patch_db(["commit", "rollback"])`); hrms instead lets its jobs commit and empties the tables
	in setUp, which would remove the site's own records here.
	"""

	def commit() -> None:
		frappe.db.savepoint(SAVEPOINT)  # a savepoint of the same name replaces the older one

	with patch.object(frappe.db, "commit", commit):
		yield
