"""Routing's rules without Frappe: eligibility, the choice, the 7-day deadline, the scorecard."""

from __future__ import annotations

import unittest
from datetime import date, datetime

from nest_prospects.routing.rules import (
	ANSWERED,
	CANCELLED,
	COMPETENCE_TABLE,
	FEEDBACK_REQUIRED,
	LATE,
	NEVER,
	NOT_OPEN,
	ON_TIME,
	OPEN,
	OWN_SPECIALIST,
	PENDING,
	Competence,
	RoutingError,
	Score,
	Specialist,
	check_feedback,
	choose_specialist,
	feedback_due,
	is_eligible,
	is_overdue,
	scorecard,
	standing,
	total,
)

FERTILITY = "FERTILITÉ"
QUOTE = "DEVIS ACCOUCHEMENT"
ALMADIES = "Almadies"
PLATEAU = "Plateau"


def specialist(user: str, *competences: Competence, active=True, accepts=True, open_referrals=0):
	return Specialist(user, active, accepts, tuple(competences), open_referrals)


class TestEligibility(unittest.TestCase):
	def test_a_specialist_of_the_type_at_the_site_is_eligible(self) -> None:
		sage_femme = specialist("awa@nest.test", Competence(FERTILITY, ALMADIES))
		self.assertTrue(is_eligible(sage_femme, FERTILITY, ALMADIES))

	def test_each_condition_refuses_on_its_own(self) -> None:
		cases = {
			"inactive": (specialist("a", Competence(FERTILITY), active=False), FERTILITY, ALMADIES),
			"not accepting": (specialist("a", Competence(FERTILITY), accepts=False), FERTILITY, ALMADIES),
			"other type": (specialist("a", Competence(QUOTE)), FERTILITY, ALMADIES),
			"other site": (specialist("a", Competence(FERTILITY, PLATEAU)), FERTILITY, ALMADIES),
			"no competence": (specialist("a"), FERTILITY, ALMADIES),
		}
		for name, (who, request_type, site) in cases.items():
			with self.subTest(name):
				self.assertFalse(is_eligible(who, request_type, site))

	def test_an_empty_site_means_every_site(self) -> None:
		everywhere = specialist("a", Competence(FERTILITY, None))
		self.assertTrue(is_eligible(everywhere, FERTILITY, ALMADIES))
		self.assertTrue(is_eligible(everywhere, FERTILITY, PLATEAU))
		self.assertTrue(is_eligible(everywhere, FERTILITY, None))

	def test_a_request_of_no_known_site_needs_a_specialist_of_every_site(self) -> None:
		self.assertFalse(is_eligible(specialist("a", Competence(FERTILITY, ALMADIES)), FERTILITY, None))


class TestChoice(unittest.TestCase):
	def test_the_own_specialist_first_when_eligible_even_with_more_open_referrals(self) -> None:
		own = specialist("own", Competence(FERTILITY), open_referrals=9)
		other = specialist("other", Competence(FERTILITY), open_referrals=0)
		choice = choose_specialist([other, own], FERTILITY, ALMADIES, own_specialist="own")
		self.assertEqual((choice.user, choice.chosen_by), ("own", OWN_SPECIALIST))

	def test_an_own_specialist_who_left_or_stopped_is_replaced_from_the_table(self) -> None:
		other = specialist("other", Competence(FERTILITY))
		for own in (
			specialist("own", Competence(FERTILITY), active=False),
			specialist("own", Competence(FERTILITY), accepts=False),
			specialist("own", Competence(QUOTE)),
		):
			with self.subTest(own=own):
				choice = choose_specialist([own, other], FERTILITY, ALMADIES, own_specialist="own")
				self.assertEqual((choice.user, choice.chosen_by), ("other", COMPETENCE_TABLE))

	def test_an_own_specialist_missing_from_the_table_is_replaced(self) -> None:
		other = specialist("other", Competence(FERTILITY))
		choice = choose_specialist([other], FERTILITY, ALMADIES, own_specialist="gone")
		self.assertEqual(choice.user, "other")

	def test_the_fewest_open_referrals_then_the_user_id(self) -> None:
		team = [
			specialist("c", Competence(FERTILITY), open_referrals=1),
			specialist("b", Competence(FERTILITY), open_referrals=2),
			specialist("a", Competence(FERTILITY), open_referrals=1),
			specialist("z", Competence(QUOTE), open_referrals=0),
		]
		self.assertEqual(choose_specialist(team, FERTILITY, ALMADIES).user, "a")
		self.assertEqual(choose_specialist(list(reversed(team)), FERTILITY, ALMADIES).user, "a")

	def test_nobody_eligible_gives_none(self) -> None:
		team = [specialist("a", Competence(FERTILITY, PLATEAU)), specialist("b", Competence(QUOTE))]
		self.assertIsNone(choose_specialist(team, FERTILITY, ALMADIES, own_specialist="b"))
		self.assertIsNone(choose_specialist([], FERTILITY, ALMADIES))


class TestDeadline(unittest.TestCase):
	def test_the_feedback_is_due_the_seventh_day(self) -> None:
		self.assertEqual(feedback_due(datetime(2026, 12, 1, 23, 59)), date(2026, 12, 8))
		self.assertEqual(feedback_due(datetime(2026, 12, 28, 8, 0)), date(2027, 1, 4))

	def test_overdue_the_day_after_the_due_day_and_only_while_open(self) -> None:
		due = date(2026, 12, 8)
		self.assertFalse(is_overdue(OPEN, due, date(2026, 12, 8)))
		self.assertTrue(is_overdue(OPEN, due, date(2026, 12, 9)))
		self.assertFalse(is_overdue(ANSWERED, due, date(2026, 12, 20)))
		self.assertFalse(is_overdue(CANCELLED, due, date(2026, 12, 20)))


class TestFeedback(unittest.TestCase):
	def test_the_feedback_is_stripped(self) -> None:
		self.assertEqual(
			check_feedback(OPEN, "  Appel effectué le 3/12, RDV posé le 10/12 "),
			"Appel effectué le 3/12, RDV posé le 10/12",
		)

	def test_an_empty_feedback_is_refused_naming_the_field(self) -> None:
		for text in (None, "", "   "):
			with self.subTest(text=text), self.assertRaises(RoutingError) as caught:
				check_feedback(OPEN, text)
			self.assertEqual(
				(caught.exception.field, caught.exception.template), ("feedback", FEEDBACK_REQUIRED)
			)

	def test_a_referral_answered_or_cancelled_takes_no_feedback(self) -> None:
		for status in (ANSWERED, CANCELLED):
			with self.subTest(status=status), self.assertRaises(RoutingError) as caught:
				check_feedback(status, "RDV posé")
			self.assertEqual(caught.exception.template, NOT_OPEN)


class TestScorecard(unittest.TestCase):
	due = date(2026, 12, 8)

	def test_standing(self) -> None:
		today = date(2026, 12, 20)
		self.assertEqual(standing(ANSWERED, self.due, date(2026, 12, 8), today), ON_TIME)
		self.assertEqual(standing(ANSWERED, self.due, date(2026, 12, 9), today), LATE)
		self.assertEqual(standing(OPEN, self.due, None, today), NEVER)
		self.assertEqual(standing(OPEN, self.due, None, date(2026, 12, 8)), PENDING)
		self.assertIsNone(standing(CANCELLED, self.due, None, today))

	def test_bonus_malus_and_rate(self) -> None:
		score = Score()
		for value in (ON_TIME, ON_TIME, ON_TIME, LATE, NEVER, PENDING, None):
			score.add(value)
		self.assertEqual(
			(score.routed, score.on_time, score.late, score.never, score.pending), (6, 3, 1, 1, 1)
		)
		self.assertEqual((score.bonus, score.malus, score.balance), (3, 2, 1))
		self.assertEqual(score.on_time_rate, 60.0)
		self.assertIsNone(Score().on_time_rate)

	def test_per_specialist_and_month(self) -> None:
		rows = [
			("awa", "2026-11", ANSWERED, date(2026, 11, 10), date(2026, 11, 9)),
			("awa", "2026-11", OPEN, date(2026, 11, 20), None),
			("awa", "2026-12", ANSWERED, self.due, date(2026, 12, 15)),
			("awa", "2026-12", CANCELLED, self.due, None),
			("binta", "2026-12", OPEN, date(2026, 12, 30), None),
		]
		scores = scorecard(rows, today=date(2026, 12, 20))
		self.assertEqual(sorted(scores), [("awa", "2026-11"), ("awa", "2026-12"), ("binta", "2026-12")])
		november = scores[("awa", "2026-11")]
		self.assertEqual(
			(november.routed, november.on_time, november.never, november.bonus, november.malus),
			(2, 1, 1, 1, 1),
		)
		december = scores[("awa", "2026-12")]
		self.assertEqual((december.routed, december.late, december.malus), (1, 1, 1))
		self.assertEqual(scores[("binta", "2026-12")].pending, 1)

	def test_the_total_adds_the_months(self) -> None:
		rows = [
			("awa", "2026-11", ANSWERED, date(2026, 11, 10), date(2026, 11, 9)),
			("binta", "2026-12", OPEN, date(2026, 12, 10), None),
			("binta", "2026-12", ANSWERED, date(2026, 12, 10), date(2026, 12, 12)),
		]
		overall = total(scorecard(rows, today=date(2026, 12, 20)).values())
		self.assertEqual((overall.routed, overall.on_time, overall.late, overall.never), (3, 1, 1, 1))
		self.assertEqual((overall.bonus, overall.malus, overall.balance), (1, 2, -1))
