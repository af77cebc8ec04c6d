import unittest

from nest_prospects.people.rules.phones import (
	InvalidPhoneNumber,
	format_phone,
	is_known_region,
	normalise_phone,
)


class TestNormalisePhone(unittest.TestCase):
	def test_senegal_mobile_in_every_form(self):
		for typed in [
			"77 123 45 67",
			"771234567",
			"77.123.45.67",
			"77-123-45-67",
			"+221 77 123 45 67",
			"+221771234567",
			"00221 77 123 45 67",
			"00221771234567",
			"221771234567",
			" (+221) 77 123 45 67 ",
		]:
			with self.subTest(typed=typed):
				assert normalise_phone(typed, "SN") == "+221771234567"

	def test_landline_of_the_clinic_region(self):
		assert normalise_phone("33 869 00 00", "SN") == "+221338690000"

	def test_foreign_number_keeps_its_country(self):
		assert normalise_phone("+33 6 12 34 56 78", "SN") == "+33612345678"
		assert normalise_phone("0033612345678", "SN") == "+33612345678"

	def test_default_region_reads_national_numbers(self):
		assert normalise_phone("06 12 34 56 78", "FR") == "+33612345678"
		assert normalise_phone("06 12 34 56 78", "fr") == "+33612345678"

	def test_empty_is_none(self):
		for empty in [None, "", "   "]:
			with self.subTest(empty=empty):
				assert normalise_phone(empty, "SN") is None

	def test_unreadable_numbers_are_refused(self):
		for bad in ["abc", "77 12", "+221 12 34", "77 123 45 67 ext", "++221771234567"]:
			with self.subTest(bad=bad):
				with self.assertRaises(InvalidPhoneNumber):
					normalise_phone(bad, "SN")

	def test_display_form(self):
		assert format_phone("+221771234567") == "+221 77 123 45 67"
		assert format_phone(None) == ""

	def test_known_regions(self):
		assert is_known_region("SN") and is_known_region("fr")
		assert not is_known_region("XX") and not is_known_region("")
