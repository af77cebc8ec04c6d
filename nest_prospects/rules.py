"""What the features' rules share (pure: no Frappe import, as every rules module)."""

from __future__ import annotations


class FieldError(ValueError):
	"""A refused request: the field at fault, an English template ("Field {0}: …", the field's
	label first) and its other arguments; the Frappe layer translates it and names the field."""

	def __init__(self, field: str, template: str, *args) -> None:
		super().__init__(template.format(field, *args))
		self.field = field
		self.template = template
		self.arguments = args
