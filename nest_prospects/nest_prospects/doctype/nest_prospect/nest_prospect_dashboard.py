from frappe import _


def get_data():
	return {
		"fieldname": "party",
		"non_standard_fieldnames": {
			"NEST Interaction": "party",
			"NEST Appointment": "party",
			"NEST Follow-up Task": "reference_name",
			"NEST Conversion Review": "prospect",
			"NEST Referral": "prospect",
		},
		"dynamic_links": {
			"party": ["NEST Prospect", "party_type"],
			"reference_name": ["NEST Prospect", "reference_type"],
		},
		"transactions": [
			{
				"label": _("Follow-up"),
				"items": ["NEST Interaction", "NEST Appointment", "NEST Follow-up Task", "NEST Referral"],
			},
			{"label": _("Conversion"), "items": ["NEST Conversion Review"]},
		],
	}
