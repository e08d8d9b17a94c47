"""The person picker: a search box that narrows a list of radio buttons through htmx; the request
carries the form's date field, and a changed date asks again (who fits is judged on that day). Keyboard:
Tab to the box, type, Tab into the list, arrow keys choose, Space/Enter confirm; without JavaScript the first
``LIMIT`` candidates are listed and the form still validates against the full rule."""

from django import forms
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from .candidates import LIMIT


class PersonPicker(forms.Widget):
    def __init__(self, *args, url: str = "", date_field: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.url = url
        self.date_field = date_field  # the form's date: the list is for that day (sent along, asked again on change)
        self.choices = []

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        queryset = self.choices.queryset
        selected = str(value) if value not in (None, "") else ""
        if not (selected.isascii() and selected.isdigit()):
            selected = ""  # a posted value that is no id ("[]", "abc", "²") is refused by the field, not looked up
        people = list(queryset[:LIMIT])
        if selected and all(str(p.pk) != selected for p in people):
            people = list(queryset.filter(pk=selected)) + people
        context = {
            "name": name,
            "id": attrs.get("id", f"id_{name}"),
            "url": self.url,
            "date_id": f"id_{self.date_field}" if self.date_field else "",
            "people": people,
            "selected": selected,
            "more": max(queryset.count() - LIMIT, 0),
            "label": self.choices.field.label_from_instance,
        }
        return render_to_string("members/includes/person_picker.html", {**context, "options": options(context)})

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def id_for_label(self, id_):
        return f"{id_}_search" if id_ else id_


def options(context) -> list[tuple[str, str, bool]]:
    """(value, label, checked) for the radio list."""
    label, selected = context["label"], context["selected"]
    return [(str(person.pk), label(person), str(person.pk) == selected) for person in context["people"]]


def picker_day(request):
    """The form's date the picker sends along (``starts_on``): who fits is judged on that day; else today."""
    try:
        return forms.DateField().clean(request.GET.get("starts_on")) or timezone.localdate()
    except forms.ValidationError:
        return timezone.localdate()


def picker_options(request, people, *, label, matching):
    """The picker's htmx answer: ``people`` narrowed by what was typed (``matching(people, text)``), the first
    ``LIMIT`` as radio buttons labelled by ``label(person)``, and how many more there are."""
    query = request.GET.get(request.GET.get("felt", "person") + "_soeg", "")[:100]
    people = matching(people, query)
    shown, selected = list(people[:LIMIT]), request.GET.get("valgt", "")
    context = {
        "name": "person",
        "query": query,
        "options": [(str(p.pk), label(p), str(p.pk) == selected) for p in shown],
        "more": max(people.count() - len(shown), 0),
    }
    return render(request, "members/includes/person_picker_options.html", context)
