"""A ``<select>`` of model rows with no query of its own and no template per option.

Django renders a ``<select>`` through a template per option: the register's filter form (some sixty bodies,
parties and municipalities) cost more CPU than the rest of the page (docs/performance.md). ``QuickSelect``
prints exactly what Django's ``select.html``, ``select_option.html`` (with its closing newline) and
``attrs.html`` print (a test compares them), from the same context (``get_context``), so choices, the
selected value and the attributes are Django's.

``ListedChoiceField``: Django's ``ModelChoiceField`` reads its options with ``queryset.iterator()``, which on
PostgreSQL declares a server-side cursor (three round trips: declare, fetch, close) for a list of twenty rows, and
each field runs its own query; this one shows and validates against rows read beforehand, several fields' rows in
one query (``appointments.queries.register_lists``).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``: False leaves the attribute out, True prints its name alone; a value goes
    through ``stringformat:'s'`` (a plain string, always escaped)."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """``forms.Select`` with the same HTML, built without a template render per option."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")  # the renderer strips the template's last newline
        return mark_safe("".join(parts))


class _ListedChoices(ModelChoiceIterator):
    """The field's options from the rows it was given (``ListedChoiceField.rows``): no query."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.rows:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.rows) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.rows)


class ListedChoiceField(forms.ModelChoiceField):
    """``forms.ModelChoiceField`` over rows read elsewhere (``rows``: instances of ``model`` in the order shown, or a
    function returning them, called when first needed), so that one query can serve several fields; shown as a
    ``QuickSelect``. A value is cleaned to its row, and one not among the rows is refused with Django's message, as
    ``queryset.get`` over the same rows would."""

    iterator = _ListedChoices
    widget = QuickSelect

    def __init__(self, *, model, **kwargs):
        super().__init__(queryset=model._default_manager.none(), **kwargs)
        self.rows = ()

    @property
    def rows(self):
        if callable(self._rows):
            self._rows = self._rows()
        return self._rows

    @rows.setter
    def rows(self, rows):
        self._rows = rows

    def to_python(self, value):
        if value in self.empty_values:
            return None
        model = self.queryset.model
        try:
            key = model._meta.pk.to_python(value.pk if isinstance(value, model) else value)
        except ValidationError:
            key = None
        for row in self.rows:
            if row.pk == key:
                return row
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
