"""The phone prefixes the link search looks up while a number is being typed."""

import unittest

from nest_prospects.people.rules.phones import normalise_phone, phone_search_prefixes


class TestPhoneSearchPrefixes(unittest.TestCase):
	def test_senegal(self):
		for typed, prefixes in [
			("77 123", ["+22177123", "+77123"]),
			("77.12.3", ["+22177123", "+77123"]),
			("+221 77 12", ["+2217712"]),
			("00221 77 12", ["+2217712"]),
			("(+221) 77-12", ["+2217712"]),
			("221 77 12", ["+2212217712", "+2217712"]),
		]:
			with self.subTest(typed=typed, prefixes=prefixes):
				assert phone_search_prefixes(typed, "SN") == prefixes

	def test_a_trunk_zero_is_left_out_as_e164_does(self):
		assert phone_search_prefixes("06 12 34", "FR") == ["+3361234"]

	def test_what_is_not_a_number_being_typed_gives_nothing(self):
		for typed in [None, "", "  ", "Awa", "PRO-2026-00012", "77a", "12", "+4", "awa@x.sn"]:
			with self.subTest(typed=typed):
				assert phone_search_prefixes(typed, "SN") == []

	def test_the_whole_number_typed_is_a_prefix_of_its_stored_form(self):
		for typed in ["77 123 45 67", "+221 77 123 45 67", "00221771234567", "221771234567"]:
			with self.subTest(typed=typed):
				stored = normalise_phone(typed, "SN")
				assert any(stored.startswith(prefix) for prefix in phone_search_prefixes(typed, "SN"))

	def test_every_beginning_of_a_national_number_finds_it(self):
		for cut in range(3, 9):
			with self.subTest(cut=cut):
				stored = "+221771234567"
				typed = "771234567"[:cut]
				assert any(stored.startswith(prefix) for prefix in phone_search_prefixes(typed, "SN"))

	def test_an_unknown_region_still_reads_international_numbers(self):
		assert phone_search_prefixes("+221 77", "ZZ") == ["+22177"]
		assert phone_search_prefixes("77 12", "ZZ") == ["+7712"]
