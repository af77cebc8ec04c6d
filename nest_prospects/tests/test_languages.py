"""Text the jobs write is in its reader's language, whatever language the job itself runs in.

A scheduled job runs as Administrator in the site's default language: the ToDos, the bell
notifications and the mails it writes for a person are in her language (User.language, else
the site's); what it writes for everyone (a review's detail, a history row) in the site's; the
desk shows the reports' stored values and an English review detail in the reader's language.
"""

from __future__ import annotations

import email
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from email import policy
from unittest.mock import patch

import babel.dates
import frappe
from frappe.utils import add_days, add_months, get_first_day, getdate, now_datetime, today

from nest_prospects.ageing.jobs import update_ageing_states
from nest_prospects.constants import REVIEW
from nest_prospects.conversion_review.jobs import SUMMARY_SENT_KEY, create_due_reviews, send_monthly_summary
from nest_prospects.conversion_review.review import translate_detail
from nest_prospects.followup.api import holidays_of_year
from nest_prospects.followup.due_tasks import create_due_tasks
from nest_prospects.followup.reminders import send_overdue_reminders
from nest_prospects.followup.rules.working_time import add_working_day_hours
from nest_prospects.followup.test_due_tasks import FollowupTestCase
from nest_prospects.languages.lookup import site_language, user_languages
from nest_prospects.nest_prospects.report.nest_prospect_conversion import nest_prospect_conversion
from nest_prospects.tests.commits import commits_held
from nest_prospects.tests.factories import (
	AGENT,
	ENGLISH_MANAGER,
	MANAGER,
	age_prospect,
	ensure_english_manager,
	ensure_outgoing_email_account,
	make_prospect,
)


@contextmanager
def reading_in(lang: str):
	"""A desk request of a user who reads `lang`."""
	before = frappe.local.lang
	frappe.local.lang = lang
	try:
		yield
	finally:
		frappe.local.lang = before


def queued_mail(name: str) -> tuple[str, str]:
	"""(subject, HTML body) of a queued mail, decoded from its MIME text."""
	message = email.message_from_string(
		frappe.db.get_value("Email Queue", name, "message"), policy=policy.default
	)
	body = "".join(part.get_content() for part in message.walk() if part.get_content_type() == "text/html")
	return str(message["Subject"]), body


def last_mail_to(recipient: str) -> tuple[str, str]:
	[name] = frappe.get_all(
		"Email Queue Recipient",
		filters={"recipient": recipient},
		pluck="parent",
		order_by="creation desc",
		limit=1,
	)
	return queued_mail(name)


class LanguageTestCase(FollowupTestCase):
	def setUp(self):
		super().setUp()
		self.enterContext(commits_held())  # the review job commits per page

	@staticmethod
	def ageing_reasons(prospect: str) -> list[str]:
		"""The reasons of the prospect's ageing history rows (the job's text, in its language)."""
		return frappe.get_all(
			"NEST Classification Change",
			filters={"parent": prospect, "classification": "Ageing State"},
			pluck="reason",
		)

	def set_language(self, user: str, lang: str | None) -> None:
		before = frappe.db.get_value("User", user, "language")
		frappe.db.set_value("User", user, "language", lang)
		self.addCleanup(frappe.db.set_value, "User", user, "language", before)

	def due_first_call(self, responsible_user: str):
		first = self.first_contact()
		prospect = make_prospect(temperature="Hot", first_contact_on=first, responsible_user=responsible_user)
		return prospect, add_working_day_hours(first, 49, self.calendar())


class TestWhoReadsWhichLanguage(LanguageTestCase):
	def test_a_user_reads_her_language_else_the_sites(self):
		self.set_language(AGENT, "fr")
		self.set_language(MANAGER, None)
		self.assertEqual(user_languages([AGENT, MANAGER, None]), {AGENT: "fr", MANAGER: site_language()})


class TestTasksInTheAssigneesLanguage(LanguageTestCase):
	def test_the_todo_and_the_bell_speak_the_assignees_language(self):
		self.set_language(AGENT, "fr")
		self.set_language(MANAGER, "en")
		french, now = self.due_first_call(AGENT)
		english, _now = self.due_first_call(MANAGER)
		create_due_tasks(now=now)

		[todo] = self.todos(french.name)
		self.assertIn("Appel pour prise de rendez-vous", todo.description)
		self.assertIn("À faire pour le", todo.description)
		self.assertNotIn("Call to book", todo.description)
		[todo] = self.todos(english.name)
		self.assertIn("Call to book", todo.description)
		self.assertIn("Due on", todo.description)

		bells = {
			user: frappe.get_all(
				"Notification Log",
				filters={"for_user": user},
				pluck="subject",
				order_by="creation desc",
				limit=1,
			)[0]
			for user in (AGENT, MANAGER)
		}
		self.assertIn("nouvelles tâches de suivi", bells[AGENT])
		self.assertIn("new follow-up tasks", bells[MANAGER])

	def test_the_overdue_reminder_speaks_the_assignees_language(self):
		ensure_outgoing_email_account()
		self.set_language(AGENT, "fr")
		prospect, now = self.due_first_call(AGENT)
		create_due_tasks(now=now)
		[todo] = self.todos(prospect.name)
		send_overdue_reminders(now=datetime.combine(getdate(todo.date) + timedelta(days=1), time(7, 0)))
		subject, body = last_mail_to(AGENT)
		self.assertIn("Suivi :", subject)
		self.assertIn("tâches en retard", subject)
		self.assertIn("Bonjour", body)
		self.assertIn("Ces tâches de suivi ont dépassé leur échéance", body)
		self.assertIn("Appel pour prise de rendez-vous", body)
		self.assertNotIn("overdue", subject + body)


class TestMonthlySummaryInEachManagersLanguage(LanguageTestCase):
	def english_manager(self) -> None:
		ensure_english_manager()
		self.set_language(ENGLISH_MANAGER, "en")

	def test_one_mail_per_language(self):
		ensure_outgoing_email_account()
		self.english_manager()
		self.set_language(MANAGER, "fr")
		frappe.db.set_global(SUMMARY_SENT_KEY, None)
		self.assertTrue(send_monthly_summary())

		past_month = add_months(get_first_day(getdate(today())), -1)
		subject, body = last_mail_to(MANAGER)
		self.assertIn("Conversion des prospects", subject)
		self.assertIn(babel.dates.format_date(past_month, "MMMM yyyy", locale="fr"), subject)
		self.assertIn("Revues de conversion faites en", body)
		self.assertIn("Taux de conversion", body)
		self.assertIn("Doublon prospect", body)
		self.assertNotIn("Duplicate Prospect", body)

		subject, body = last_mail_to(ENGLISH_MANAGER)
		self.assertIn("Prospect conversion", subject)
		self.assertIn(babel.dates.format_date(past_month, "MMMM yyyy", locale="en"), subject)
		self.assertIn("Conversion reviews made in", body)
		self.assertIn("Duplicate Prospect", body)


class TestSharedTextInTheSitesLanguage(LanguageTestCase):
	def test_a_review_detail_is_written_in_the_sites_language_and_read_in_the_readers(self):
		prospect = make_prospect(
			first_contact_on=add_days(now_datetime(), -40), initial_request_types=[{"request_type": "TARIFS"}]
		)
		with patch("nest_prospects.conversion_review.jobs.site_language", return_value="fr"):
			create_due_reviews()
		self.assertEqual(
			frappe.db.get_value(REVIEW, prospect.name, "detail"), "A demandé un devis ou les tarifs."
		)

		# An English detail (an English site's, or one written before): each reader reads hers.
		frappe.db.set_value(REVIEW, prospect.name, "detail", "Asked for a quote or the prices.")
		with reading_in("fr"):
			review = frappe.get_doc(REVIEW, prospect.name)
			review.run_method("onload")
			self.assertEqual(review.detail, "A demandé un devis ou les tarifs.")
			rows = nest_prospect_conversion.execute({"view": "Prospects"})[1]
			row = next(row for row in rows if row["prospect"] == prospect.name)
			self.assertEqual(row["detail"], "A demandé un devis ou les tarifs.")
			self.assertEqual(row["outcome"], "Renseignements / Devis")
		self.assertEqual(
			translate_detail("Appointment scheduled on 2026-11-29 10:30.", "fr"),
			"Rendez-vous prévu le 29/11/2026 10:30.",
		)
		self.assertEqual(translate_detail("typed by hand", "fr"), "typed by hand")

	def test_the_daily_ageing_history_is_in_the_sites_language(self):
		prospect = make_prospect(temperature="Hot")
		age_prospect(prospect.name, 20)
		with patch("nest_prospects.ageing.jobs.site_language", return_value="fr"):
			update_ageing_states()
		self.assertEqual(self.ageing_reasons(prospect.name), ["Traitement quotidien des états"])

	def test_the_upgrade_rewrites_the_english_job_texts_of_a_french_site(self):
		from nest_prospects.patches.v1_0 import job_texts_in_site_language

		prospect = make_prospect(temperature="Hot", first_contact_on=add_days(now_datetime(), -40))
		age_prospect(prospect.name, 20)
		update_ageing_states()  # the site is in English here: "Daily ageing job"
		create_due_reviews()
		frappe.db.set_value(REVIEW, prospect.name, "detail", "Nothing is recorded for this prospect.")
		with patch.object(job_texts_in_site_language, "site_language", return_value="fr"):
			job_texts_in_site_language.execute()
		self.assertEqual(
			frappe.db.get_value(REVIEW, prospect.name, "detail"), "Rien n'est enregistré pour ce prospect."
		)
		self.assertEqual(self.ageing_reasons(prospect.name), ["Traitement quotidien des états"])


class TestTheDeskInTheReadersLanguage(LanguageTestCase):
	def test_public_holidays_are_named_in_the_readers_language(self):
		with reading_in("fr"):
			self.assertEqual(
				{row["date"]: row["name"] for row in holidays_of_year(2026)}[date(2026, 4, 4)],
				"Fête de l'Indépendance",
			)
		with reading_in("en"):
			self.assertEqual(
				{row["date"]: row["name"] for row in holidays_of_year(2026)}[date(2026, 4, 4)],
				"Independence Day",
			)

	def test_the_morning_review_shows_channels_and_parties_in_the_readers_language(self):
		from nest_prospects.nest_prospects.report.nest_morning_review import nest_morning_review

		contact = now_datetime() - timedelta(hours=1)
		prospect = make_prospect(first_contact_on=contact)
		with reading_in("fr"):
			rows = nest_morning_review.data(frappe._dict(), contact - timedelta(minutes=1), now_datetime())
			labels = [column["label"] for column in nest_morning_review.columns()]
		row = next(row for row in rows if row.party == prospect.name)
		self.assertEqual((row.channel, row.party_type), ("Appel entrant", "Prospect NEST"))
		self.assertEqual(row.party_type_value, "NEST Prospect")  # the link still opens the prospect
		self.assertIn("Canal", labels)
		self.assertIn("Avec", labels)

	def test_the_conversion_report_columns_and_chart_are_translated(self):
		make_prospect(first_contact_on=add_days(now_datetime(), -40))
		create_due_reviews()
		with reading_in("fr"):
			columns, _rows, _message, chart, summary = nest_prospect_conversion.execute(
				{"view": "Summary", "group_by": "Temperature"}
			)
		labels = [column["label"] for column in columns]
		for french in ("Température", "Doublon prospect", "RDV annulé", "Pas venu en RDV", "Vide"):
			self.assertIn(french, labels)
		self.assertIn("Renseignements / Devis (%)", labels)
		legend = [dataset["name"] for dataset in chart["data"]["datasets"]]
		self.assertIn("Renseignements / Devis", legend)
		self.assertNotIn("Information / Quote", legend)
		self.assertTrue(set(chart["data"]["labels"]) <= {"Chaud", "Tiède", "Froid", "(aucun)"})
		self.assertEqual(summary[0]["label"], "Prospects revus")
