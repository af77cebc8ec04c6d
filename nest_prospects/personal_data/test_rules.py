"""The erasure and retention rules (framework-free: plain pytest or unittest runs them)."""

from __future__ import annotations

import unittest
from datetime import date, datetime

from nest_prospects.personal_data import rules
from nest_prospects.personal_data.rules import (
	ERASED_TEXT,
	IDENTIFYING_FIELDS,
	KEPT_FIELDS,
	ProspectState,
	anonymised_value,
	due_for_anonymisation,
	person_values,
	records_summary,
	retention_cutoff,
	scrub_text,
	scrub_version_data,
)

AWA = person_values(
	"Ndèye Awa", "Zelinkowa", "+221771234567", "awa.z@example.sn", date(1987, 2, 13), "771234567"
)


class IdentifyingFields(unittest.TestCase):
	def test_what_identifies_her_is_never_what_the_statistics_read(self) -> None:
		for doctype, kept in KEPT_FIELDS.items():
			self.assertFalse(set(kept) & set(IDENTIFYING_FIELDS[doctype]), doctype)

	def test_the_prospect_loses_names_contact_birth_date_comments_and_key(self) -> None:
		self.assertLessEqual(
			{
				"first_name",
				"last_name",
				"full_name",
				"phone",
				"email",
				"date_of_birth",
				"match_key",
				"comments",
			},
			set(IDENTIFYING_FIELDS[rules.PROSPECT]),
		)

	def test_every_kind_is_known(self) -> None:
		for fields in IDENTIFYING_FIELDS.values():
			for kind in fields.values():
				anonymised_value(kind, "PRO-2026-00001")

	def test_what_a_value_becomes(self) -> None:
		self.assertIsNone(anonymised_value(rules.CLEAR, "PRO-1"))
		self.assertEqual(anonymised_value(rules.MARK, "PRO-1"), ERASED_TEXT)
		self.assertEqual(anonymised_value(rules.PSEUDONYM, "PRO-1"), "Anonyme PRO-1")
		self.assertEqual(anonymised_value(rules.RECORD_NAME, "PRO-1"), "PRO-1")
		self.assertEqual(anonymised_value(rules.FIRST_NAME, "PRO-1"), "Anonyme")
		self.assertIsNone(anonymised_value(rules.CLEAR_IF_RECEIVED, "PRO-1", "awa@x.sn", received=True))
		self.assertEqual(anonymised_value(rules.CLEAR_IF_RECEIVED, "PRO-1", "clinic@x.sn"), "clinic@x.sn")
		with self.assertRaises(ValueError):
			anonymised_value("burn", "PRO-1")

	def test_the_version_diff_fields_are_the_identifying_ones_without_frappe_caches(self) -> None:
		fields = rules.identifying_fieldnames()
		self.assertIn("phone", fields)
		self.assertIn("party_name", fields)
		self.assertNotIn("_comments", fields)
		self.assertNotIn("temperature", fields)


class HerValuesInTexts(unittest.TestCase):
	def test_her_values_longest_first(self) -> None:
		self.assertEqual(AWA[0], "Ndèye Awa Zelinkowa")
		self.assertIn("1987-02-13", AWA)
		self.assertIn("771234567", AWA)
		self.assertIn("+221771234567", AWA)
		self.assertIn("awa.z@example.sn", AWA)

	def test_short_names_are_not_scrubbed_from_every_word(self) -> None:
		self.assertNotIn("Bâ", person_values("Bâ", "Zelinkowa", None, None, None))

	def test_a_text_loses_her_names_numbers_however_typed_email_and_birth_date(self) -> None:
		text = (
			"Appel de NDÈYE AWA zelinkowa au 77 123 45 67 (ou +221 77.123.45.67, 00221771234567), "
			"née le 1987-02-13, awa.z@example.sn"
		)
		scrubbed = scrub_text(text, AWA)
		for value in ("NDÈYE", "zelinkowa", "77 123", "123.45", "771234567", "1987-02-13", "awa.z"):
			self.assertNotIn(value.casefold(), scrubbed.casefold())
		self.assertTrue(scrubbed.startswith(f"Appel de {ERASED_TEXT} au {ERASED_TEXT}"))

	def test_nothing_to_scrub(self) -> None:
		self.assertIsNone(scrub_text(None, AWA))
		self.assertEqual(scrub_text("Rappel 7 jours", AWA), "Rappel 7 jours")
		self.assertEqual(scrub_text("Zelinkowa", []), "Zelinkowa")


class VersionData(unittest.TestCase):
	def test_changed_fields_keep_their_name_and_lose_their_values(self) -> None:
		data = {
			"changed": [
				["phone", "+221771234567", "+221771234568"],
				["temperature", "Warm", "Hot"],
				["email", None, "awa.z@example.sn"],
			]
		}
		scrubbed = scrub_version_data(data, AWA)
		self.assertEqual(
			scrubbed["changed"],
			[
				["phone", ERASED_TEXT, ERASED_TEXT],
				["temperature", "Warm", "Hot"],
				["email", None, ERASED_TEXT],
			],
		)

	def test_rows_added_removed_and_changed(self) -> None:
		data = {
			"added": [["classification_history", {"to_value": "Hot", "reason": "Zelinkowa rappelée"}]],
			"removed": [["request_types", {"request_type": "TARIFS"}]],
			"row_changed": [["timeline_links", 1, "abc", [["link_title", "Awa Zelinkowa", "X"]]]],
		}
		scrubbed = scrub_version_data(data, AWA)
		self.assertEqual(scrubbed["added"][0][1], {"to_value": "Hot", "reason": f"{ERASED_TEXT} rappelée"})
		self.assertEqual(scrubbed["removed"], data["removed"])
		self.assertEqual(scrubbed["row_changed"][0][3], [["link_title", ERASED_TEXT, ERASED_TEXT]])

	def test_any_of_her_values_left_in_a_text_is_replaced(self) -> None:
		data = {
			"changed": [["comments", "a", "b"], ["documents", "Devis pour Zelinkowa", "x"]],
			"comment": "1987-02-13",
		}
		scrubbed = scrub_version_data(data, AWA)
		self.assertEqual(scrubbed["changed"][1], ["documents", f"Devis pour {ERASED_TEXT}", "x"])
		self.assertEqual(scrubbed["comment"], ERASED_TEXT)

	def test_a_creation_record_is_left_as_it_is(self) -> None:
		data = {"creation": "2026-11-26 10:00:00", "created_by": "secretaire@nest.test"}
		self.assertEqual(scrub_version_data(data, AWA), data)


class Retention(unittest.TestCase):
	def test_cutoff_is_n_years_before_today(self) -> None:
		self.assertEqual(retention_cutoff(date(2026, 11, 26), 3), datetime(2023, 11, 26))
		self.assertEqual(retention_cutoff(date(2028, 2, 29), 1), datetime(2027, 2, 28))

	def test_zero_or_nothing_turns_the_rule_off(self) -> None:
		self.assertIsNone(retention_cutoff(date(2026, 11, 26), 0))
		self.assertIsNone(retention_cutoff(date(2026, 11, 26), None))

	def test_who_is_due(self) -> None:
		cutoff = datetime(2023, 11, 26)
		old, recent = datetime(2023, 11, 25, 23, 59), datetime(2023, 11, 26)
		self.assertTrue(due_for_anonymisation(ProspectState("Abandoned", None, old), cutoff))
		self.assertTrue(due_for_anonymisation(ProspectState("Active", None, old), cutoff))
		self.assertTrue(due_for_anonymisation(ProspectState("Duplicate", None, old), cutoff))
		self.assertFalse(due_for_anonymisation(ProspectState("Abandoned", None, recent), cutoff))
		self.assertFalse(due_for_anonymisation(ProspectState("Converted", None, old), cutoff))
		self.assertFalse(due_for_anonymisation(ProspectState("Already Patient", None, old), cutoff))
		self.assertFalse(due_for_anonymisation(ProspectState("Abandoned", "EY-1", old), cutoff))
		self.assertFalse(due_for_anonymisation(ProspectState("Abandoned", None, old, old), cutoff))
		self.assertFalse(due_for_anonymisation(ProspectState("Abandoned", None, None), cutoff))
		self.assertFalse(due_for_anonymisation(ProspectState("Abandoned", None, old), None))


class ContactPersons(unittest.TestCase):
	def test_the_contact_person_loses_names_phone_email_and_links_to_herself(self) -> None:
		self.assertLessEqual(
			{"first_name", "last_name", "full_name", "phone", "email", "also_prospect", "also_patient"},
			set(IDENTIFYING_FIELDS[rules.CONTACT_PERSON]),
		)

	def test_her_values_are_looked_for_in_the_free_texts_of_the_prospects_she_asks_for(self) -> None:
		for doctype, fields in rules.FREE_TEXT_FIELDS.items():
			self.assertFalse(set(fields) & set(KEPT_FIELDS.get(doctype, ())), doctype)
		self.assertIn("description", rules.FREE_TEXT_FIELDS[rules.TODO])
		self.assertIn("recipients", rules.FREE_TEXT_FIELDS[rules.COMMUNICATION])

	def test_erased_with_the_prospects_she_alone_asks_for(self) -> None:
		asks_for = {
			"CON-ONLY": {"PRO-1"},
			"CON-BOTH-ERASED": {"PRO-1", "PRO-2"},
			"CON-SHARED": {"PRO-1", "PRO-3"},
			"CON-HERSELF": {"PRO-1"},
			"CON-OTHER": {"PRO-3"},
			"CON-NONE": set(),
		}
		erased = rules.contacts_erased_with(asks_for, {"CON-HERSELF"}, {"PRO-1", "PRO-2"})
		self.assertEqual(erased, {"CON-ONLY", "CON-BOTH-ERASED"})


class Log(unittest.TestCase):
	def test_the_log_lists_record_names_per_doctype(self) -> None:
		summary = records_summary(
			{"NEST Prospect": ["PRO-1"], "NEST Interaction": ["INT-2", "INT-1", "INT-2"], "Comment": []}
		)
		self.assertEqual(summary, "NEST Interaction (2): INT-1, INT-2\nNEST Prospect (1): PRO-1")

	def test_requesters_are_choices_and_the_rule_is_not_one_of_them(self) -> None:
		self.assertNotIn(rules.RETENTION_RULE, rules.REQUESTERS)


if __name__ == "__main__":
	unittest.main()
