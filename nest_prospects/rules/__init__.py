"""The clinic's follow-up rules, in plain Python.

Nothing in this package imports Frappe: the controllers, the scheduled jobs, the reports
and the API call these functions, and `tests/` runs them with plain pytest.
"""
