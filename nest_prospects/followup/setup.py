"""Seed records of the daily follow-up: mail templates and callback scripts. Idempotent.

A seeder creates the records of its list that do not exist and leaves the others as they are.
It runs at install (`setup.install.after_install`); a version that adds a record brings it to
the sites installed before through a patch (`patches/v1_0/...`), which Frappe runs once: a
manager who edits a seeded record keeps the edit, one who deletes it keeps it deleted.
"""

from __future__ import annotations

from collections.abc import Collection

import frappe

from nest_prospects.constants import FOLLOW_UP_TASK
from nest_prospects.followup.rules.tasks import REASON_ACTION_TYPES

_CLOSING = """
<p>N'hésitez pas à nous appeler{% if clinic_phone %} au {{ clinic_phone }}{% endif %}
{% if account_manager %}(demandez {{ account_manager }} au standard){% endif %}
ou à venir nous rencontrer{% if clinic_address %}
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
l'adresse e-mail), et dire qui demander au standard.</li>
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


def create_email_templates(skip: Collection[str] = ()) -> list[str]:
	"""Create the seeded mail templates that do not exist (but those in `skip`); return their names."""
	created = []
	for name, values in EMAIL_TEMPLATES.items():
		if name in skip or frappe.db.exists("Email Template", name):
			continue
		frappe.get_doc({"doctype": "Email Template", "name": name, "use_html": 0, **values}).insert(
			ignore_permissions=True
		)
		created.append(name)
	return created


def create_callback_scripts(skip: Collection[str] = ()) -> list[str]:
	"""Create the seeded callback scripts that do not exist (but those in `skip`); return their titles."""
	created = []
	for title, values in CALLBACK_SCRIPTS.items():
		if title in skip or frappe.db.exists("NEST Callback Script", title):
			continue
		frappe.get_doc({"doctype": "NEST Callback Script", "title": title, **values}).insert(
			ignore_permissions=True
		)
		created.append(title)
	return created


def let_managers_edit_email_templates() -> None:
	"""The follow-up manager edits the mail templates ("mail type"), which Frappe keeps for admins."""
	from frappe.permissions import add_permission, update_permission_property

	if frappe.db.exists("Custom DocPerm", {"parent": "Email Template", "role": "NEST Manager"}):
		return
	add_permission("Email Template", "NEST Manager", 0)
	for ptype in ("read", "write", "create", "email", "print", "report"):
		update_permission_property("Email Template", "NEST Manager", 0, ptype, 1, validate=False)


def set_action_types() -> int:
	"""The automatic tasks written before they had an action type get their reason's
	(rules.tasks.REASON_ACTION_TYPES): one UPDATE per reason, only where it is still empty."""
	task = frappe.qb.DocType(FOLLOW_UP_TASK)
	for reason, action_type in REASON_ACTION_TYPES.items():
		frappe.qb.update(task).set(task.action_type, action_type).where(
			(task.reason == reason) & ((task.action_type.isnull()) | (task.action_type == ""))
		).run()
	return frappe.db.count(FOLLOW_UP_TASK, {"action_type": ("is", "not set")})
