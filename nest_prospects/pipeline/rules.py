"""The pipeline's rules: a won or lost prospect's factors, and the weighted pipeline (pure).

Seed 003 (an accounting network's prospect module): a prospect has an optional stage with its
probability (Suspect 5 %, Qualifié 20 %, Évalué 50 %, En négociation 75 %, Gagné 99 %; an
editable list); marking it won or lost asks for one or more factors (editable lists of win and
loss reasons) and, for a loss, a written justification; a won prospect needs its patient.

What a status becomes is not decided here: a won prospect's status is the reconciliation's
(conversion_review.reconciliation.reconciled_status), a lost one is Abandoned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from nest_prospects.constants import ABANDONED, ACTIVE, ALREADY_PATIENT, CONVERTED, DUPLICATE
from nest_prospects.rules import FieldError

WON = "Won"
LOST = "Lost"
OUTCOMES = (WON, LOST)
# From which status a prospect may be marked won or lost.
MARKABLE_FROM = {
	WON: (ACTIVE, ABANDONED, CONVERTED, ALREADY_PATIENT),
	LOST: (ACTIVE, ABANDONED),
}
MAX_JUSTIFICATION_LENGTH = 2000

# Messages: English templates, translated by the Frappe layer; the first argument is the field.
NO_FACTOR = "Field {0}: choose at least one factor."
UNKNOWN_FACTOR = "Field {0}: {1} is not an active {2} reason."
NO_JUSTIFICATION = "Field {0}: write why the prospect is lost."
JUSTIFICATION_TOO_LONG = "Field {0}: the justification is longer than {1} characters."
NO_PATIENT = "Field {0}: a won prospect needs her patient record."
OTHER_PATIENT = "Field {0}: this prospect is already linked to the patient {1}."
NOT_FROM_STATUS = "Field {0}: a prospect with status {1} cannot be marked {2}."
# Said by the site side (pipeline.outcome), kept here with the others.
NO_SUCH_PATIENT = "Field {0}: there is no patient {1}."
PATIENT_DOES_NOT_MATCH = "Field {0}: the patient {1} matches this prospect neither on the phone nor on the names and date of birth."
PIPELINE_OFF = "The pipeline is turned off in the NEST Prospect Settings."
MESSAGES: tuple[str, ...] = (
	NO_SUCH_PATIENT,
	PATIENT_DOES_NOT_MATCH,
	PIPELINE_OFF,
	NO_FACTOR,
	UNKNOWN_FACTOR,
	NO_JUSTIFICATION,
	JUSTIFICATION_TOO_LONG,
	NO_PATIENT,
	OTHER_PATIENT,
	NOT_FROM_STATUS,
)


class OutcomeError(FieldError):
	"""A refused won/lost action: the field at fault, an English template and its arguments."""


@dataclass(frozen=True)
class OutcomeRequest:
	"""What the agent sends: the outcome, the factors, the justification, the patient."""

	outcome: str
	factors: tuple[str, ...]
	justification: str | None = None
	patient: str | None = None


@dataclass(frozen=True)
class CheckedOutcome:
	"""An accepted request: factors without repeats, in the order given; text stripped."""

	outcome: str
	factors: tuple[str, ...]
	justification: str | None
	patient: str | None


def factors_field(outcome: str) -> str:
	return "win_factors" if outcome == WON else "loss_factors"


def check_outcome(
	request: OutcomeRequest,
	status: str,
	active_reasons: Iterable[str],
	linked_patient: str | None,
) -> CheckedOutcome:
	"""Accept or refuse a won/lost action (OutcomeError names the field at fault).

	`active_reasons`: the active reasons of the request's outcome (win or loss reasons);
	`linked_patient`: the patient the prospect is already linked to, if any.
	"""
	if request.outcome not in OUTCOMES:
		raise ValueError(f"unknown outcome {request.outcome!r}")
	if status not in MARKABLE_FROM[request.outcome]:
		raise OutcomeError("status", NOT_FROM_STATUS, status, request.outcome)
	field = factors_field(request.outcome)
	factors = tuple(dict.fromkeys(f.strip() for f in request.factors if f and f.strip()))
	if not factors:
		raise OutcomeError(field, NO_FACTOR)
	allowed = set(active_reasons)
	for factor in factors:
		if factor not in allowed:
			raise OutcomeError(field, UNKNOWN_FACTOR, factor, request.outcome)
	justification = (request.justification or "").strip() or None
	if justification and len(justification) > MAX_JUSTIFICATION_LENGTH:
		raise OutcomeError("loss_justification", JUSTIFICATION_TOO_LONG, MAX_JUSTIFICATION_LENGTH)
	if request.outcome == LOST:
		if not justification:
			raise OutcomeError("loss_justification", NO_JUSTIFICATION)
		return CheckedOutcome(LOST, factors, justification, None)
	patient = (request.patient or "").strip() or linked_patient
	if not patient:
		raise OutcomeError("patient", NO_PATIENT)
	if linked_patient and patient != linked_patient:
		raise OutcomeError("patient", OTHER_PATIENT, linked_patient)
	return CheckedOutcome(WON, factors, justification, patient)


@dataclass(frozen=True)
class StageCount:
	"""One line of the SQL aggregate: a month, a stage, its prospects and their probabilities' sum."""

	month: str  # "YYYY-MM"
	stage: str
	probability: float
	prospects: int
	probability_sum: float


def weighted(probability_sum: float) -> float:
	"""Expected conversions of a group: the sum of its probabilities in %, as a number of prospects."""
	return round(probability_sum / 100.0, 2)


def pipeline_rows(counts: Iterable[StageCount], stage_order: Iterable[str]) -> list[dict]:
	"""The report's rows: per month (oldest first), each stage in the list's order, then the
	month's total (`is_total`): prospects, sum of probabilities, weighted prospects."""
	order = {stage: i for i, stage in enumerate(stage_order)}
	by_month: dict[str, list[StageCount]] = {}
	for count in counts:
		by_month.setdefault(count.month, []).append(count)
	rows: list[dict] = []
	for month in sorted(by_month):
		lines = sorted(by_month[month], key=lambda c: (order.get(c.stage, len(order)), c.stage))
		for line in lines:
			rows.append(
				{
					"month": month,
					"stage": line.stage,
					"probability": line.probability,
					"prospects": line.prospects,
					"probability_sum": line.probability_sum,
					"weighted": weighted(line.probability_sum),
				}
			)
		total = sum(line.probability_sum for line in lines)
		rows.append(
			{
				"month": month,
				"stage": None,
				"probability": None,
				"prospects": sum(line.prospects for line in lines),
				"probability_sum": total,
				"weighted": weighted(total),
				"is_total": 1,
			}
		)
	return rows


@dataclass(frozen=True)
class Stage:
	"""A stage of the editable list, as the won rule reads it."""

	name: str
	probability: float
	order: int = 0
	active: bool = True


def won_stage(stages: Iterable[Stage]) -> str | None:
	"""The stage a won prospect moves to: the active stage with the highest probability (Gagné,
	99 %, in the seeded list), the latest in the list's order on a tie; None when no stage is
	active. Picked by its place in the list, not by its name, which a manager may change."""
	active = [stage for stage in stages if stage.active]
	if not active:
		return None
	return max(active, key=lambda stage: (stage.probability, stage.order, stage.name)).name


def month_start(value: date | datetime | str | None) -> date | None:
	"""The expected conversion month, stored as its first day (a date of that month, or
	"YYYY-MM-DD" as a form sends it); None stays None."""
	if value in (None, ""):
		return None
	if isinstance(value, str):
		value = date.fromisoformat(value[:10])
	if isinstance(value, datetime):
		value = value.date()
	return value.replace(day=1)
