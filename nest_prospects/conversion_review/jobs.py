"""The conversion review's scheduled jobs: the due reviews and the monthly summary mail.

create_due_reviews (hourly, long queue) reads the prospects whose review is due and that have
none a page of 900 at a time, the most overdue first (keyset pagination on the index of
`first_contact_on`: one indexed range read per page, so its memory does not grow with the
backlog); it loads each page's facts in four queries (nest_prospects.conversion_review.review),
writes the page's reviews in one INSERT IGNORE and commits. A run reviews at most
REVIEWS_PER_RUN prospects: a backlog (the first run after install, or after a long stop) is
worked off over the next hourly runs. A review is named after its prospect, so a rerun, or a
run after a half-way failure, adds only the missing reviews and never a second one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import add_months, format_date, get_first_day, get_url_to_report, getdate, now_datetime

from nest_prospects.constants import REVIEW
from nest_prospects.conversion_review.review import (
	BATCH_SIZE,
	gather_facts,
	request_categories,
	review_values,
)
from nest_prospects.conversion_review.rules.outcomes import CONVERTED, OUTCOMES, REVIEW_LAG_DAYS
from nest_prospects.conversion_review.rules.summary import rate
from nest_prospects.languages.lookup import site_language
from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.sql import insert_rows, single_run

REVIEW_FIELDS = (
	"prospect",
	"prospect_name",
	"prospect_created_on",
	"source",
	"temperature",
	"request_types",
	"outcome",
	"evidence_doctype",
	"evidence_name",
	"matched_on",
	"detail",
	"reviewed_on",
	"reviewed_by",
)
# Reviews per run (the most overdue first): about 4 s at 100,000 prospects and 9 s at 300,000 on
# 2 cores; at 1,000,000 a backlog is worked off in a day of hourly runs.
REVIEWS_PER_RUN = 20_000
SUMMARY_SENT_KEY = "nest_conversion_summary_sent_for"
REPORT = "NEST Prospect Conversion"


def review_lag_days() -> int:
	lag = get_settings().conversion_review_after_days
	return REVIEW_LAG_DAYS if lag is None else int(lag)


def due_prospects(on_date=None) -> list[str]:
	"""Every prospect due for review on `on_date`, the most overdue first (the job reads them by page)."""
	return [name for page in due_pages(on_date) for name in page]


def due_pages(on_date=None, limit: int | None = None, page_size: int | None = None) -> Iterator[list[str]]:
	"""The prospects created `conversion_review_after_days` days before `on_date` or earlier and
	not yet reviewed, the most overdue first, a page (BATCH_SIZE) of names at a time, at most
	`limit` in all.

	Keyset pagination on (first_contact_on, name), which the index of first_contact_on holds in
	order: each page is one range read starting where the last one stopped, whatever the size
	of the backlog, and the reviews written meanwhile do not move the pages still to come.
	"""
	day = getdate(on_date)
	page_size = page_size or BATCH_SIZE
	# "Created on day D" is due on D + lag: every first contact before the next midnight.
	created_before = datetime.combine(day - timedelta(days=review_lag_days() - 1), datetime.min.time())
	Prospect = frappe.qb.DocType("NEST Prospect")
	Review = frappe.qb.DocType(REVIEW)
	after = None
	taken = 0
	while limit is None or taken < limit:
		size = page_size if limit is None else min(page_size, limit - taken)
		query = (
			frappe.qb.from_(Prospect)
			.left_join(Review)
			.on(Review.name == Prospect.name)  # a review is named after its prospect
			.select(Prospect.first_contact_on, Prospect.name)
			.where(Review.name.isnull() & (Prospect.first_contact_on < created_before))
			.orderby(Prospect.first_contact_on)
			.orderby(Prospect.name)
			.limit(size)
		)
		if after is not None:
			query = query.where(
				(Prospect.first_contact_on > after[0])
				| ((Prospect.first_contact_on == after[0]) & (Prospect.name > after[1]))
			)
		rows = query.run()
		if not rows:
			return
		taken += len(rows)
		yield [name for _first_contact_on, name in rows]
		if len(rows) < size:
			return
		after = rows[-1]


@single_run(int)
def create_due_reviews(on_date=None, limit: int | None = None) -> int:
	"""The hourly job: review the due prospects, the most overdue first, at most `limit`
	(REVIEWS_PER_RUN); return how many reviews were created.

	Each page's reviews are committed as soon as they are written, as hrms' long jobs do: a run
	stopped half-way (a worker killed, a timeout) keeps what it finished, and the next run
	starts where it stopped.
	"""
	day = getdate(on_date)
	now = now_datetime() if on_date is None else datetime.combine(day, now_datetime().time())
	user = frappe.session.user
	lang = site_language()  # the reviews' detail is read by everyone: in the site's language
	created = 0
	categories = request_categories()
	for names in due_pages(day, limit=REVIEWS_PER_RUN if limit is None else limit):
		facts = gather_facts(names, categories)
		rows = []
		for name, item in facts.items():
			try:
				values = review_values(item, now, lang)
			except Exception:
				# One unreadable record (a bad appointment status, say) must not stop the others.
				frappe.log_error(f"Conversion review of {name}", reference_doctype="NEST Prospect")
				continue
			rows.append((name, now, now, user, user, 0, 0, *(values[f] for f in REVIEW_FIELDS)))
		# INSERT IGNORE: the count is that of the rows really inserted.
		created += insert_rows(
			REVIEW,
			("name", "creation", "modified", "owner", "modified_by", "docstatus", "idx", *REVIEW_FIELDS),
			rows,
			ignore_duplicates=True,
		)
		frappe.db.commit()  # nosemgrep: each finished page is kept
	return created


def month_summary(first_day, next_first_day, lang: str | None = None) -> dict:
	"""Outcome counts of the reviews made in [first_day, next_first_day); labels in `lang`."""
	Review = frappe.qb.DocType(REVIEW)
	counts = dict(
		frappe.qb.from_(Review)
		.select(Review.outcome, Count("*"))
		.where((Review.creation >= first_day) & (Review.creation < next_first_day))
		.groupby(Review.outcome)
		.run()
	)
	total = sum(counts.values())
	return {
		"total": total,
		"rows": [
			{
				"outcome": outcome,
				"label": _(outcome, lang=lang),
				"count": counts.get(outcome, 0),
				"rate": rate(counts.get(outcome, 0), total),
			}
			for outcome in OUTCOMES
		],
		"conversion_rate": rate(counts.get(CONVERTED, 0), total),
	}


def manager_emails() -> list[str]:
	return sorted({email for emails in manager_emails_by_language().values() for email in emails})


def manager_emails_by_language() -> dict[str, list[str]]:
	"""The managers' addresses, grouped by their language (User.language, else the site's)."""
	HasRole = frappe.qb.DocType("Has Role")
	User = frappe.qb.DocType("User")
	rows = (
		frappe.qb.from_(HasRole)
		.join(User)
		.on(User.name == HasRole.parent)
		.select(User.email, User.language)
		.distinct()
		.where(
			(HasRole.role == "NEST Manager")
			& (HasRole.parenttype == "User")
			& (User.enabled == 1)
			& User.email.isnotnull()
			& User.name.notin(["Administrator", "Guest"])
		)
		.orderby(User.email)
		.run()
	)
	default = site_language() if rows else None
	by_language: dict[str, list[str]] = {}
	for email, language in rows:
		emails = by_language.setdefault(language or default, [])
		if email not in emails:
			emails.append(email)
	return by_language


@single_run(bool)
def send_monthly_summary(on_date=None) -> bool:
	"""The monthly job: mail the past month's reviews to the managers, once per month.

	"The past month" is the reviews made during it (prospects first seen about four weeks
	before). The month mailed is remembered, so a rerun sends nothing. Each manager gets it in
	her language: one mail per language. Returns True if queued.
	"""
	this_month = get_first_day(getdate(on_date))
	past_month = add_months(this_month, -1)
	month_key = past_month.strftime("%Y-%m")
	if frappe.db.get_global(SUMMARY_SENT_KEY) == month_key:
		return False
	recipients = manager_emails_by_language()
	if not recipients:
		return False
	try:
		for lang, emails in sorted(recipients.items()):
			subject, message = summary_mail(past_month, this_month, lang)
			frappe.sendmail(recipients=emails, subject=subject, message=message, delayed=True)
	except frappe.OutgoingEmailError:
		# No outgoing account yet: nothing is marked sent, so the next run mails it.
		frappe.log_error("Monthly conversion summary: no outgoing email account")
		return False
	# Same transaction as the mail queue rows: either all are kept or none.
	frappe.db.set_global(SUMMARY_SENT_KEY, month_key)
	return True


def summary_mail(first_day, next_first_day, lang: str) -> tuple[str, str]:
	"""The subject and body of the monthly summary of [first_day, next_first_day), in `lang`."""
	from frappe.translate import print_language

	summary = month_summary(first_day, next_first_day, lang)
	with print_language(lang):  # the month's name, as babel spells it in that language
		month_label = format_date(first_day, "MMMM yyyy")
	report_url = get_url_to_report(REPORT, "Script Report", "NEST Conversion Review")
	lines = "".join(
		f"<tr><td>{frappe.utils.escape_html(row['label'])}</td>"
		f"<td style='text-align:right'>{row['count']}</td>"
		f"<td style='text-align:right'>{row['rate']} %</td></tr>"
		for row in summary["rows"]
	)
	reviews_made = _("Conversion reviews made in {0}: {1} prospects.", lang=lang).format(
		month_label, summary["total"]
	)
	message = (
		f"<p>{reviews_made}</p>"
		f"<p>{_('Conversion rate: {0} %', lang=lang).format(summary['conversion_rate'])}</p>"
		f"<table border='1' cellpadding='4' style='border-collapse:collapse'>"
		f"<tr><th>{_('Outcome', lang=lang)}</th><th>{_('Prospects', lang=lang)}</th>"
		f"<th>{_('Rate', lang=lang)}</th></tr>{lines}</table>"
		f"<p><a href='{report_url}'>{_('Open the report Prospect Conversion', lang=lang)}</a></p>"
	)
	return _("Prospect conversion: {0}", lang=lang).format(month_label), message
