"""The website's inquiry page posts here: POST /api/method/nest_prospects.web_inquiries.api.submit.

Open to Guest by design (the page is public); what keeps it from being abused:

- rate-limited per IP address (frappe.rate_limiter: the setting "Inquiries per hour from one
  address", HTTP 429 beyond);
- a body over web_inquiries.rules.MAX_BODY_BYTES is refused (413) before anything is read;
- only the page's fields are accepted: an unknown field, a missing or unreadable one is
  refused with HTTP 422 naming the field (`invalid_fields` in the answer, the message in the
  visitor's language), as the patient system's API does; nothing is written;
- a filled honeypot gets the same answer as anyone and nothing is written;
- the answer is the same sentence whether the visitor was known or not: it carries nobody's
  data (the record is made on the server, web_inquiries.inquiries).
"""

# No `from __future__ import annotations`: Frappe validates whitelisted arguments against real
# type hints (it skips hints that are strings).
from typing import Any

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint, getdate, today

from nest_prospects.nest_prospects.doctype.nest_prospect_settings.nest_prospect_settings import get_settings
from nest_prospects.people.queries import phone_region
from nest_prospects.web_inquiries.inquiries import public_request_types, record_inquiry
from nest_prospects.web_inquiries.rules import (
	FIELD_LABELS,
	FIELDS,
	PayloadError,
	body_too_large,
	clean_inquiry,
	is_robot,
)

RATE_WINDOW = 60 * 60
DEFAULT_PER_HOUR = 10
# What Frappe adds to a call's arguments: the method's name, the language asked for in the URL.
FRAMEWORK_KEYS = frozenset({"cmd", "_lang"})


class WebInquiryError(frappe.ValidationError):
	"""The inquiry cannot be recorded as sent: HTTP 422, nothing written."""

	http_status_code = 422


class WebInquiryTooLarge(frappe.ValidationError):
	http_status_code = 413


def per_hour() -> int:
	return cint(get_settings().web_inquiries_per_hour) or DEFAULT_PER_HOUR


def thanks() -> str:
	"""The one answer every accepted inquiry gets, known person or not."""
	return _("Thank you, your request has been sent. The clinic will contact you soon.")


# xss_safe: Frappe would strip the tags of a Guest's text before the rules read it; the rules
# refuse `<` and `>` instead, naming the field, so what is stored is what she typed.
@frappe.whitelist(allow_guest=True, xss_safe=True, methods=["POST"])
@rate_limit(limit=per_hour, seconds=RATE_WINDOW)
def submit(**fields: Any) -> str:
	"""Record the page's inquiry (see the module's docstring); answer `thanks()`."""
	request = getattr(frappe.local, "request", None)
	too_large = body_too_large(request.content_length if request else None)
	if too_large:
		_refuse(too_large, WebInquiryTooLarge)
	payload = {key: value for key, value in fields.items() if key not in FRAMEWORK_KEYS}
	if is_robot(payload) and set(payload) <= FIELDS:
		return thanks()
	codes = [row.name for row in public_request_types()]
	try:
		clean = clean_inquiry(payload, getdate(today()), codes, phone_region())
	except PayloadError as error:
		_refuse(error)
	record_inquiry(clean)
	return thanks()


def _refuse(error: PayloadError, exc: type = WebInquiryError) -> None:
	"""The translated refusal, the fields named by their label on the page; their keys in
	`invalid_fields`, for the page to mark them."""
	fields = [field for field in (error.field or "").split(", ") if field]
	args = [
		_(FIELD_LABELS[arg]) if arg in fields and arg in FIELD_LABELS else arg
		for arg in error.args_for_message
	]
	frappe.local.response["invalid_fields"] = fields
	frappe.throw(_(error.message).format(*args), exc, title=_("Your request was not sent"))
