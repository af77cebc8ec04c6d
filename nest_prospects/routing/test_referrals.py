"""Routing in a site: the choice of the specialist, the referral and its mail, the refusals, the
feedback, the reminder job and the scorecard report."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, now_datetime

from nest_prospects.constants import SETTINGS
from nest_prospects.nest_prospects.report.nest_referral_scorecard.nest_referral_scorecard import execute
from nest_prospects.routing import setup
from nest_prospects.routing.jobs import send_feedback_reminders
from nest_prospects.routing.referrals import REFERRAL, REFERRAL_TEMPLATE
from nest_prospects.tests.factories import (
	AGENT,
	MANAGER,
	ensure_outgoing_email_account,
	ensure_users,
	make_prospect,
)
from nest_prospects.tests.test_languages import last_mail_to, reading_in

FERTILITY = "FERTILITÉ"
QUOTE = "DEVIS ACCOUCHEMENT"
ALMADIES = "Routage Almadies"
PLATEAU = "Routage Plateau"
# Three specialists: a midwife of Almadies, the fertility coordinator of every site, one of Plateau.
MIDWIFE = "nest.routing.sagefemme@example.com"
COORDINATOR = "nest.routing.coordinatrice@example.com"
PLATEAU_ONE = "nest.routing.plateau@example.com"
SENTENCE = (
	"Merci de nous faire un retour sous 7 jours avec les actions émises (appel effectué le…, RDV posé…)."
)


def make_user(email: str, first_name: str, language: str | None = None) -> None:
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": first_name, "send_welcome_email": 0}
		).insert(ignore_permissions=True)
		user.add_roles("NEST Agent")
	frappe.db.set_value("User", email, "language", language)


def make_member(user: str, competences: list[tuple[str, str | None]], **values) -> None:
	if frappe.db.exists("NEST Staff Member", user):
		frappe.delete_doc("NEST Staff Member", user, force=True, ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "NEST Staff Member",
			"user": user,
			"service": "Midwifery",
			"active": 1,
			"accepts_new_requests": 1,
			"competences": [{"request_type": code, "clinic_site": site} for code, site in competences],
			**values,
		}
	).insert(ignore_permissions=True)


def open_referrals(prospect: str) -> list[frappe._dict]:
	return frappe.get_all(
		REFERRAL,
		filters={"prospect": prospect},
		fields=[
			"name",
			"specialist",
			"chosen_by",
			"status",
			"routed_on",
			"due_on",
			"request_type",
			"interaction",
		],
		order_by="creation",
	)


class RoutingTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_users()
		ensure_outgoing_email_account()
		setup.install()
		frappe.db.set_single_value(SETTINGS, {"enable_routing": 1, "feedback_within_days": 7})
		frappe.db.set_single_value(SETTINGS, "referral_copy_to", None)
		for site in (ALMADIES, PLATEAU):
			if not frappe.db.exists("NEST Clinic Site", site):
				frappe.get_doc({"doctype": "NEST Clinic Site", "site_name": site, "active": 1}).insert(
					ignore_permissions=True
				)
		frappe.db.set_value("NEST Request Type", FERTILITY, "needs_specialist", 1)
		frappe.db.set_value("NEST Request Type", QUOTE, "needs_specialist", 0)
		make_user(MIDWIFE, "Sage-femme", "fr")
		make_user(COORDINATOR, "Coordinatrice", "en")
		make_user(PLATEAU_ONE, "Plateau")
		# Only this test's staff take fertility requests.
		frappe.db.sql("delete from `tabNEST Staff Competence` where request_type = %s", FERTILITY)
		make_member(MIDWIFE, [(FERTILITY, ALMADIES)])
		make_member(COORDINATOR, [(FERTILITY, None)])
		make_member(PLATEAU_ONE, [(FERTILITY, PLATEAU)])

	def setUp(self):
		"""Each test starts with every specialist available and no open referral (the class's
		transaction is rolled back at its end, not after each test)."""
		frappe.db.set_single_value(SETTINGS, "enable_routing", 1)
		frappe.db.sql(
			"update `tabNEST Staff Member` set active = 1, accepts_new_requests = 1 where name in %s",
			[(MIDWIFE, COORDINATOR, PLATEAU_ONE)],
		)
		frappe.db.sql(f"update `tab{REFERRAL}` set status = 'Cancelled' where status = 'Open'")
		frappe.set_user(AGENT)

	def tearDown(self):
		frappe.set_user("Administrator")

	def route(self, prospect, site=ALMADIES, request_type=FERTILITY) -> str:
		return prospect.route_to_specialist(request_type=request_type, clinic_site=site)["referral"]


class TestChoice(RoutingTestCase):
	def test_the_prospects_own_specialist_first_with_the_standard_mail(self):
		prospect = make_prospect(last_name="Routage", own_specialist=PLATEAU_ONE)
		# Plateau's specialist is not competent at Almadies: the table decides.
		name = self.route(prospect)
		referral = frappe.get_doc(REFERRAL, name)
		self.assertEqual(referral.chosen_by, "Competence Table")
		frappe.db.set_value("NEST Prospect", prospect.name, "own_specialist", MIDWIFE)
		name = self.route(frappe.get_doc("NEST Prospect", prospect.name))
		referral = frappe.get_doc(REFERRAL, name)
		self.assertEqual((referral.specialist, referral.chosen_by), (MIDWIFE, "Own Specialist"))
		self.assertEqual(referral.status, "Open")
		self.assertEqual(getdate(referral.due_on), getdate(add_days(referral.routed_on, 7)))
		self.assertEqual(referral.routed_by, AGENT)
		mail = frappe.get_all(
			"Communication",
			filters={"reference_doctype": "NEST Prospect", "reference_name": prospect.name},
			fields=["recipients", "content", "subject"],
		)
		self.assertEqual(len(mail), 2)
		mine = next(m for m in mail if MIDWIFE in m.recipients)
		self.assertIn(SENTENCE, frappe.utils.strip_html(mine.content).replace("\n", " "))
		self.assertIn(FERTILITY, mine.subject)
		self.assertIn(frappe.utils.get_url_to_form(REFERRAL, name), mine.content)

	def test_an_own_specialist_who_left_is_replaced_by_the_least_loaded(self):
		frappe.set_user("Administrator")
		frappe.db.set_value("NEST Staff Member", MIDWIFE, "active", 0)
		frappe.set_user(AGENT)
		prospect = make_prospect(last_name="Partie", own_specialist=MIDWIFE)
		[referral] = [frappe.get_doc(REFERRAL, self.route(prospect))]
		self.assertEqual((referral.specialist, referral.chosen_by), (COORDINATOR, "Competence Table"))

	def test_load_balanced_by_open_referrals(self):
		first = self.route(make_prospect(last_name="Un"))
		second = self.route(make_prospect(last_name="Deux"))
		third = self.route(make_prospect(last_name="Trois"))
		specialists = [frappe.db.get_value(REFERRAL, n, "specialist") for n in (first, second, third)]
		# both take Almadies' fertility requests: one each, then the tie-break (the user id)
		self.assertEqual(sorted(specialists[:2]), sorted([COORDINATOR, MIDWIFE]))
		self.assertEqual(specialists[2], min(COORDINATOR, MIDWIFE))
		# an answered referral no longer counts
		frappe.set_user("Administrator")
		for name in (first, second, third):
			frappe.get_doc(REFERRAL, name).record_feedback(feedback="Appel effectué le 3/12")
		frappe.set_user(AGENT)
		fourth = self.route(make_prospect(last_name="Quatre"))
		self.assertEqual(frappe.db.get_value(REFERRAL, fourth, "specialist"), min(COORDINATOR, MIDWIFE))

	def test_not_accepting_new_requests_is_not_eligible(self):
		frappe.db.set_value("NEST Staff Member", COORDINATOR, "accepts_new_requests", 0)
		for _i in range(2):
			name = self.route(make_prospect(last_name="Occupée"))
			self.assertEqual(frappe.db.get_value(REFERRAL, name, "specialist"), MIDWIFE)


class TestToDo(RoutingTestCase):
	"""The referral on the specialist's to-do list, closed by her feedback."""

	def todos(self, referral: str) -> list[frappe._dict]:
		return frappe.get_all(
			"ToDo",
			filters={"reference_type": REFERRAL, "reference_name": referral},
			fields=["name", "allocated_to", "status", "description", "date"],
		)

	def test_routed_to_her_to_do_list_in_french_and_closed_by_her_feedback(self):
		prospect = make_prospect(first_name="Khady", last_name="Afaire", own_specialist=MIDWIFE)
		name = self.route(prospect)
		[todo] = self.todos(name)
		self.assertEqual((todo.allocated_to, todo.status), (MIDWIFE, "Open"))
		self.assertEqual(getdate(todo.date), getdate(frappe.db.get_value(REFERRAL, name, "due_on")))
		# in her language (French), naming the request, the person and her phone
		self.assertIn("faites votre retour", todo.description)
		self.assertIn(FERTILITY, todo.description)
		self.assertIn("Khady Afaire", todo.description)
		self.assertIn(prospect.phone, todo.description)
		# Frappe's assignment: her list shows it, the referral says who is assigned
		self.assertIn(MIDWIFE, frappe.db.get_value(REFERRAL, name, "_assign"))
		frappe.set_user(MIDWIFE)
		self.assertIn(todo.name, frappe.get_list("ToDo", filters={"status": "Open"}, pluck="name"))
		frappe.get_doc(REFERRAL, name).record_feedback(feedback="Appel effectué le 3/12")
		frappe.set_user("Administrator")
		self.assertEqual([row.status for row in self.todos(name)], ["Closed"])
		self.assertNotIn(MIDWIFE, frappe.db.get_value(REFERRAL, name, "_assign") or "")

	def test_in_english_for_an_english_speaker(self):
		name = self.route(make_prospect(last_name="Anglaise", own_specialist=COORDINATOR))
		[todo] = self.todos(name)
		self.assertEqual(todo.allocated_to, COORDINATOR)
		self.assertIn("record your feedback by", todo.description)

	def test_one_open_todo_per_referral(self):
		from nest_prospects.routing.referrals import assign_referral

		prospect = make_prospect(last_name="Unefois", own_specialist=MIDWIFE)
		name = self.route(prospect)
		frappe.set_user("Administrator")
		first = self.todos(name)[0].name
		self.assertEqual(assign_referral(frappe.get_doc(REFERRAL, name), prospect), first)
		self.assertEqual(len(self.todos(name)), 1)


class TestRefusals(RoutingTestCase):
	def assertRefused(self, call, *words):
		before = frappe.db.count(REFERRAL), frappe.db.count("Communication")
		with self.assertRaises(frappe.ValidationError) as caught:
			call()
		for word in words:
			self.assertIn(word, str(caught.exception))
		self.assertEqual((frappe.db.count(REFERRAL), frappe.db.count("Communication")), before)
		return caught.exception

	def test_nobody_eligible_is_refused_in_french_and_nothing_is_created(self):
		prospect = make_prospect(last_name="Personne")
		frappe.db.set_value("NEST Staff Member", COORDINATOR, "active", 0)
		frappe.db.set_value("NEST Staff Member", MIDWIFE, "accepts_new_requests", 0)
		with reading_in("fr"):
			self.assertRefused(
				lambda: self.route(prospect), "Champ Spécialiste", "aucun spécialiste", ALMADIES
			)

	def test_a_request_that_needs_no_specialist_is_refused(self):
		prospect = make_prospect(last_name="Devis")
		self.assertRefused(lambda: self.route(prospect, request_type=QUOTE), "Request Type", QUOTE)

	def test_routing_off_refuses(self):
		frappe.db.set_single_value(SETTINGS, "enable_routing", 0)
		prospect = make_prospect(last_name="Arrêt")
		self.assertRefused(lambda: self.route(prospect), "turned off")

	def test_an_outsider_cannot_route(self):
		prospect = make_prospect(last_name="Dehors")
		frappe.set_user("nest.outsider@example.com")
		with self.assertRaises(frappe.PermissionError):
			prospect.route_to_specialist(request_type=FERTILITY)


class TestInteractions(RoutingTestCase):
	def interaction(self, prospect: str, *codes: str, site: str | None = ALMADIES):
		return frappe.get_doc(
			{
				"doctype": "NEST Interaction",
				"party_type": "NEST Prospect",
				"party": prospect,
				"interaction_on": now_datetime(),
				"channel": "Inbound Call",
				"clinic_site": site,
				"request_types": [{"request_type": code} for code in codes],
			}
		).insert()

	def test_an_interaction_with_a_request_that_needs_a_specialist_is_routed(self):
		prospect = make_prospect(last_name="Interaction")
		self.assertEqual(open_referrals(prospect.name), [])
		interaction = self.interaction(prospect.name, QUOTE, FERTILITY)
		[referral] = open_referrals(prospect.name)
		self.assertEqual((referral.request_type, referral.interaction), (FERTILITY, interaction.name))

	def test_a_new_prospect_asking_for_it_is_routed(self):
		prospect = make_prospect(
			last_name="Nouvelle",
			own_specialist=COORDINATOR,
			initial_request_types=[{"request_type": FERTILITY}],
		)
		[referral] = open_referrals(prospect.name)
		self.assertEqual((referral.specialist, referral.chosen_by), (COORDINATOR, "Own Specialist"))

	def test_a_website_inquiry_is_routed_and_the_visitor_is_told_nothing(self):
		from nest_prospects.web_inquiries.test_inquiries import send

		frappe.set_user("Administrator")
		frappe.local.message_log = []
		where = send(request_types=[FERTILITY], message="Bonjour, le programme de fertilité ?")
		[referral] = open_referrals(where["party"])
		# no site on the page: the coordinator of every site
		self.assertEqual((referral.specialist, referral.interaction), (COORDINATOR, where["interaction"]))
		self.assertEqual(frappe.local.message_log, [])
		self.assertEqual(frappe.db.get_value(REFERRAL, referral.name, "routed_by"), "Guest")

	def test_nobody_eligible_still_records_the_interaction(self):
		prospect = make_prospect(last_name="Sans")
		interaction = self.interaction(prospect.name, FERTILITY, site=None)  # no site: the coordinator
		self.assertEqual(len(open_referrals(prospect.name)), 1)
		frappe.db.set_value("NEST Staff Member", COORDINATOR, "active", 0)
		interaction = self.interaction(prospect.name, FERTILITY, site=None)
		self.assertTrue(frappe.db.exists("NEST Interaction", interaction.name))
		self.assertEqual(len(open_referrals(prospect.name)), 1)


class TestFeedback(RoutingTestCase):
	def test_only_the_specialist_or_a_manager_records_it(self):
		name = self.route(make_prospect(last_name="Retour", own_specialist=MIDWIFE))
		referral = frappe.get_doc(REFERRAL, name)
		with self.assertRaises(frappe.PermissionError):
			referral.record_feedback(feedback="RDV posé")  # the agent is not the specialist
		frappe.set_user(MIDWIFE)
		with self.assertRaises(frappe.ValidationError) as caught:
			referral.record_feedback(feedback="  ")
		self.assertIn("Feedback", str(caught.exception))
		self.assertEqual(frappe.db.get_value(REFERRAL, name, "status"), "Open")
		referral.record_feedback(feedback=" Appel effectué le 3/12, RDV posé le 10/12 ")
		stored = frappe.db.get_value(
			REFERRAL, name, ["status", "feedback", "feedback_by", "feedback_on"], as_dict=True
		)
		self.assertEqual(
			(stored.status, stored.feedback, stored.feedback_by),
			("Answered", "Appel effectué le 3/12, RDV posé le 10/12", MIDWIFE),
		)
		self.assertIsNotNone(stored.feedback_on)
		with self.assertRaises(frappe.ValidationError):
			referral.record_feedback(feedback="encore")
		frappe.set_user(MANAGER)
		second = frappe.get_doc(
			REFERRAL, self.route(make_prospect(last_name="Manager", own_specialist=MIDWIFE))
		)
		second.record_feedback(feedback="RDV posé")
		self.assertEqual(frappe.db.get_value(REFERRAL, second.name, "status"), "Answered")

	def test_a_referral_is_never_deleted_nor_written_through_the_form(self):
		name = self.route(make_prospect(last_name="Garde", own_specialist=MIDWIFE))
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc(REFERRAL, name)
		doc = frappe.get_doc(REFERRAL, name)
		doc.status = "Answered"
		doc.specialist = COORDINATOR
		doc.save()
		self.assertEqual(frappe.db.get_value(REFERRAL, name, ["status", "specialist"]), ("Open", MIDWIFE))
		frappe.set_user(MANAGER)
		self.assertFalse(frappe.has_permission(REFERRAL, "write", doc=name))
		self.assertFalse(frappe.has_permission(REFERRAL, "create"))


class TestReminders(RoutingTestCase):
	def test_one_reminder_per_specialist_once_in_her_language(self):
		a = self.route(make_prospect(last_name="Rappel", own_specialist=MIDWIFE))
		b = self.route(make_prospect(last_name="Rappel", own_specialist=MIDWIFE))
		c = self.route(make_prospect(last_name="Rappel", own_specialist=COORDINATOR))
		on_time = self.route(make_prospect(last_name="Rappel", own_specialist=COORDINATOR))
		frappe.set_user("Administrator")
		frappe.get_doc(REFERRAL, on_time).record_feedback(feedback="RDV posé")
		now = add_days(now_datetime(), 8)  # the day after the 7th
		self.assertEqual(
			send_feedback_reminders(now=add_days(now_datetime(), 7)), {"reminders": 0, "referrals": 0}
		)
		self.assertEqual(send_feedback_reminders(now=now), {"reminders": 2, "referrals": 3})
		for name in (a, b, c):
			self.assertIsNotNone(frappe.db.get_value(REFERRAL, name, "reminder_sent_on"))
		self.assertIsNone(frappe.db.get_value(REFERRAL, on_time, "reminder_sent_on"))
		subject, body = last_mail_to(MIDWIFE)
		self.assertIn("sans retour", subject)
		self.assertIn(frappe.utils.get_url_to_form(REFERRAL, a), body)
		subject, _body = last_mail_to(COORDINATOR)
		self.assertIn("without feedback", subject)
		# idempotent: a second run sends nothing
		queued = frappe.db.count("Email Queue")
		self.assertEqual(send_feedback_reminders(now=now), {"reminders": 0, "referrals": 0})
		self.assertEqual(frappe.db.count("Email Queue"), queued)

	def test_a_second_worker_sends_nothing_while_the_first_runs(self):
		from nest_prospects.tests.test_faults import another_worker_running

		name = self.route(make_prospect(last_name="Verrou", own_specialist=MIDWIFE))
		later = add_days(now_datetime(), 8)
		with another_worker_running(send_feedback_reminders):
			self.assertEqual(send_feedback_reminders(now=later), {"reminders": 0, "referrals": 0})
		self.assertIsNone(frappe.db.get_value(REFERRAL, name, "reminder_sent_on"))


class TestScorecard(RoutingTestCase):
	def test_the_report_counts_on_time_late_and_never_with_bonus_and_malus(self):
		frappe.set_user("Administrator")
		names = [self.route(make_prospect(last_name="Score", own_specialist=MIDWIFE)) for _i in range(4)]
		routed_on = add_days(now_datetime(), -20)
		frappe.db.sql(
			f"update `tab{REFERRAL}` set routed_on = %s, due_on = %s where name in %s",
			(routed_on, getdate(add_days(routed_on, 7)), names),
		)
		due = getdate(add_days(routed_on, 7))
		frappe.db.set_value(REFERRAL, names[0], {"status": "Answered", "feedback_on": f"{due} 18:00:00"})
		frappe.db.set_value(
			REFERRAL, names[1], {"status": "Answered", "feedback_on": f"{add_days(due, 1)} 09:00:00"}
		)
		frappe.db.set_value(REFERRAL, names[2], "status", "Cancelled")
		_columns, rows, _message, chart, _summary = execute(
			{"from_date": getdate(routed_on), "to_date": getdate(routed_on), "specialist": MIDWIFE}
		)
		[row, total] = rows
		self.assertEqual(
			(
				row["routed"],
				row["on_time"],
				row["late"],
				row["never"],
				row["bonus"],
				row["malus"],
				row["balance"],
			),
			(3, 1, 1, 1, 1, 2, -1),
		)
		self.assertEqual(row["month"], routed_on.strftime("%Y-%m"))
		self.assertEqual(total["routed"], 3)
		self.assertEqual(chart["data"]["datasets"][0]["values"], [1])

	def test_the_managers_read_it_and_the_secretaries_do_not(self):
		frappe.set_user(MANAGER)
		self.assertTrue(frappe.get_doc("Report", "NEST Referral Scorecard").is_permitted())
		frappe.set_user(AGENT)
		self.assertFalse(frappe.get_doc("Report", "NEST Referral Scorecard").is_permitted())

	def test_the_template_is_seeded_once_and_an_edit_is_kept(self):
		frappe.set_user("Administrator")
		frappe.db.set_value("Email Template", REFERRAL_TEMPLATE, "subject", "Édité")
		setup.install()
		self.assertEqual(frappe.db.get_value("Email Template", REFERRAL_TEMPLATE, "subject"), "Édité")
		self.assertEqual(frappe.db.count("Email Template", {"name": REFERRAL_TEMPLATE}), 1)


class TestConcurrentRouting(FrappeTestCase):
	"""Two routings at the same moment, each in its own thread, connection and transaction, as two
	desk requests: the second waits for the first's lock on the specialists (lock_specialists) and
	counts its referral, so they go to two specialists. Without the lock both would read no open
	referral and pick the same one (the tie-break). The choice is slowed down, so that without the
	lock the two transactions would overlap; the records are committed (the threads must see
	them) and deleted at the end."""

	REQUEST = "VERROU ROUTAGE"
	USERS = ("nest.verrou.a@example.com", "nest.verrou.b@example.com")

	def setUp(self):
		frappe.set_user("Administrator")
		frappe.get_doc(
			{"doctype": "NEST Request Type", "request_code": self.REQUEST, "needs_specialist": 1}
		).insert(ignore_permissions=True)
		for user in self.USERS:
			make_user(user, "Verrou")
			make_member(user, [(self.REQUEST, None)])
		self.prospects = [make_prospect(last_name="Verrou").name for _i in range(2)]
		frappe.db.set_single_value(SETTINGS, "enable_routing", 1)
		frappe.db.commit()  # the threads read them in their own connections

	def tearDown(self):
		frappe.db.rollback()
		names = {"prospects": tuple(self.prospects), "users": self.USERS, "request": self.REQUEST}
		referrals = tuple(
			frappe.get_all(REFERRAL, filters={"prospect": ("in", self.prospects)}, pluck="name")
		) or ("",)
		for query in (
			"delete from `tabToDo` where reference_type = 'NEST Referral' and reference_name in %(referrals)s",
			"delete from `tabComment` where reference_doctype = 'NEST Referral' and reference_name in %(referrals)s",
			"delete from `tabNEST Referral` where name in %(referrals)s",
			"delete from `tabNEST Interaction Request Type` where parent in (select name from `tabNEST Interaction` where party in %(prospects)s)",
			"delete from `tabNEST Interaction` where party in %(prospects)s",
			"delete from `tabNEST Classification Change` where parent in %(prospects)s",
			"delete from `tabNEST Prospect` where name in %(prospects)s",
			"delete from `tabNEST Staff Competence` where parent in %(users)s",
			"delete from `tabNEST Staff Member` where name in %(users)s",
			"delete from `tabHas Role` where parent in %(users)s",
			"delete from `tabUser` where name in %(users)s",
			"delete from `tabNEST Request Type` where name = %(request)s",
		):
			frappe.db.sql(query, {**names, "referrals": referrals})
		frappe.db.commit()

	def test_two_routings_at_once_go_to_two_specialists(self):
		import threading
		import time
		from unittest.mock import patch

		from nest_prospects.routing import referrals

		site, sites_path = frappe.local.site, frappe.local.sites_path
		choose = referrals.choose_specialist
		barrier = threading.Barrier(2)
		chosen: dict[str, str] = {}
		errors: list[BaseException] = []

		def slow_choice(*args, **kwargs):
			choice = choose(*args, **kwargs)
			time.sleep(1.0)  # the other routing, without the lock, would read the counts meanwhile
			return choice

		def route_in_a_request(prospect: str) -> None:
			frappe.init(site=site, sites_path=sites_path)
			frappe.connect()
			try:
				frappe.set_user("Administrator")
				barrier.wait(timeout=10)
				name = referrals.route(frappe.get_doc("NEST Prospect", prospect), self.REQUEST)
				chosen[prospect] = frappe.db.get_value(REFERRAL, name, "specialist")
				frappe.db.commit()
			except BaseException as error:
				errors.append(error)
				frappe.db.rollback()
			finally:
				frappe.destroy()

		with (
			patch.object(referrals, "choose_specialist", slow_choice),
			patch.object(referrals, "send_referral_mail", lambda *args: None),
			patch.object(referrals, "notify_assignment", lambda *args, **kwargs: None),
			patch(
				"frappe.email.doctype.email_account.email_account.EmailAccount.find_outgoing",
				return_value=True,
			),
		):
			threads = [threading.Thread(target=route_in_a_request, args=(p,)) for p in self.prospects]
			for thread in threads:
				thread.start()
			for thread in threads:
				thread.join(timeout=60)
		self.assertEqual(errors, [])
		self.assertEqual(sorted(chosen.values()), sorted(self.USERS))
