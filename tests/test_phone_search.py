"""The phone prefixes the link search looks up while a number is being typed."""

import pytest

from nest_prospects.people.rules.phones import normalise_phone, phone_search_prefixes


@pytest.mark.parametrize(
	"typed, prefixes",
	[
		("77 123", ["+22177123", "+77123"]),
		("77.12.3", ["+22177123", "+77123"]),
		("+221 77 12", ["+2217712"]),
		("00221 77 12", ["+2217712"]),
		("(+221) 77-12", ["+2217712"]),
		("221 77 12", ["+2212217712", "+2217712"]),
	],
)
def test_senegal(typed, prefixes):
	assert phone_search_prefixes(typed, "SN") == prefixes


def test_a_trunk_zero_is_left_out_as_e164_does():
	assert phone_search_prefixes("06 12 34", "FR") == ["+3361234"]


@pytest.mark.parametrize("typed", [None, "", "  ", "Awa", "PRO-2026-00012", "77a", "12", "+4", "awa@x.sn"])
def test_what_is_not_a_number_being_typed_gives_nothing(typed):
	assert phone_search_prefixes(typed, "SN") == []


@pytest.mark.parametrize("typed", ["77 123 45 67", "+221 77 123 45 67", "00221771234567", "221771234567"])
def test_the_whole_number_typed_is_a_prefix_of_its_stored_form(typed):
	stored = normalise_phone(typed, "SN")
	assert any(stored.startswith(prefix) for prefix in phone_search_prefixes(typed, "SN"))


@pytest.mark.parametrize("cut", range(3, 9))
def test_every_beginning_of_a_national_number_finds_it(cut):
	stored = "+221771234567"
	typed = "771234567"[:cut]
	assert any(stored.startswith(prefix) for prefix in phone_search_prefixes(typed, "SN"))


def test_an_unknown_region_still_reads_international_numbers():
	assert phone_search_prefixes("+221 77", "ZZ") == ["+22177"]
	assert phone_search_prefixes("77 12", "ZZ") == ["+7712"]
