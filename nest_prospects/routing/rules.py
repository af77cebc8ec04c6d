"""Routing a request to a specialist, and the specialists' scorecard (pure).

Seed 004 (an insurance brokerage's routing of client requests), adapted to the clinic: some
requests need a specialist (a midwife, a gynaecologist's secretary, the fertility programme's
coordinator). The request goes to the prospect's own specialist while she is active and takes
such requests; otherwise to an eligible member of the competence table (active, accepting new
requests now, competent for the request type at the request's site), the one with the fewest
open referrals. The specialist gives her feedback within 7 days: on time is a bonus, late or
never a malus.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

FEEDBACK_WITHIN_DAYS = 7
# The referral's statuses (its doctype's stored values): Open until the specialist's feedback,
# then Answered; Cancelled when a manager withdraws it. A referral is never deleted.
OPEN = "Open"
ANSWERED = "Answered"
CANCELLED = "Cancelled"
STATUSES = (OPEN, ANSWERED, CANCELLED)
# How the specialist was chosen (stored, shown translated).
OWN_SPECIALIST = "Own Specialist"
COMPETENCE_TABLE = "Competence Table"
CHOSEN_BY = (OWN_SPECIALIST, COMPETENCE_TABLE)
# A referral's standing on the scorecard.
ON_TIME = "On Time"
LATE = "Late"
NEVER = "Never"
PENDING = "Pending"
STANDINGS = (ON_TIME, LATE, NEVER, PENDING)
BONUS_POINTS = 1
MALUS_POINTS = 1

# Messages: English templates, translated by the Frappe layer; the first argument is the field.
NO_ELIGIBLE = "Field {0}: no specialist takes {1} requests at the site {2} now. Add one to the competence table, or mark one as accepting new requests."
NOT_NEEDED = "Field {0}: the request type {1} does not need a specialist."
ROUTING_OFF = "Routing to specialists is turned off in the NEST Prospect Settings."
FEEDBACK_REQUIRED = "Field {0}: write the actions taken (call made on…, appointment booked…)."
NOT_OPEN = "Field {0}: this referral is {1}; its feedback cannot be recorded again."
NOT_THE_SPECIALIST = "Only the specialist of this referral or a manager records its feedback."
ANY_SITE = "any site"
MESSAGES: tuple[str, ...] = (
	NO_ELIGIBLE,
	NOT_NEEDED,
	ROUTING_OFF,
	FEEDBACK_REQUIRED,
	NOT_OPEN,
	NOT_THE_SPECIALIST,
	ANY_SITE,
)


class RoutingError(ValueError):
	"""A refused routing or feedback: the field at fault, an English template and its arguments."""

	def __init__(self, field: str, template: str, *args) -> None:
		super().__init__(template.format(field, *args))
		self.field = field
		self.template = template
		self.arguments = args


@dataclass(frozen=True)
class Competence:
	"""One row of the competence table: a request type, at one site (None: every site)."""

	request_type: str
	site: str | None = None


@dataclass(frozen=True)
class Specialist:
	"""A staff member as routing sees her: active, accepting new requests, her competences, and
	the referrals she has open now."""

	user: str
	active: bool
	accepts_new_requests: bool
	competences: tuple[Competence, ...] = ()
	open_referrals: int = 0


def is_competent(specialist: Specialist, request_type: str, site: str | None) -> bool:
	"""A row for the request type at that site, or at every site (an empty site). A request
	whose site is unknown is taken only by a specialist of every site."""
	return any(
		row.request_type == request_type and (not row.site or row.site == site)
		for row in specialist.competences
	)


def is_eligible(specialist: Specialist, request_type: str, site: str | None) -> bool:
	"""Active, accepting new requests now, and competent for the request type at the site."""
	return (
		specialist.active and specialist.accepts_new_requests and is_competent(specialist, request_type, site)
	)


@dataclass(frozen=True)
class Choice:
	user: str
	chosen_by: str


def choose_specialist(
	specialists: Iterable[Specialist],
	request_type: str,
	site: str | None,
	own_specialist: str | None = None,
) -> Choice | None:
	"""Who takes the request: the prospect's own specialist if she is active and eligible, else
	the eligible one with the fewest open referrals (ties: the user id, so the choice is stable).
	None when nobody is eligible."""
	candidates = [s for s in specialists if is_eligible(s, request_type, site)]
	if own_specialist:
		for specialist in candidates:
			if specialist.user == own_specialist:
				return Choice(specialist.user, OWN_SPECIALIST)
	if not candidates:
		return None
	best = min(candidates, key=lambda s: (s.open_referrals, s.user))
	return Choice(best.user, COMPETENCE_TABLE)


def feedback_due(routed_on: datetime, within_days: int = FEEDBACK_WITHIN_DAYS) -> date:
	"""The last day of the feedback: the 7th calendar day after the routing ("sous 7 jours")."""
	return (routed_on + timedelta(days=within_days)).date()


def check_feedback(status: str, feedback: str | None) -> str:
	"""The feedback text as recorded (stripped), or a RoutingError naming the field."""
	if status != OPEN:
		raise RoutingError("status", NOT_OPEN, status)
	text = (feedback or "").strip()
	if not text:
		raise RoutingError("feedback", FEEDBACK_REQUIRED)
	return text


def standing(status: str, due_on: date, feedback_on: date | None, today: date) -> str | None:
	"""Where a referral stands on the scorecard: On Time (feedback by its due day), Late
	(feedback after it), Never (still open after it), Pending (open, not due yet); None for a
	cancelled one, which does not count."""
	if status == CANCELLED:
		return None
	if feedback_on is not None:
		return ON_TIME if feedback_on <= due_on else LATE
	return NEVER if today > due_on else PENDING


def is_overdue(status: str, due_on: date, today: date) -> bool:
	"""An open referral past its due day: its specialist is reminded."""
	return status == OPEN and today > due_on


@dataclass
class Score:
	"""One specialist's month: the referrals routed to her, by standing, and her points."""

	routed: int = 0
	on_time: int = 0
	late: int = 0
	never: int = 0
	pending: int = 0

	@property
	def bonus(self) -> int:
		return self.on_time * BONUS_POINTS

	@property
	def malus(self) -> int:
		"""Late and never both count: the rule is the feedback within 7 days."""
		return (self.late + self.never) * MALUS_POINTS

	@property
	def balance(self) -> int:
		return self.bonus - self.malus

	@property
	def on_time_rate(self) -> float | None:
		"""The share answered on time among those whose time is up (pending ones left out)."""
		settled = self.on_time + self.late + self.never
		return round(100.0 * self.on_time / settled, 1) if settled else None

	def add(self, standing_: str | None) -> None:
		if standing_ is None:
			return
		self.routed += 1
		if standing_ == ON_TIME:
			self.on_time += 1
		elif standing_ == LATE:
			self.late += 1
		elif standing_ == NEVER:
			self.never += 1
		else:
			self.pending += 1


def total(scores: Iterable[Score]) -> Score:
	"""The sum of scores (the report's total row)."""
	result = Score()
	for score in scores:
		result.routed += score.routed
		result.on_time += score.on_time
		result.late += score.late
		result.never += score.never
		result.pending += score.pending
	return result


def scorecard(
	referrals: Iterable[tuple[str, str, str, date, date | None]], today: date
) -> dict[tuple[str, str], Score]:
	"""(specialist, month "YYYY-MM" of the routing, status, due_on, feedback_on) rows → a Score
	per specialist and month."""
	scores: dict[tuple[str, str], Score] = {}
	for specialist, month, status, due_on, feedback_on in referrals:
		value = standing(status, due_on, feedback_on, today)
		if value is None:
			continue
		scores.setdefault((specialist, month), Score()).add(value)
	return scores
