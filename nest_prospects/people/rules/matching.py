"""How a person asking about the clinic is recognised as someone already known.

Two keys, as the procedure searches "sur le numéro de téléphone et/ou sur la date de
naissance": the normalised phone, and the names with the date of birth, compared without
accents, case, punctuation or extra spaces.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

PHONE = "phone"
NAMES_AND_BIRTH_DATE = "names_and_birth_date"


def fold_name(name: str | None) -> str:
	"""'  Ndèye-Fatou  ' -> 'ndeye fatou': no accents, no case, single spaces."""
	if not name:
		return ""
	decomposed = unicodedata.normalize("NFKD", name)
	without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
	words = re.split(r"[^0-9a-z]+", without_accents.casefold())
	return " ".join(word for word in words if word)


def person_key(last_name: str | None, first_name: str | None, date_of_birth: date | str | None) -> str | None:
	"""The names-and-birth-date key, or None when any of the three is missing."""
	last, first = fold_name(last_name), fold_name(first_name)
	if not (last and first and date_of_birth):
		return None
	birth = date_of_birth.isoformat() if isinstance(date_of_birth, date) else str(date_of_birth)[:10]
	return f"{last}|{first}|{birth}"


@dataclass(frozen=True)
class Person:
	"""What the matching rules need to know of a prospect or a patient."""

	phone: str | None = None
	match_key: str | None = None


def match_reason(candidate: Person, known: Person) -> str | None:
	"""On which key `known` matches `candidate` (phone first), or None."""
	if candidate.phone and candidate.phone == known.phone:
		return PHONE
	if candidate.match_key and candidate.match_key == known.match_key:
		return NAMES_AND_BIRTH_DATE
	return None
