"""Matching the desk's language codes with the locales of the holidays library."""

from __future__ import annotations

import unittest
from datetime import date

from nest_prospects.followup.rules.working_time import public_holidays
from nest_prospects.languages.rules import closest_locale, holiday_language


class TestLocaleChoice(unittest.TestCase):
	def test_closest_locale(self):
		for lang, supported, expected in [
			("fr", ("en_US", "fr_SN"), "fr_SN"),  # a regional variant of the bare language
			("fr", ("en_US", "fr", "fr_CA"), "fr"),  # the bare language first
			("fr-CA", ("en_US", "fr", "fr_CA"), "fr_CA"),  # the exact locale first
			("en", ("en_US", "fr_SN"), "en_US"),
			("EN-us", ("en_US", "fr_SN"), "en_US"),
			("de", ("en_US", "fr_SN"), None),  # not spoken: the library's default
			(None, ("en_US", "fr_SN"), None),
			("", ("en_US",), None),
		]:
			with self.subTest(lang=lang, supported=supported, expected=expected):
				assert closest_locale(lang, supported) == expected

	def test_holiday_language_for_senegal(self):
		assert holiday_language("SN", "fr") == "fr_SN"
		assert holiday_language("sn", "en") == "en_US"
		assert holiday_language("SN", "de") is None
		assert holiday_language("XX", "fr") is None
		assert holiday_language(None, "fr") is None

	def test_the_holidays_are_named_in_the_readers_language_whatever_the_librarys_default(self):
		independence = date(2026, 4, 4)
		assert public_holidays("SN", [2026], language=holiday_language("SN", "fr"))[independence] == (
			"Fête de l'Indépendance"
		)
		assert public_holidays("SN", [2026], language=holiday_language("SN", "en"))[independence] == (
			"Independence Day"
		)
