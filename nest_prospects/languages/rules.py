"""Matching a desk language (Frappe's codes: "fr", "fr-CA", "en") with a library's locales."""

from __future__ import annotations

from collections.abc import Iterable

import holidays


def closest_locale(lang: str | None, supported: Iterable[str]) -> str | None:
	"""The locale of `supported` that a reader of `lang` reads best, None if there is none.

	The exact locale first ("fr-CA" -> "fr_CA"), then the bare language ("fr"), then any
	regional variant of it ("fr" -> "fr_SN").
	"""
	if not lang:
		return None
	by_key = {locale.replace("-", "_").lower(): locale for locale in supported}
	wanted = lang.replace("-", "_").lower()
	base = wanted.split("_")[0]
	if wanted in by_key:
		return by_key[wanted]
	if base in by_key:
		return by_key[base]
	variants = sorted(key for key in by_key if key.split("_")[0] == base)
	return by_key[variants[0]] if variants else None


def holiday_language(country: str | None, lang: str | None) -> str | None:
	"""The `holidays` library's language for the holiday names of `country` read in `lang`.

	None (the library's default for the country) when the country is unknown or the library
	does not speak `lang`.
	"""
	if not country or country.upper() not in holidays.list_supported_countries():
		return None
	supported = holidays.list_localized_countries().get(country.upper(), ())
	return closest_locale(lang, supported)
