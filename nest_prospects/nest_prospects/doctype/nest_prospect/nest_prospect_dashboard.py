from frappe import _


def get_data():
	return {
		"fieldname": "party",
		"non_standard_fieldnames": {"NEST Interaction": "party"},
		"dynamic_links": {"party": ["NEST Prospect", "party_type"]},
		"transactions": [{"label": _("Follow-up"), "items": ["NEST Interaction"]}],
	}
