# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from nest_prospects.rules.ageing import COLD, HOT, WARM, Thresholds
from nest_prospects.rules.phones import is_known_region


class NESTProspectSettings(Document):
	def validate(self) -> None:
		for temperature, dormant, lost in self._threshold_fields():
			if self.get(dormant) < 1 or self.get(lost) <= self.get(dormant):
				frappe.throw(
					_("{0}: a prospect must become dormant after at least one day, and lost later.").format(
						_(temperature)
					),
					title=_("Invalid ageing thresholds"),
				)
		self.default_phone_region = (self.default_phone_region or "").strip().upper()
		if not is_known_region(self.default_phone_region):
			frappe.throw(
				_("{0} is not a country code known for phone numbers (e.g. SN, FR).").format(
					frappe.bold(self.default_phone_region)
				)
			)

	@staticmethod
	def _threshold_fields() -> list[tuple[str, str, str]]:
		return [
			(HOT, "hot_dormant_days", "hot_lost_days"),
			(WARM, "warm_dormant_days", "warm_lost_days"),
			(COLD, "cold_dormant_days", "cold_lost_days"),
		]

	def ageing_thresholds(self) -> dict[str, Thresholds]:
		return {
			temperature: Thresholds(dormant_after=self.get(dormant), lost_after=self.get(lost))
			for temperature, dormant, lost in self._threshold_fields()
		}


def get_settings() -> NESTProspectSettings:
	return frappe.get_cached_doc("NEST Prospect Settings")
