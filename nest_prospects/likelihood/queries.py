"""What the likelihood reads from the database: the frequency tables of the reviews, and the
features of a page of prospects. The features are read the same way for both, from the
prospect's record as it stands (likelihood.rules says what each one is):

- source, temperature, first channel: the prospect's fields;
- request types: those of her first request (`initial_request_types`);
- age band: her age on her first contact (`date_of_birth`, `first_contact_on`);
- documents sent: one of her interactions is ticked "documents sent";
- appointment booked: an appointment was recorded for her as a prospect (any status).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import frappe

from nest_prospects.conversion_review.rules.outcomes import CONVERTED
from nest_prospects.likelihood.rules import (
	AGE_BAND,
	AGE_BANDS,
	APPOINTMENT_BOOKED,
	DOCUMENTS_SENT,
	FIRST_CHANNEL,
	REQUEST_TYPE,
	SOURCE,
	TEMPERATURE,
	FrequencyTables,
	yes_no,
)
from nest_prospects.sql import IN_LIST_LIMIT

PAGE_SIZE = IN_LIST_LIMIT


def _age_band_sql() -> str:
	"""rules.AGE_BANDS as SQL: the band of the whole years between birth and first contact."""
	age = "timestampdiff(year, p.date_of_birth, p.first_contact_on)"
	whens = []
	for lower, upper, band in AGE_BANDS:
		parts = [f"{age} >= {lower}" if lower is not None else f"{age} >= 0"]
		if upper is not None:
			parts.append(f"{age} < {upper}")
		whens.append(f"when {' and '.join(parts)} then {frappe.db.escape(band)}")
	return f"(case {' '.join(whens)} end)"


def _features_sql() -> str:
	"""The single-valued features of the prospect `p`, as columns."""
	return f"""
		nullif(p.source, '') as source, nullif(p.temperature, '') as temperature,
		nullif(p.initial_channel, '') as first_channel, {_age_band_sql()} as age_band,
		exists (select 1 from `tabNEST Interaction` i
			where i.party = p.name and i.party_type = 'NEST Prospect' and i.documents_sent = 1) as documents_sent,
		exists (select 1 from `tabNEST Appointment` a
			where a.party = p.name and a.party_type = 'NEST Prospect') as appointment_booked"""


def _features(row) -> dict:
	return {
		SOURCE: row.source,
		TEMPERATURE: row.temperature,
		FIRST_CHANNEL: row.first_channel,
		AGE_BAND: row.age_band,
		DOCUMENTS_SENT: yes_no(row.documents_sent),
		APPOINTMENT_BOOKED: yes_no(row.appointment_booked),
	}


def frequency_tables() -> FrequencyTables:
	"""The tables of every reviewed prospect, in two GROUP BY queries (one pass over the reviews each)."""
	tables = FrequencyTables()
	grouped = frappe.db.sql(
		f"""select converted, source, temperature, first_channel, age_band, documents_sent,
			appointment_booked, count(*) as prospects
		from (
			select (r.outcome = %(converted)s) as converted, {_features_sql()}
			from `tabNEST Conversion Review` r join `tabNEST Prospect` p on p.name = r.prospect
		) reviewed
		group by converted, source, temperature, first_channel, age_band, documents_sent, appointment_booked""",
		{"converted": CONVERTED},
		as_dict=True,
	)
	for row in grouped:
		tables.add(_features(row), bool(row.converted), int(row.prospects))
	for request_type, converted, prospects in frappe.db.sql(
		"""select t.request_type, (r.outcome = %(converted)s), count(distinct r.prospect)
		from `tabNEST Conversion Review` r
		join `tabNEST Interaction Request Type` t on t.parent = r.prospect
			and t.parenttype = 'NEST Prospect' and t.parentfield = 'initial_request_types'
		where t.request_type is not null and t.request_type != ''
		group by t.request_type, (r.outcome = %(converted)s)""",
		{"converted": CONVERTED},
	):
		tables.add_value(REQUEST_TYPE, request_type, bool(converted), int(prospects))
	return tables


def pages_of_features(
	where: str, params: dict, extra_columns: str = "", join: str = ""
) -> Iterator[list[frappe._dict]]:
	"""The prospects `p` matching `where`, PAGE_SIZE at a time by name (keyset paging: memory
	bounded), each row with its `features` (rules' form) and the `extra_columns` asked for.

	Two queries per page: the prospects with their single-valued features, their request types.
	"""
	after = ""
	while True:
		rows = frappe.db.sql(
			f"""select p.name {extra_columns}, {_features_sql()}
			from `tabNEST Prospect` p {join}
			where ({where}) and p.name > %(after)s
			order by p.name limit {PAGE_SIZE}""",
			{**params, "after": after},
			as_dict=True,
		)
		if not rows:
			return
		requests: dict[str, list[str]] = defaultdict(list)
		for parent, request_type in frappe.db.sql(
			"""select parent, request_type from `tabNEST Interaction Request Type`
			where parent in %(names)s and parenttype = 'NEST Prospect'
				and parentfield = 'initial_request_types'""",
			{"names": [row.name for row in rows]},
		):
			requests[parent].append(request_type)
		for row in rows:
			row.features = {**_features(row), REQUEST_TYPE: requests.get(row.name, [])}
		yield rows
		if len(rows) < PAGE_SIZE:
			return
		after = rows[-1].name
