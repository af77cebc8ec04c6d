"""Names the whole app shares: its doctypes, its roles, the prospect's active status.

Plain Python (no Frappe import), like the rules: every module imports these from here.
"""

PROSPECT = "NEST Prospect"
PATIENT = "NEST Patient"
PARTY_TYPES = (PROSPECT, PATIENT)
INTERACTION = "NEST Interaction"
APPOINTMENT = "NEST Appointment"
REVIEW = "NEST Conversion Review"
FOLLOW_UP_TASK = "NEST Follow-up Task"
SETTINGS = "NEST Prospect Settings"
REFERRAL = "NEST Referral"
REQUEST_TYPE = "NEST Request Type"
CONTACT_PERSON = "NEST Contact Person"
STAFF_MEMBER = "NEST Staff Member"
CLASSIFICATION_CHANGE = "NEST Classification Change"
PIPELINE_STAGE = "NEST Pipeline Stage"
OUTCOME_REASON = "NEST Outcome Reason"

AGENT_ROLE = "NEST Agent"
MANAGER_ROLE = "NEST Manager"
API_ROLE = "NEST Patient System"
# Who may act as a manager: the app's managers and the site's.
MANAGERS = (MANAGER_ROLE, "System Manager")

# The prospect's statuses (NEST Prospect.status): Active while it is in the follow-up; Converted
# and Already Patient follow the reconciliation with the patient system.
ACTIVE = "Active"
CONVERTED = "Converted"
ALREADY_PATIENT = "Already Patient"
# The statuses only the reconciliation with the patient system sets and leaves.
RECONCILED = (CONVERTED, ALREADY_PATIENT)
DUPLICATE = "Duplicate"
ABANDONED = "Abandoned"
