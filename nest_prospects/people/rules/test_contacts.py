import unittest

from nest_prospects.people.rules.contacts import (
	CONTACT_IS_PROSPECT,
	RELATION_NEEDED,
	RELATION_WITHOUT_CONTACT,
	RELATIONS,
	UNKNOWN_RELATION,
	Reach,
	choose_reach,
	contact_problems,
)

PROSPECT = Reach(name="Awa Diop", phone="+221771000001", email="awa@example.org")
HUSBAND = Reach(name="Moussa Diop", phone="+221771000002", email="moussa@example.org")


class TestChooseReach(unittest.TestCase):
	def test_the_contact_person_when_set(self):
		self.assertEqual(
			choose_reach(PROSPECT, HUSBAND, through_contact=True),
			Reach("Moussa Diop", "+221771000002", "moussa@example.org", through_contact=True),
		)

	def test_the_prospect_when_set_otherwise_or_without_contact(self):
		self.assertEqual(choose_reach(PROSPECT, HUSBAND, through_contact=False), PROSPECT)
		self.assertEqual(choose_reach(PROSPECT, None, through_contact=True), PROSPECT)

	def test_a_channel_the_contact_lacks_goes_to_the_prospect(self):
		phone_only = Reach(name="Moussa Diop", phone="+221771000002", email=None)
		reach = choose_reach(PROSPECT, phone_only, through_contact=True)
		self.assertEqual((reach.phone, reach.email), ("+221771000002", "awa@example.org"))


class TestContactProblems(unittest.TestCase):
	def test_none_without_contact_or_with_contact_and_relation(self):
		self.assertEqual(contact_problems("PRO-1", None, None, None), [])
		self.assertEqual(contact_problems("PRO-1", "CON-1", None, "Spouse"), [])
		self.assertEqual(contact_problems("PRO-1", "CON-1", "PRO-2", RELATIONS[-1]), [])

	def test_a_contact_needs_her_relation(self):
		self.assertEqual(
			contact_problems("PRO-1", "CON-1", None, None), [(RELATION_NEEDED, "contact_relation")]
		)
		self.assertEqual(
			contact_problems("PRO-1", "CON-1", None, "Neighbour"), [(UNKNOWN_RELATION, "contact_relation")]
		)

	def test_a_relation_needs_a_contact(self):
		self.assertEqual(
			contact_problems("PRO-1", None, None, "Mother"),
			[(RELATION_WITHOUT_CONTACT, "contact_relation")],
		)

	def test_the_prospect_is_not_her_own_contact(self):
		self.assertEqual(
			contact_problems("PRO-1", "CON-1", "PRO-1", "Mother"), [(CONTACT_IS_PROSPECT, "contact_person")]
		)
		# a new prospect (no name yet) cannot be named by her contact
		self.assertEqual(contact_problems(None, "CON-1", "PRO-1", "Mother"), [])


if __name__ == "__main__":
	unittest.main()
