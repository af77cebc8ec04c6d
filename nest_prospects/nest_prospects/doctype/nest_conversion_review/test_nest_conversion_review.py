"""The review form: comments by the secretaries, "Re-evaluate", never deleted."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from nest_prospects.constants import REVIEW
from nest_prospects.conversion_review.jobs import create_due_reviews
from nest_prospects.nest_prospects.doctype.nest_conversion_review.nest_conversion_review import (
	NESTConversionReview,
)
from nest_prospects.tests.commits import commits_held
from nest_prospects.tests.factories import (
	AGENT,
	MANAGER,
	OUTSIDER,
	PATIENT_SYSTEM,
	make_prospect,
)


def reevaluate_review(review: str, comments: str | None = None) -> dict:
	"""What the form's button does: the document as the form shows it, its comments perhaps typed."""
	doc = frappe.get_doc(REVIEW, review)
	if comments is not None:
		doc.comments = comments
	return doc.reevaluate()


class ReviewTestCase(FrappeTestCase):
	"""A prospect first contacted 35 days ago, and the review the daily job writes for her."""

	last_name = "Review"

	def setUp(self):
		self.enterContext(commits_held())  # the review job commits per page
		frappe.set_user("Administrator")
		self.prospect = make_prospect(
			last_name=self.last_name + frappe.generate_hash(length=6),
			first_contact_on=add_days(now_datetime(), -35),
		)
		create_due_reviews()

	def tearDown(self):
		frappe.set_user("Administrator")


class TestNESTConversionReview(ReviewTestCase):
	def test_agent_comments_then_re_evaluates_and_keeps_the_comments(self):
		frappe.set_user(AGENT)
		review = frappe.get_doc(REVIEW, self.prospect.name)
		self.assertEqual(review.outcome, "Empty")
		review.comments = "Rappeler après la Tabaski"
		review.save()
		frappe.set_user("Administrator")
		frappe.get_doc(
			{
				"doctype": "NEST Appointment",
				"party_type": "NEST Prospect",
				"party": self.prospect.name,
				"scheduled_on": add_days(now_datetime(), 4),
			}
		).insert()
		frappe.set_user(AGENT)
		result = reevaluate_review(self.prospect.name)
		self.assertEqual(result["outcome"], "Appointment Upcoming")
		review.reload()
		self.assertEqual(
			(review.outcome, review.comments), ("Appointment Upcoming", "Rappeler après la Tabaski")
		)
		self.assertEqual(review.reviewed_by, AGENT)

	def test_only_the_comments_are_editable_by_hand(self):
		frappe.set_user(AGENT)
		review = frappe.get_doc(REVIEW, self.prospect.name)
		review.outcome = "Converted"
		review.detail = "typed by hand"
		review.comments = "Vue en consultation"
		review.save()
		review.reload()
		self.assertEqual((review.outcome, review.comments), ("Empty", "Vue en consultation"))
		self.assertNotEqual(review.detail, "typed by hand")

	def test_re_evaluate_is_a_post_checked_against_the_users_rights(self):
		self.assertEqual(
			frappe.allowed_http_methods_for_whitelisted_func[NESTConversionReview.reevaluate], ["POST"]
		)
		for user in (OUTSIDER, PATIENT_SYSTEM):
			with self.subTest(user=user):
				frappe.set_user(user)
				with self.assertRaises(frappe.PermissionError):
					reevaluate_review(self.prospect.name)

	def test_one_review_per_prospect_and_nobody_but_a_system_manager_deletes_it(self):
		with self.assertRaises(frappe.DuplicateEntryError):
			frappe.get_doc({"doctype": REVIEW, "prospect": self.prospect.name, "outcome": "Empty"}).insert()
		for user in (AGENT, MANAGER):
			with self.subTest(user=user):
				frappe.set_user(user)
				with self.assertRaises(frappe.PermissionError):
					frappe.delete_doc(REVIEW, self.prospect.name)
		frappe.set_user("Administrator")
		self.assertTrue(frappe.db.exists(REVIEW, self.prospect.name))


class TestReEvaluateKeepsWhatWasTyped(ReviewTestCase):
	last_name = "Typed"

	def test_comments_typed_but_not_saved_are_saved_with_the_new_outcome(self):
		frappe.set_user(MANAGER)
		result = reevaluate_review(self.prospect.name, comments="Tapé, pas encore enregistré")
		self.assertEqual(result["comments"], "Tapé, pas encore enregistré")
		self.assertEqual(
			frappe.db.get_value(REVIEW, self.prospect.name, "comments"), "Tapé, pas encore enregistré"
		)
		# Without comments sent along (nothing typed), the stored ones stay.
		reevaluate_review(self.prospect.name)
		self.assertEqual(
			frappe.db.get_value(REVIEW, self.prospect.name, "comments"), "Tapé, pas encore enregistré"
		)

	def test_the_comments_sent_along_need_the_right_to_write(self):
		frappe.set_user(OUTSIDER)
		with self.assertRaises(frappe.PermissionError):
			reevaluate_review(self.prospect.name, comments="Pas le droit")
		frappe.set_user("Administrator")
		self.assertNotEqual(frappe.db.get_value(REVIEW, self.prospect.name, "comments"), "Pas le droit")
