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


def templates(namespace: dict[str, object], first: str, last: str) -> tuple[str, ...]:
	"""A rules module's English templates for translation (its `MESSAGES`): the text constants it
	defines from `first` to `last`, in the order written (a module keeps its names in that order),
	so that no template's name is written twice."""
	names = list(namespace)
	block = names[names.index(first) : names.index(last) + 1]
	return tuple(value for name in block if isinstance(value := namespace[name], str))
