import unittest
from datetime import date

from nest_prospects.people.rules.matching import (
	NAMES_AND_BIRTH_DATE,
	PHONE,
	Person,
	fold_name,
	match_reason,
	person_key,
)


class TestMatching(unittest.TestCase):
	def test_fold_name_ignores_accents_case_and_punctuation(self):
		assert fold_name("  Ndèye-Fatou  ") == "ndeye fatou"
		assert fold_name("NDÈYE  FATOU") == "ndeye fatou"
		assert fold_name("Aïssatou") == fold_name("aissatou")
		assert fold_name("Mbaye") != fold_name("Mbay")

	def test_person_key_with_accents_and_dates(self):
		a = person_key("Diallo", "Aïssatou", date(1990, 3, 14))
		b = person_key("DIALLO ", "aissatou", "1990-03-14")
		assert a == b == "diallo|aissatou|1990-03-14"

	def test_person_key_needs_all_three_parts(self):
		assert person_key("Diallo", "Awa", None) is None
		assert person_key("", "Awa", date(1990, 1, 1)) is None
		assert person_key("Diallo", None, date(1990, 1, 1)) is None

	def test_other_birth_date_is_another_person(self):
		assert person_key("Diallo", "Awa", date(1990, 1, 1)) != person_key("Diallo", "Awa", date(1991, 1, 1))

	def test_match_reason_prefers_the_phone(self):
		key = person_key("Sow", "Mariama", date(1988, 5, 2))
		assert match_reason(Person("+221771234567", key), Person("+221771234567", key)) == PHONE
		assert (
			match_reason(Person("+221771234567", key), Person("+221770000000", key)) == NAMES_AND_BIRTH_DATE
		)
		assert match_reason(Person("+221771234567", key), Person("+221770000000", None)) is None

	def test_missing_keys_never_match_each_other(self):
		assert match_reason(Person(None, None), Person(None, None)) is None
