"""The website's inquiry page, /demande: a visitor asks the clinic, the app records it.

The page only shows the form; web_inquiries.api.submit checks and records what is sent. It is
built on every request (no_cache): its choices and the consent wording follow the settings.
"""

from __future__ import annotations

import frappe
from frappe import _

from nest_prospects.web_inquiries.inquiries import consent_text, public_request_types
from nest_prospects.web_inquiries.rules import HONEYPOT, MAX_MESSAGE_LENGTH

no_cache = 1
sitemap = 1


def get_context(context) -> None:
	context.title = _("Ask the NEST clinic")
	context.no_breadcrumbs = True
	context.request_types = public_request_types()
	context.consent_text = consent_text()
	context.honeypot = HONEYPOT
	context.max_message_length = MAX_MESSAGE_LENGTH
	context.submit_url = "/api/method/nest_prospects.web_inquiries.api.submit"
	# What the page's script says, in the visitor's language (the page has no desk translations).
	context.texts = {
		"sending": _("Sending…"),
		"send": _("Send my request"),
		"network": _("The request could not be sent. Check your connection and try again."),
	}
	context.today = frappe.utils.today()
