import unittest

from nest_prospects.people.rules.colleagues import (
	SERVICES,
	ColleagueSearch,
	matches_name,
	read_colleague_search,
)

LABELS = {
	**{service: service for service in SERVICES},
	"Accueil": "Reception",
	"Maternité": "Maternity",
	"Pédiatrie": "Paediatrics",
	"Fertilité": "Fertility",
	"Gynécologie": "Gynaecology",
	"Sage-femme": "Midwifery",
}
SITES = ("Almadies", "Plateau", "Point E")


class TestColleagueSearch(unittest.TestCase):
	def test_service_and_site_typed_together(self):
		self.assertEqual(
			read_colleague_search("maternité Almadies", LABELS, SITES),
			ColleagueSearch(service="Maternity", site="Almadies"),
		)

	def test_in_any_order_any_case_without_accents(self):
		self.assertEqual(
			read_colleague_search("ALMADIES maternite", LABELS, SITES),
			ColleagueSearch(service="Maternity", site="Almadies"),
		)

	def test_labels_and_sites_of_several_words(self):
		self.assertEqual(
			read_colleague_search("sage femme point e", LABELS, SITES),
			ColleagueSearch(service="Midwifery", site="Point E"),
		)

	def test_the_english_value_too(self):
		self.assertEqual(read_colleague_search("paediatrics", LABELS, SITES).service, "Paediatrics")

	def test_other_words_are_the_name(self):
		self.assertEqual(
			read_colleague_search("Fatou pédiatrie", LABELS, SITES),
			ColleagueSearch(service="Paediatrics", name_words=("fatou",)),
		)
		self.assertEqual(read_colleague_search("  ", LABELS, SITES), ColleagueSearch())
		self.assertEqual(read_colleague_search(None, LABELS, SITES), ColleagueSearch())

	def test_a_second_service_word_is_read_as_a_name(self):
		# one service per search: the first one typed
		search = read_colleague_search("accueil maternité", LABELS, SITES)
		self.assertEqual((search.service, search.name_words), ("Reception", ("maternite",)))

	def test_name_words_begin_words_of_the_name(self):
		self.assertTrue(matches_name("Fatou Sow", ("fat", "so")))
		self.assertTrue(matches_name("Ndèye Fatou Diop", ("ndeye",)))
		self.assertTrue(matches_name("Fatou Sow", ()))
		self.assertFalse(matches_name("Fatou Sow", ("atou",)))
		self.assertFalse(matches_name(None, ("fatou",)))


if __name__ == "__main__":
	unittest.main()
