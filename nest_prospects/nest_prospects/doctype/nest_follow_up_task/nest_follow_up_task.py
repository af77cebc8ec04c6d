# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from nest_prospects.constants import PROSPECT
from nest_prospects.followup.next_task import refresh_next_tasks
from nest_prospects.followup.rules.tasks import AUTOMATIC_TASK, PLANNED_TASK


class NESTFollowupTask(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		action_type: DF.Literal[
			"",
			"First contact",
			"Request",
			"Quote request",
			"Template mail",
			"Messaging",
			"Proposal",
			"Chase-up",
			"Appointment",
			"Answer questions",
			"Failure",
			"Other",
		]
		assigned_to: DF.Link | None
		due_on: DF.Datetime | None
		interaction: DF.Link | None
		reason: DF.Literal[
			"Call to book",
			"Qualification call",
			"Documentation mail",
			"Requalified call",
			"7-day recall",
			"Planned task",
		]
		recorded_done: DF.Check
		reference_name: DF.DynamicLink
		reference_type: DF.Link
		reminder_sent_on: DF.Datetime | None
		task_key: DF.Data
		todo: DF.Link | None

	# end: auto-generated types
	def on_trash(self) -> None:
		"""Only a planned task is deleted (by a manager: the delete permission is theirs): an
		automatic task's key keeps the job from creating it again."""
		if self.reason != PLANNED_TASK:
			frappe.throw(_(AUTOMATIC_TASK), frappe.ValidationError)

	def after_delete(self) -> None:
		"""Its ToDo goes with it; ToDo's own on_trash updates the prospect's `_assign`."""
		if self.todo and frappe.db.exists("ToDo", self.todo):
			frappe.delete_doc("ToDo", self.todo, ignore_permissions=True, force=True)
		if self.reference_type == PROSPECT:
			refresh_next_tasks([self.reference_name])
