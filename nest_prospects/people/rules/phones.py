"""Phone numbers, stored in E.164 so that one person has one key whatever way it was typed."""

from __future__ import annotations

import re

import phonenumbers

DEFAULT_REGION = "SN"


class InvalidPhoneNumber(ValueError):
	"""The text cannot be read as a valid phone number."""


def is_known_region(region: str | None) -> bool:
	return bool(region) and region.upper() in phonenumbers.SUPPORTED_REGIONS


def normalise_phone(raw: str | None, default_region: str = DEFAULT_REGION) -> str | None:
	"""Return the number in E.164 (+221771234567), None for an empty value.

	Accepts spaces, dots, dashes and brackets, an international prefix written `+` or `00`,
	and national numbers, read in `default_region`. Raises InvalidPhoneNumber otherwise.
	"""
	if raw is None or not str(raw).strip():
		return None
	text = str(raw).strip()
	compact = re.sub(r"[\s.\-/()]", "", text)
	if compact.startswith("00"):
		compact = "+" + compact[2:]
	if not re.fullmatch(r"\+?\d{4,17}", compact):
		raise InvalidPhoneNumber(text)

	candidates = [compact]
	if not compact.startswith("+"):
		# "221771234567": a country code typed without its +.
		candidates.append("+" + compact)
	for candidate in candidates:
		try:
			number = phonenumbers.parse(candidate, (default_region or DEFAULT_REGION).upper())
		except phonenumbers.NumberParseException:
			continue
		if phonenumbers.is_valid_number(number):
			return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
	raise InvalidPhoneNumber(text)


def format_phone(e164: str | None) -> str:
	"""The international form for display: +221 77 123 45 67."""
	if not e164:
		return ""
	try:
		number = phonenumbers.parse(e164, None)
	except phonenumbers.NumberParseException:
		return e164
	return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_search_prefixes(
	typed: str | None, default_region: str = DEFAULT_REGION, min_digits: int = 3
) -> list[str]:
	"""The E.164 beginnings of the stored numbers a secretary may be typing, for `LIKE 'prefix%'`.

	Numbers are stored in E.164, so a number being typed is searched by the prefix it gives,
	an indexed range, never by `LIKE '%digits%'` (a full scan at every keystroke):

	- `+221 77 12` or `00221 77 12`: `+2217712`;
	- `77 12 3`, national, read in `default_region`: `+22177123`, and `+77123` for a country
	  code typed without its + (`221 77...`); a trunk 0 typed before a national number
	  (`06 12...` in France) is left out, as E.164 does.

	Anything but digits, spaces, dots, dashes, slashes, brackets and a leading + or 00 is not
	a number (a name, an id): no prefix. Nor is a number shorter than `min_digits`.
	"""
	if not typed:
		return []
	compact = re.sub(r"[\s.\-/()]", "", str(typed))
	match = re.fullmatch(r"(\+|00)?(\d+)", compact)
	if not match or len(match.group(2)) < min_digits:
		return []
	digits = match.group(2)
	if match.group(1):
		return ["+" + digits]
	prefixes = []
	region = (default_region or DEFAULT_REGION).upper()
	country_code = phonenumbers.country_code_for_region(region)
	if country_code:
		metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
		trunk = metadata.national_prefix if metadata else None
		national = digits[len(trunk) :] if trunk and digits.startswith(trunk) else digits
		if national:
			prefixes.append(f"+{country_code}{national}")
	if digits[0] != "0":
		prefixes.append("+" + digits)
	return list(dict.fromkeys(prefixes))
