"""Who asks (issue 13, seed 002): the prospects recorded before the role existed have none.

Those who asked for themselves (no contact person) become "the person herself" (`Self`); those
asked for by a contact person, and the erased ones (whose contact person is gone), stay empty:
their role is not known. One UPDATE; a second run finds nobody.
"""

import frappe

from nest_prospects.people.rules.contacts import SELF


def execute() -> None:
	frappe.db.sql(
		"""update `tabNEST Prospect` set person_role = %(self)s
		where ifnull(person_role, '') = '' and ifnull(contact_person, '') = '' and anonymised_on is null""",
		{"self": SELF},
	)
