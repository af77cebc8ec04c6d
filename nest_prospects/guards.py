"""Fields only the app writes: kept as stored whatever a form, /api/resource or an import sends.

The plain case is Frappe's: the fields only the app writes have a permission level no role may
write (NEST Prospect 2, NEST Patient and NEST Appointment 1; every reader reads it), so Frappe
puts back their stored value (a new record: the default) on a save by a user, and the app writes
them with `ignore_permissions` or in SQL. What a permission level cannot say is here, called by
each controller before `validate` (`keep_app_fields`), unless the app itself writes the record
and says so with `doc.flags.written_by_app` (which also keeps those fields for Administrator and
for a save with `ignore_permissions`, whom Frappe lets through every permission level):

- NEST Prospect: the classification history (its rows are written by the app only: a row sent
  is dropped, a row left out is kept). Its status follows the reconciliation: Converted and
  Already Patient are set by it alone, and a prospect leaves them only by a manager's act with a
  reason, logged as a comment (NEST Prospect's `change_reconciled_status`), which also removes
  the patient link.
- NEST Patient: the patient system's id (the record's name), set once.
- NEST Classification Change: never saved or deleted on its own (only inside its prospect);
  NEST Interaction Request Type: saved with its interaction or prospect only.

Permission level (read by every reader, written by no role): NEST Prospect's ageing state, dates
of the last interaction and of the first answer, patient, next task, and likelihood of converting
with its factors (likelihood.jobs); NEST Patient's `source_updated_at`
(which makes older updates "stale") and last interaction; NEST Appointment's `source`,
`external_id`, `source_updated_at` and cancellation interaction.
"""

import frappe
from frappe import _
from frappe.model.document import Document

from nest_prospects.constants import APPOINTMENT, PATIENT, PROSPECT, RECONCILED

HISTORY = "classification_history"
MAX_REASON_LENGTH = 500

# The permission level of the fields only the app writes (no role writes it).
APP_LEVEL = {PROSPECT: 2, PATIENT: 1, APPOINTMENT: 1}
# Set once, when the record is created.
SET_ONCE: dict[str, tuple[str, ...]] = {"NEST Patient": ("external_id",)}


def keep_app_fields(doc) -> None:
	"""What permission levels cannot keep (see the module's docstring): the prospect's history
	and reconciled status, and the fields set once."""
	if doc.flags.written_by_app:
		return
	before = None if doc.is_new() else doc.get_doc_before_save()
	if frappe.session.user == "Administrator" or doc.flags.ignore_permissions:
		_keep_app_level(doc, before)
	if before is None:
		if doc.doctype == PROSPECT:
			doc.set(HISTORY, [])
			if doc.status in RECONCILED:
				frappe.throw(
					_("Only the reconciliation with a patient marks a prospect {0}.").format(_(doc.status)),
					frappe.PermissionError,
				)
		return
	for field in SET_ONCE.get(doc.doctype, ()):
		doc.set(field, before.get(field))
	if doc.doctype == PROSPECT:
		doc.set(HISTORY, [row.as_dict() for row in before.get(HISTORY)])
		_check_status_change(doc, before)
		if doc.flags.status_change_reason and before.status in RECONCILED and doc.status != before.status:
			doc.patient = None  # the link goes with the status (change_reconciled_status)


def _keep_app_level(doc, before) -> None:
	"""What Frappe's permission levels do for a user, for the two writers they let through:
	Administrator and a save with `ignore_permissions` that is not the app's own."""
	level = APP_LEVEL.get(doc.doctype)
	for df in doc.meta.fields:
		if level and df.permlevel == level:
			doc.set(df.fieldname, None if before is None else before.get(df.fieldname))


def _check_status_change(doc, before) -> None:
	if doc.status == before.status:
		return
	if doc.status in RECONCILED:
		frappe.throw(
			_("Only the reconciliation with a patient marks a prospect {0}.").format(_(doc.status)),
			frappe.PermissionError,
		)
	if before.status in RECONCILED and not doc.flags.status_change_reason:
		frappe.throw(
			_("A prospect {0} goes back to the follow-up only by a manager, who gives the reason.").format(
				_(before.status)
			),
			frappe.PermissionError,
		)


def refuse_standalone_history(doc, method: str | None = None) -> None:
	"""NEST Classification Change: its rows are written inside their prospect, by the app only."""
	if doc.flags.written_by_app:
		return
	frappe.throw(_("The classification history is written by the app only."), frappe.PermissionError)


def refuse_standalone_row(doc, method: str | None = None) -> None:
	"""A row of a table (an interaction's requests) is saved with its record, whose checks it needs,
	never on its own through /api/resource."""
	frappe.throw(
		_("A row of {0} is saved with its record, never on its own.").format(_(doc.doctype)),
		frappe.PermissionError,
	)


class SavedWithItsRecord(Document):
	"""A child table's row, saved with its record (whose checks it needs), never on its own through
	/api/resource: Frappe runs a row's own hooks only when the row is saved or deleted alone."""

	def before_insert(self) -> None:
		refuse_standalone_row(self)

	def validate(self) -> None:
		refuse_standalone_row(self)

	def on_trash(self) -> None:
		if not frappe.flags.in_uninstall:
			refuse_standalone_row(self)
