"""Seed records of the daily follow-up: mail templates, callback scripts, settings. Idempotent.

Each seed is created once: its name is then recorded in the settings (`seeded_records`), so a
manager who edits it keeps the edit and one who deletes it keeps it deleted, across migrates.
A seed added by a newer version of the app is created at the next migrate.
"""

from __future__ import annotations

import frappe
from frappe.utils import time_diff_in_seconds

from nest_prospects.constants import SETTINGS

# Values a site that existed before the follow-up gets, when the field has never been set.
SETTINGS_DEFAULTS = {
	"works_monday": 1,
	"works_tuesday": 1,
	"works_wednesday": 1,
	"works_thursday": 1,
	"works_friday": 1,
	"works_saturday": 0,
	"works_sunday": 0,
	"opens_at": "08:00:00",
	"closes_at": "18:00:00",
	"holiday_country": "SN",
	"task_catch_up_days": 7,
	"send_overdue_reminders": 1,
	"account_manager_name": "Codou",
}

_CLOSING = """
<p>N'hésitez pas à nous appeler{% if clinic_phone %} au {{ clinic_phone }}{% endif %}
(demandez {{ account_manager }} au standard) ou à venir nous rencontrer{% if clinic_address %}
à la clinique, {{ clinic_address }}{% endif %} : nous serons ravis de vous accueillir.</p>
<p>Bien cordialement,<br>{{ sender_name }}<br>NEST</p>
"""

EMAIL_TEMPLATES = {
	"NEST - Réponse à une demande de devis": {
		"subject": "Votre demande de devis auprès de NEST",
		"response": """<p>Bonjour {{ first_name }},</p>
<p>Nous vous remercions de l'intérêt que vous portez à NEST et de votre demande de devis.
Vous trouverez ci-joint le devis demandé ainsi que la présentation de la clinique.</p>
<p>Nous restons à votre disposition pour toute question, et pour vous rappeler au moment qui
vous convient : il vous suffit de nous répondre en indiquant vos disponibilités.</p>"""
		+ _CLOSING,
	},
	"NEST - Informations sur le programme": {
		"subject": "Le programme NEST",
		"response": """<p>Bonjour {{ first_name }},</p>
<p>Suite à votre demande, vous trouverez ci-joint le flyer de présentation du programme NEST
et la plaquette de la clinique : le suivi proposé, les professionnels qui vous accompagnent et
les étapes du programme.</p>
<p>Laissez-nous votre numéro de téléphone si vous souhaitez être rappelée : nous répondrons
volontiers à toutes vos questions.</p>"""
		+ _CLOSING,
	},
	"NEST - Suivi après appel": {
		"subject": "Suite à notre échange téléphonique",
		"response": """<p>Bonjour {{ first_name }},</p>
<p>Merci pour le temps que vous nous avez accordé lors de notre échange téléphonique.
Comme convenu, vous trouverez ci-joint la documentation de NEST.</p>
<p>Pour prendre rendez-vous ou pour toute autre question, nous sommes à votre écoute.</p>"""
		+ _CLOSING,
	},
	"NEST - Première réponse (prospect froid)": {
		"subject": "Découvrez NEST",
		"response": """<p>Bonjour {{ first_name }},</p>
<p>Merci de l'intérêt que vous portez à NEST. Pour en savoir plus sur la clinique, ses
services et le programme NEST, nous vous invitons à consulter
{% if website_url %}notre site web : <a href="{{ website_url }}">{{ website_url }}</a>{% else %}notre site web{% endif %}
{% if facebook_url %} et notre page Facebook : <a href="{{ facebook_url }}">{{ facebook_url }}</a>{% endif %}.</p>
<p>Laissez-nous votre numéro de téléphone ou votre adresse e-mail si vous souhaitez recevoir
notre documentation commerciale.</p>"""
		+ _CLOSING,
	},
}

_SCRIPT_COMMON = """<ol>
<li>Se présenter : « Bonjour, je suis [votre prénom], de la clinique NEST. »</li>
<li>Rappeler le contact : « Vous nous aviez contactés le … au sujet de … »</li>
{middle}
<li>Conclure : proposer un rendez-vous, ou l'envoi de la documentation par mail (vérifier
l'adresse e-mail), et donner le nom de la personne à demander au standard.</li>
<li>Enregistrer l'interaction dans la fiche{recall}.</li>
</ol>"""

CALLBACK_SCRIPTS = {
	"Argumentaire de rappel - général": {
		"script": _SCRIPT_COMMON.format(
			middle="<li>Demander si la personne a pu trouver les réponses à ses questions.</li>", recall=""
		),
	},
	"Argumentaire de rappel - prospect chaud": {
		"temperature": "Hot",
		"script": _SCRIPT_COMMON.format(
			middle="<li>Répondre aux questions en suspens et inviter la personne à prendre "
			"rendez-vous : proposer deux créneaux précis.</li>",
			recall="",
		),
	},
	"Argumentaire de rappel - qualification (prospect tiède)": {
		"task_reason": "Qualification call",
		"script": _SCRIPT_COMMON.format(
			middle="<li>Qualifier : le besoin (grossesse, suivi de l'enfant, difficultés à procréer), "
			"l'échéance, ce qui a déjà été fait ailleurs.</li>"
			"<li>Mettre à jour la température du prospect selon la réponse.</li>",
			recall="",
		),
	},
	"Argumentaire de rappel - rappel 7 jours": {
		"task_reason": "7-day recall",
		"script": _SCRIPT_COMMON.format(
			middle="<li>Demander si la personne a bien reçu le devis, les tarifs ou la documentation du "
			"programme, et si elle a des questions.</li>",
			recall=" en ajoutant la demande RAPPEL 7 JOURS",
		),
	},
}


def install() -> None:
	set_settings_defaults()
	seeded = _seeded()
	before = set(seeded)
	for name, values in EMAIL_TEMPLATES.items():
		key = f"Email Template:{name}"
		if key in seeded:
			continue
		if not frappe.db.exists("Email Template", name):
			frappe.get_doc({"doctype": "Email Template", "name": name, "use_html": 0, **values}).insert(
				ignore_permissions=True
			)
		seeded.add(key)
	for title, values in CALLBACK_SCRIPTS.items():
		key = f"NEST Callback Script:{title}"
		if key in seeded:
			continue
		if not frappe.db.exists("NEST Callback Script", title):
			frappe.get_doc({"doctype": "NEST Callback Script", "title": title, **values}).insert(
				ignore_permissions=True
			)
		seeded.add(key)
	if seeded != before:
		frappe.db.set_single_value(SETTINGS, "seeded_records", "\n".join(sorted(seeded)))
	let_managers_edit_email_templates()


def _seeded() -> set[str]:
	value = frappe.db.get_single_value(SETTINGS, "seeded_records") or ""
	return {line for line in value.splitlines() if line.strip()}


def set_settings_defaults() -> None:
	"""Give the follow-up settings their defaults on a site created before them."""
	stored = dict(frappe.db.sql("select field, value from `tabSingles` where doctype = %s", SETTINGS))
	for fieldname, value in SETTINGS_DEFAULTS.items():
		if fieldname not in stored:
			frappe.db.set_single_value(SETTINGS, fieldname, value)
	if _opening_hours_are_frappe_filled(stored.get("opens_at"), stored.get("closes_at")):
		frappe.db.set_single_value(
			SETTINGS, {"opens_at": SETTINGS_DEFAULTS["opens_at"], "closes_at": SETTINGS_DEFAULTS["closes_at"]}
		)
	frappe.clear_document_cache(SETTINGS, SETTINGS)


def _opening_hours_are_frappe_filled(opens_at: str | None, closes_at: str | None) -> bool:
	"""Frappe fills every Time field of a new document with the current time, whatever its default,
	so a fresh site stores opening and closing hours a few microseconds apart: not real hours."""
	if not (opens_at and closes_at):
		return False
	return time_diff_in_seconds(closes_at, opens_at) < 60


def let_managers_edit_email_templates() -> None:
	"""The follow-up manager edits the mail templates ("mail type"), which Frappe keeps for admins."""
	from frappe.permissions import add_permission, update_permission_property

	if frappe.db.exists("Custom DocPerm", {"parent": "Email Template", "role": "NEST Manager"}):
		return
	add_permission("Email Template", "NEST Manager", 0)
	for ptype in ("read", "write", "create", "email", "print", "report"):
		update_permission_property("Email Template", "NEST Manager", 0, ptype, 1, validate=False)
