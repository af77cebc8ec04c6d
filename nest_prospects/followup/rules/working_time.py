"""Working time: the clinic's working days, weekends, public holidays and closures.

The procedure counts its 48 hours in "heures ouvrées": hours counted on working days only. Every
hour of a working day counts, from midnight to midnight; weekends, public holidays and the
clinic's closures do not. 48 hours are two working days: a first contact on Thursday at 10:00
is 48 hours old on Monday at 10:00. Every datetime here is naive, in the site's local time,
like the datetimes Frappe stores.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import holidays

MONDAY_TO_FRIDAY = frozenset(range(5))

# No real calendar goes ten years without a working day: past this, it is a misconfiguration.
MAX_IDLE_DAYS = 3660


@dataclass(frozen=True)
class WorkingCalendar:
	"""When the clinic works: its working days, and the same opening hours on each of them.

	`working_days` are Python weekday numbers (Monday is 0). `closed_dates` are the days off
	that fall on working days: public holidays and the clinic's own closures. The delays count
	whole working days (`add_working_day_hours`): the opening hours do not shorten them.
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


def _check_naive(*moments: datetime) -> None:
	for moment in moments:
		if moment.tzinfo is not None:
			raise ValueError("working time uses naive datetimes in the site's local time")


def _working_day_span(day: date, cal: WorkingCalendar) -> tuple[datetime, datetime] | None:
	"""The whole of `day`, from its midnight to the next, if it is a working day."""
	if not is_working_day(day, cal):
		return None
	midnight = datetime.combine(day, time.min)
	return midnight, midnight + timedelta(days=1)


def add_working_day_hours(start: datetime, hours: float, cal: WorkingCalendar) -> datetime:
	"""The first instant at which `hours` hours of working days have elapsed since `start`.

	Every hour of a working day counts (24 a day); weekends, public holidays and closures do
	not, so a start on a day off counts from the next working day's midnight. Thursday 10:00
	+ 48 h is Monday 10:00 (Monday to Friday). A count that ends with a working day gives the
	midnight after it: Friday 22:00 + 2 h is Saturday 00:00, the end of Friday, not Monday.
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
		span = _working_day_span(day, cal)
		if span is not None:
			begin = max(span[0], start)
			available = span[1] - begin
			if remaining <= available:
				return begin + remaining
			remaining -= available
			idle_days = 0
		else:
			idle_days += 1
			if idle_days > MAX_IDLE_DAYS:
				raise ValueError(f"the calendar has no working day in the {MAX_IDLE_DAYS} days up to {day}")
		day += timedelta(days=1)


def working_day_hours_between(start: datetime, end: datetime, cal: WorkingCalendar) -> float:
	"""The hours of working days elapsed from `start` to `end`, 0 if `end` is not after `start`.

	The inverse of `add_working_day_hours`: every hour of a working day counts, none of a day off.
	"""
	_check_naive(start, end)
	if end <= start:
		return 0.0
	total = timedelta()
	day = start.date()
	while day <= end.date():
		span = _working_day_span(day, cal)
		if span is not None:
			begin, finish = max(span[0], start), min(span[1], end)
			if finish > begin:
				total += finish - begin
		day += timedelta(days=1)
	return total.total_seconds() / 3600


class WorkingHoursTable:
	"""`working_day_hours_between` for many instants: the calendar read once, each count in O(1).

	Built for the days `first_day` to `last_day`: the working time elapsed from `first_day`'s
	midnight to each day's midnight is summed once; the hours between two instants are then
	the difference of two lookups. A report of N prospects costs one pass over the days plus N
	lookups, instead of N walks over the calendar. Instants outside the days fall back to
	`working_day_hours_between`. The result is the same to the microsecond: both add the same
	timedeltas.
	"""

	def __init__(self, cal: WorkingCalendar, first_day: date, last_day: date) -> None:
		if isinstance(first_day, datetime):
			first_day = first_day.date()
		if isinstance(last_day, datetime):
			last_day = last_day.date()
		if last_day < first_day:
			last_day = first_day
		self.calendar = cal
		self.first_day = first_day
		self.last_day = last_day
		self._working: list[bool] = []
		self._before: list[timedelta] = []  # working time from first_day 00:00 to each day's 00:00
		elapsed = timedelta()
		day = first_day
		while day <= last_day:
			working = is_working_day(day, cal)
			self._working.append(working)
			self._before.append(elapsed)
			if working:
				elapsed += timedelta(days=1)
			day += timedelta(days=1)

	def covers(self, moment: datetime) -> bool:
		return self.first_day <= moment.date() <= self.last_day

	def _elapsed(self, moment: datetime) -> timedelta:
		index = (moment.date() - self.first_day).days
		elapsed = self._before[index]
		if self._working[index]:
			elapsed += moment - datetime.combine(moment.date(), time.min)
		return elapsed

	def hours_between(self, start: datetime, end: datetime) -> float:
		"""Same as `working_day_hours_between(start, end, calendar)`."""
		_check_naive(start, end)
		if end <= start:
			return 0.0
		if not (self.covers(start) and self.covers(end)):
			return working_day_hours_between(start, end, self.calendar)
		return (self._elapsed(end) - self._elapsed(start)).total_seconds() / 3600


def format_duration_fr(hours: float) -> str:
	"""A duration as people read it, in French: "2 j 3 h", "5 h 30 min", "45 min", "0 min".

	A day here is a 24-hour working day, as counted by `working_day_hours_between`. The duration
	is cut down, never rounded up, like a clock: 47 h 59 min is "1 j 23 h", not "2 j", and
	minutes are left out once there are days.
	"""
	if not math.isfinite(hours) or hours < 0:
		raise ValueError(f"a duration is a finite, non-negative number of hours, not {hours!r}")
	# To the second first, so that float noise (0.1 + 0.2) does not lose a minute.
	minutes = round(hours * 3600) // 60
	days, minutes = divmod(minutes, 24 * 60)
	whole_hours, minutes = divmod(minutes, 60)
	if days:
		return f"{days} j {whole_hours} h" if whole_hours else f"{days} j"
	if whole_hours:
		return f"{whole_hours} h {minutes} min" if minutes else f"{whole_hours} h"
	return f"{minutes} min"
