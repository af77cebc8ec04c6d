# Copyright (c) 2026, NEST and contributors
# For license information, please see license.txt


import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_link_to_form

from nest_prospects.constants import CONTACT_PERSON, PROSPECT
from nest_prospects.people.queries import find_matches, normalise_person
from nest_prospects.people.rules.contacts import CONTACT_NEEDS_A_WAY
from nest_prospects.people.rules.matching import PHONE
from nest_prospects.personal_data.api import erase_contact_person, export_contact_person


class NESTContactPerson(Document):
	"""A person who asks on behalf of a prospect: a person of her own, found and de-duplicated
	like a prospect (people.api.find_existing_people), possibly a prospect or a patient herself."""

	def before_validate(self) -> None:
		"""Only the erasure sets `anonymised_on` (nest_prospects.personal_data)."""
		if not self.flags.written_by_app:
			self.anonymised_on = None if self.is_new() else self.get_db_value("anonymised_on")

	def validate(self) -> None:
		if self.anonymised_on:
			return  # erased: who she was is gone for good
		normalise_person(self)
		if not (self.phone or self.email):
			frappe.throw(_(CONTACT_NEEDS_A_WAY), title=_("Missing contact"))
		if self.is_new() or self.has_value_changed("phone") or self.has_value_changed("email"):
			self.refuse_duplicate()
		self.link_to_herself()

	def link_to_herself(self) -> None:
		"""A contact person with the phone of a prospect or a patient is that person too."""
		if not self.phone or (self.also_prospect and self.also_patient):
			return
		for match in find_matches(self.phone, None, limit=5):
			field = "also_prospect" if match["doctype"] == PROSPECT else "also_patient"
			if match["matched_on"] == PHONE and not self.get(field):
				self.set(field, match["name"])

	def refuse_duplicate(self) -> None:
		"""No second contact person with the same phone or email: the agent picks the one known."""
		for fieldname in ("phone", "email"):
			value = self.get(fieldname)
			if not value:
				continue
			known = frappe.db.get_value(
				CONTACT_PERSON,
				{fieldname: value, "name": ("!=", self.name)},
				["name", "full_name"],
				as_dict=True,
			)
			if known:
				frappe.throw(
					_("Field {0}: {1} is already the contact person {2}; choose her instead.").format(
						_(self.meta.get_label(fieldname)),
						frappe.bold(value),
						get_link_to_form(CONTACT_PERSON, known.name, known.full_name),
					),
					title=_("Already known"),
					exc=frappe.DuplicateEntryError,
				)

	@frappe.whitelist(methods=["POST"])
	def export_personal_data(self) -> dict:
		"""The form's "Export Personal Data": everything the app holds on her, as one JSON file
		(managers only; nest_prospects.personal_data)."""
		return export_contact_person(self.name)

	@frappe.whitelist(methods=["POST"])
	def erase_personal_data(
		self, requested_by: str | None = None, request_received_on: str | None = None
	) -> dict:
		"""The form's "Erase Personal Data": anonymise her, on whose request; logged."""
		return erase_contact_person(self.name, requested_by, request_received_on)
