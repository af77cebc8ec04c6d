import pytest

from nest_prospects.people.rules.phones import (
	InvalidPhoneNumber,
	format_phone,
	is_known_region,
	normalise_phone,
)


@pytest.mark.parametrize(
	"typed",
	[
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
	],
)
def test_senegal_mobile_in_every_form(typed):
	assert normalise_phone(typed, "SN") == "+221771234567"


def test_landline_of_the_clinic_region():
	assert normalise_phone("33 869 00 00", "SN") == "+221338690000"


def test_foreign_number_keeps_its_country():
	assert normalise_phone("+33 6 12 34 56 78", "SN") == "+33612345678"
	assert normalise_phone("0033612345678", "SN") == "+33612345678"


def test_default_region_reads_national_numbers():
	assert normalise_phone("06 12 34 56 78", "FR") == "+33612345678"
	assert normalise_phone("06 12 34 56 78", "fr") == "+33612345678"


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_is_none(empty):
	assert normalise_phone(empty, "SN") is None


@pytest.mark.parametrize("bad", ["abc", "77 12", "+221 12 34", "77 123 45 67 ext", "++221771234567"])
def test_unreadable_numbers_are_refused(bad):
	with pytest.raises(InvalidPhoneNumber):
		normalise_phone(bad, "SN")


def test_display_form():
	assert format_phone("+221771234567") == "+221 77 123 45 67"
	assert format_phone(None) == ""


def test_known_regions():
	assert is_known_region("SN") and is_known_region("fr")
	assert not is_known_region("XX") and not is_known_region("")
