"""Finding a colleague as the account manager ("responsable clientèle", seed 002): by her name,
or by her service and site typed together ("maternité Almadies"), as the care group's CRM does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nest_prospects.people.rules.matching import fold_name

# The staff directory's services, stored in English (NEST Staff Member.service).
SERVICES = ("Reception", "Maternity", "Paediatrics", "Fertility", "Gynaecology", "Midwifery")


@dataclass(frozen=True)
class ColleagueSearch:
	"""What a typed search asks for: a service, a site, and the words of a name."""

	service: str | None = None
	site: str | None = None
	name_words: tuple[str, ...] = field(default_factory=tuple)


def read_colleague_search(
	text: str | None, service_labels: dict[str, str], sites: list[str] | tuple[str, ...]
) -> ColleagueSearch:
	"""Split what was typed into a service, a site and name words.

	`service_labels` maps each way of writing a service (its English value, its French label)
	to the stored value; `sites` are the sites' names. Both are compared folded (no accents, no
	case), a label of several words ("sage femme") too; the longest label wins. A word that is
	neither a service nor a site is part of the colleague's name.
	"""
	words = fold_name(text).split()
	labels = {fold_name(label): value for label, value in service_labels.items() if fold_name(label)}
	labels_of_sites = {fold_name(site): site for site in sites if fold_name(site)}
	service = site = None
	name_words: list[str] = []
	position = 0
	while position < len(words):
		found = None
		for size in range(len(words) - position, 0, -1):
			phrase = " ".join(words[position : position + size])
			if service is None and phrase in labels:
				found = ("service", labels[phrase], size)
				break
			if site is None and phrase in labels_of_sites:
				found = ("site", labels_of_sites[phrase], size)
				break
		if found is None:
			name_words.append(words[position])
			position += 1
			continue
		kind, value, size = found
		if kind == "service":
			service = value
		else:
			site = value
		position += size
	return ColleagueSearch(service=service, site=site, name_words=tuple(name_words))


def matches_name(full_name: str | None, name_words: tuple[str, ...]) -> bool:
	"""Every typed word begins a word of her name (folded): "fat so" finds "Fatou Sow"."""
	name = fold_name(full_name).split()
	return all(any(part.startswith(word) for part in name) for word in name_words)
