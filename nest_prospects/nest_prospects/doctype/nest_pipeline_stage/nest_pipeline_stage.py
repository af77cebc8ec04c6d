# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document


class NESTPipelineStage(Document):
	"""A stage of the pipeline and its probability (an editable list, seeded by pipeline.setup)."""

	def validate(self) -> None:
		if not 0 <= (self.probability or 0) <= 100:
			frappe.throw(_("Field {0}: the probability is between 0 and 100 %.").format("probability"))
