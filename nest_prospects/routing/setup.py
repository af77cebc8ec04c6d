"""Seed records of routing: the referral mail (an Email Template) and the settings' defaults.

Idempotent: called at install (setup.install.create_seed_records) and, on the sites installed
before, once by the patch `patches/v1_0/routing_to_specialists`. A template that exists is never
changed (a manager's edit is kept), one a manager deleted is not brought back by a migrate.
"""

from __future__ import annotations

import frappe

from nest_prospects.routing.referrals import REFERRAL_TEMPLATE

# The sentence seed 004 makes compulsory in every referral mail, adapted to the clinic.
FEEDBACK_SENTENCE = (
	"Merci de nous faire un retour sous {{ feedback_within_days }} jours avec les actions émises "
	"(appel effectué le…, RDV posé…)."
)

REFERRAL_MAIL = {
	"subject": "Transmission : {{ request_type }} - {{ full_name }}",
	"response": """<p>Bonjour {{ specialist_name }},</p>
<p>Nous vous transmettons la demande suivante, qui relève de vos compétences :</p>
<ul>
<li>Demande : <b>{{ request_type }}</b>{% if clinic_site %} ({{ clinic_site }}){% endif %}</li>
<li>Personne : {{ full_name }}</li>
{% if phone %}<li>Téléphone : {{ phone }}</li>{% endif %}
{% if email %}<li>E-mail : {{ email }}</li>{% endif %}
{% if comments %}<li>Commentaires : {{ comments }}</li>{% endif %}
</ul>
<p>La fiche : <a href="{{ prospect_url }}">{{ prospect_url }}</a></p>
<p><b>"""
	+ FEEDBACK_SENTENCE
	+ """</b><br>
Enregistrez votre retour sur la transmission, avant le {{ due_on }} :
<a href="{{ referral_url }}">{{ referral_url }}</a></p>
<p>Bien cordialement,<br>{{ sender_name }}<br>NEST</p>""",
}


def install() -> None:
	create_referral_template()


def create_referral_template() -> None:
	if not frappe.db.exists("Email Template", REFERRAL_TEMPLATE):
		frappe.get_doc(
			{"doctype": "Email Template", "name": REFERRAL_TEMPLATE, "use_html": 0, **REFERRAL_MAIL}
		).insert(ignore_permissions=True)
