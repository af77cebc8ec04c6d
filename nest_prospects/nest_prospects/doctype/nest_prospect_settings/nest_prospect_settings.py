# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_time, getdate

from nest_prospects.ageing.rules import COLD, HOT, WARM, Thresholds
from nest_prospects.followup.rules.tasks import closed_days
from nest_prospects.followup.rules.working_time import WorkingCalendar, build_calendar, is_known_country
from nest_prospects.people.rules.phones import is_known_region

WEEKDAY_FIELDS = (
	"works_monday",
	"works_tuesday",
	"works_wednesday",
	"works_thursday",
	"works_friday",
	"works_saturday",
	"works_sunday",
)


class NESTProspectSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from nest_prospects.nest_prospects.doctype.nest_clinic_closure.nest_clinic_closure import (
			NESTClinicClosure,
		)
		from nest_prospects.nest_prospects.doctype.nest_documentation_kit_item.nest_documentation_kit_item import (
			NESTDocumentationKitItem,
		)

		account_manager_name: DF.Data | None
		anonymise_after_years: DF.Int
		answer_within_days: DF.Int
		clinic_address: DF.SmallText | None
		clinic_closures: DF.Table[NESTClinicClosure]
		clinic_phone: DF.Data | None
		closes_at: DF.Time
		cold_dormant_days: DF.Int
		cold_lost_days: DF.Int
		conversion_review_after_days: DF.Int
		default_phone_region: DF.Data
		documentation_kit: DF.Table[NESTDocumentationKitItem]
		facebook_url: DF.Data | None
		first_call_after_hours: DF.Int
		holiday_country: DF.Data | None
		hot_dormant_days: DF.Int
		hot_lost_days: DF.Int
		opens_at: DF.Time
		pool_user: DF.Link | None
		recall_after_days: DF.Int
		require_date_of_birth: DF.Check
		send_overdue_reminders: DF.Check
		task_catch_up_days: DF.Int
		warm_dormant_days: DF.Int
		warm_lost_days: DF.Int
		web_inquiries_per_hour: DF.Int
		web_inquiry_consent_text: DF.SmallText | None
		website_url: DF.Data | None
		works_friday: DF.Check
		works_monday: DF.Check
		works_saturday: DF.Check
		works_sunday: DF.Check
		works_thursday: DF.Check
		works_tuesday: DF.Check
		works_wednesday: DF.Check

	# end: auto-generated types
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
		self.validate_working_time()

	def validate_working_time(self) -> None:
		if not self.working_days():
			frappe.throw(_("Tick at least one working day."), title=_("Invalid working time"))
		if get_time(self.opens_at) >= get_time(self.closes_at):
			frappe.throw(_("The clinic must open before it closes."), title=_("Invalid working time"))
		self.holiday_country = (self.holiday_country or "").strip().upper() or None
		if self.holiday_country and not is_known_country(self.holiday_country):
			frappe.throw(
				_("{0} is not a country code whose public holidays are known (e.g. SN).").format(
					frappe.bold(self.holiday_country)
				),
				title=_("Invalid working time"),
			)
		for row in self.clinic_closures:
			if row.to_date and getdate(row.to_date) < getdate(row.from_date):
				frappe.throw(
					_("Clinic closures, row {0}: the closure cannot end before it starts.").format(row.idx),
					title=_("Invalid working time"),
				)

	def working_days(self) -> list[int]:
		"""Python weekday numbers (Monday is 0) of the ticked days."""
		return [day for day, fieldname in enumerate(WEEKDAY_FIELDS) if self.get(fieldname)]

	def working_calendar(self, around: datetime | Iterable[int]) -> WorkingCalendar:
		"""The clinic's calendar for the years around a date (the year before and after too)."""
		if isinstance(around, datetime):
			years = range(around.year - 1, around.year + 2)
		else:
			years = list(around)
		closures = closed_days(
			(getdate(row.from_date), getdate(row.to_date) if row.to_date else None)
			for row in self.clinic_closures
		)
		return build_calendar(
			working_days=self.working_days(),
			opens_at=_as_time(self.opens_at, time(8, 0)),
			closes_at=_as_time(self.closes_at, time(18, 0)),
			country=self.holiday_country,
			years=years,
			clinic_closures=closures,
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


def _as_time(value, default: time) -> time:
	if not value:
		return default
	moment = get_time(value)
	return moment.replace(microsecond=0, tzinfo=None)


def get_settings() -> NESTProspectSettings:
	return frappe.get_cached_doc("NEST Prospect Settings")
