"""No English of the app on a French desk: the patterns that test_smoke.py applies to every page it opens.

The English looked for is the app's own: the sources of locale/fr.po whose French differs,
of two words or more ("Call to book", "Inbound Call", "No-show" is one word but a stored value),
plus the one-word values the app stores in English and shows translated (temperatures, states,
outcomes...). A page fails when its visible text holds one of them as whole words, case counted:
"Hot" in a grid is a value shown raw, "hot" in a sentence is not the app's.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

FR_PO = Path(__file__).resolve().parents[2] / "nest_prospects" / "locale" / "fr.po"
# One-word values the app stores in English and must show in French (Select options, statuses).
ONE_WORD_VALUES = {
	"Hot",
	"Warm",
	"Cold",
	"Dormant",
	"Lost",
	"Abandoned",
	"Converted",
	"Duplicate",
	"Scheduled",
	"Attended",
	"No-show",
	"Empty",
	"Prices",
	"Quote",
	"Recall",
	"Overdue",
	"Waiting",
}
PLACEHOLDER = re.compile(r"\{[0-9]*\}")
# Frappe's activity log (changes, views, shares...): values as they were stored at the time, in
# Frappe's wording. What the app itself writes on the timeline (comments, mails) is checked.
FRAPPE_LOG = (
	".page-container:visible .timeline-item:not([data-doctype='Comment']):not([data-doctype='Communication'])"
)


@functools.cache
def english_strings() -> dict[str, re.Pattern]:
	"""The English sources to look for, each with its whole-word, case-sensitive pattern."""
	wanted: dict[str, re.Pattern] = {}
	from nest_prospects.tests.po_files import read_po

	for entry in read_po(FR_PO):
		if not entry.msgstr or entry.msgid == entry.msgstr:
			continue
		source = entry.msgid
		if len(source.split()) < 2 and source not in ONE_WORD_VALUES:
			continue
		fragments = [re.escape(part) for part in PLACEHOLDER.split(source)]
		body = r"[^\n]{1,80}?".join(fragments)
		# Whole words: no letter or digit just before or after (the edges may be punctuation).
		wanted[source] = re.compile(rf"(?<![\w]){body}(?![\w])")
	return wanted


def english_found(text: str) -> dict[str, str]:
	"""The app's English sources found in a page's visible text, each with the text around it."""
	found = {}
	for source, pattern in english_strings().items():
		match = pattern.search(text)
		if match:
			start = max(match.start() - 40, 0)
			found[source] = text[start : match.end() + 40].replace("\n", " | ")
	return found


def test_the_english_strings_are_found_by_their_patterns():
	"""The patterns themselves: whole words, case counted, placeholders as any text."""
	strings = english_strings()
	assert strings["Inbound Call"].search("Canal | Inbound Call | Avec")
	assert not strings["Hot"].search("Hotline")
	assert not strings["Hot"].search("hot")
	assert strings["Due on {0}"].search("Due on 12/01/2026 10:00")
	assert "Email" not in strings and "Chaud" not in strings
