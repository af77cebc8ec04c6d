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
