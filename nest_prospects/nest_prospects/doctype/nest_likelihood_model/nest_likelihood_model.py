# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

"""The likelihood model of the site: the floor the managers set, the tables the daily job writes
(nest_prospects.likelihood.jobs). The tables are at a permission level no role writes."""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.model.document import Document

from nest_prospects.likelihood.rules import DEFAULT_FLOOR, FrequencyTables

MODEL = "NEST Likelihood Model"


class NESTLikelihoodModel(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		converted: DF.Int
		frequency_tables: DF.Code | None
		minimum_reviewed: DF.Int
		reviewed: DF.Int
		scored: DF.Int
		tables_changed_on: DF.Datetime | None
	# end: auto-generated types

	def validate(self) -> None:
		if self.minimum_reviewed in (None, ""):
			self.minimum_reviewed = DEFAULT_FLOOR
		if int(self.minimum_reviewed) < 1:
			frappe.throw(
				_("{0} must be at least 1.").format(_(self.meta.get_label("minimum_reviewed"))),
				title=_("Invalid value"),
			)


def floor() -> int:
	value = frappe.db.get_single_value(MODEL, "minimum_reviewed")
	return int(value) if value else DEFAULT_FLOOR


def stored_tables() -> FrequencyTables | None:
	text = frappe.db.get_single_value(MODEL, "frequency_tables")
	return FrequencyTables.from_dict(json.loads(text)) if text else None
