"""Working time: the clinic's opening hours, weekends, public holidays and closures.

The procedure counts its 48 hours in working hours ("48 heures ouvrées"): a question asked on
Friday evening is not 48 hours old on Sunday evening. Every datetime here is naive, in the
site's local time, like the datetimes Frappe stores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import holidays

MONDAY_TO_FRIDAY = frozenset(range(5))

# No real calendar goes ten years without a working day: past this, it is a misconfiguration.
MAX_IDLE_DAYS = 3660


@dataclass(frozen=True)
class WorkingCalendar:
	"""When the clinic works: the same opening hours on every working day.

	`working_days` are Python weekday numbers (Monday is 0). `closed_dates` are the days off
	that fall on working days: public holidays and the clinic's own closures.
	"""

	working_days: frozenset[int] = MONDAY_TO_FRIDAY
	opens_at: time = time(8, 0)
	closes_at: time = time(18, 0)
	closed_dates: frozenset[date] = field(default_factory=frozenset)

	def __post_init__(self) -> None:
		# Accept any iterable (a list from a settings form) but keep the instance hashable.
		object.__setattr__(self, "working_days", frozenset(self.working_days))
		object.__setattr__(
			self,
			"closed_dates",
			frozenset(d.date() if isinstance(d, datetime) else d for d in self.closed_dates),
		)
		if not self.working_days:
			raise ValueError("a working calendar needs at least one working day")
		if not all(isinstance(day, int) and 0 <= day <= 6 for day in self.working_days):
			raise ValueError("working days are weekday numbers from 0 (Monday) to 6 (Sunday)")
		if self.opens_at.tzinfo is not None or self.closes_at.tzinfo is not None:
			raise ValueError("opening hours are local times, without a time zone")
		if self.opens_at >= self.closes_at:
			raise ValueError(f"the clinic must open before it closes ({self.opens_at} >= {self.closes_at})")

	@property
	def hours_per_day(self) -> float:
		"""Working hours in one full working day."""
		return _span(self.opens_at, self.closes_at).total_seconds() / 3600


def _span(start: time, end: time) -> timedelta:
	return datetime.combine(date.min, end) - datetime.combine(date.min, start)


def is_known_country(code: str | None) -> bool:
	"""Whether the `holidays` library knows the public holidays of this country code."""
	return bool(code) and code.upper() in holidays.list_supported_countries()


def public_holidays(country: str, years: Iterable[int], language: str | None = None) -> dict[date, str]:
	"""The public holidays of `country` (ISO code, e.g. "SN") in `years`, by date.

	For Senegal the library includes the Islamic holidays (estimated dates, as they depend on
	the moon) and the Grand Magal of Touba. Check and adjust them in the clinic closures.
	"""
	if not is_known_country(country):
		raise ValueError(
			f"Unknown country code {country!r} for public holidays: use an ISO 3166 code such as 'SN'"
		)
	wanted = sorted(set(years))
	if not wanted:
		return {}
	calendar = holidays.country_holidays(country.upper(), years=wanted, language=language)
	# A plain dict: a HolidayBase silently adds years when it is queried outside them.
	return dict(sorted(calendar.items()))


def build_calendar(
	working_days: Iterable[int] = MONDAY_TO_FRIDAY,
	opens_at: time = time(8, 0),
	closes_at: time = time(18, 0),
	country: str | None = None,
	years: Iterable[int] = (),
	clinic_closures: Iterable[date] = (),
) -> WorkingCalendar:
	"""A calendar closed on the public holidays of `country` in `years` and on `clinic_closures`."""
	closed = set(clinic_closures)
	if country:
		closed.update(public_holidays(country, years))
	return WorkingCalendar(
		working_days=frozenset(working_days),
		opens_at=opens_at,
		closes_at=closes_at,
		closed_dates=frozenset(closed),
	)


def is_working_day(day: date, cal: WorkingCalendar) -> bool:
	if isinstance(day, datetime):
		day = day.date()
	return day.weekday() in cal.working_days and day not in cal.closed_dates


def is_working_time(moment: datetime, cal: WorkingCalendar) -> bool:
	"""Whether the clinic is open at `moment`: opening time included, closing time excluded."""
	_check_naive(moment)
	return is_working_day(moment.date(), cal) and cal.opens_at <= moment.time() < cal.closes_at


def _check_naive(*moments: datetime) -> None:
	for moment in moments:
		if moment.tzinfo is not None:
			raise ValueError("working time uses naive datetimes in the site's local time")


def _open_interval(day: date, cal: WorkingCalendar) -> tuple[datetime, datetime] | None:
	if not is_working_day(day, cal):
		return None
	return datetime.combine(day, cal.opens_at), datetime.combine(day, cal.closes_at)


def add_working_hours(start: datetime, hours: float, cal: WorkingCalendar) -> datetime:
	"""The first instant at which `hours` working hours have elapsed since `start`.

	Time outside opening hours does not count, so a start in the evening, on a weekend or on
	a closed day counts from the next opening. The result is always within opening hours or
	exactly at a closing time (Friday 16:00 + 2 h is Friday 18:00, not Monday 08:00).
	Zero hours gives `start` itself.
	"""
	_check_naive(start)
	if hours < 0:
		raise ValueError("cannot add a negative number of working hours")
	remaining = timedelta(hours=hours)
	if not remaining:
		return start
	day = start.date()
	idle_days = 0
	while True:
		interval = _open_interval(day, cal)
		if interval is not None and interval[1] > start:
			begin = max(interval[0], start)
			available = interval[1] - begin
			if remaining <= available:
				return begin + remaining
			remaining -= available
			idle_days = 0
		else:
			idle_days += 1
			if idle_days > MAX_IDLE_DAYS:
				raise ValueError(f"the calendar has no working day in the {MAX_IDLE_DAYS} days up to {day}")
		day += timedelta(days=1)


def working_hours_between(start: datetime, end: datetime, cal: WorkingCalendar) -> float:
	"""The working hours elapsed from `start` to `end`, 0 if `end` is not after `start`."""
	_check_naive(start, end)
	if end <= start:
		return 0.0
	total = timedelta()
	day = start.date()
	while day <= end.date():
		interval = _open_interval(day, cal)
		if interval is not None:
			begin, finish = max(interval[0], start), min(interval[1], end)
			if finish > begin:
				total += finish - begin
		day += timedelta(days=1)
	return total.total_seconds() / 3600
