"""``kkr.widgets.QuickSelect`` prints exactly what Django's ``forms.Select`` prints."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from kkr.widgets import QuickSelect

CHOICES = [
    ("", "Alle"),
    (1, "Aalborg"),
    ("<x>", 'Lund & "Søn" <b>'),
    ("Grupper", [(2, "Første"), (3, mark_safe("<em>sikker</em>"))]),
]


@pytest.mark.parametrize("value", [None, "", 1, "1", "<x>", 3, [1, 3]])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_x"},
        {"id": "id_x", "required": True, "disabled": False, "data-x": '"<&>"', "aria-describedby": 7},
    ],
)
def test_quick_select_prints_what_django_select_prints(value, attrs):
    for multiple in (False, True):
        plain, quick = (forms.SelectMultiple, type("QuickMultiple", (QuickSelect,), {"allow_multiple_selected": True}))
        if not multiple:
            plain, quick = forms.Select, QuickSelect
        expected = plain(choices=CHOICES, attrs={"class": "a"}).render("navn", value, attrs)
        assert quick(choices=CHOICES, attrs={"class": "a"}).render("navn", value, attrs) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {"party": "999", "body": "x"}])
def test_the_register_filter_prints_the_same_selects_as_with_djangos_widget(nordjylland, data):
    from appointments.forms import RegisterFilterForm

    form = RegisterFilterForm(data, council=nordjylland)
    form.is_valid()
    for name in ("body", "party", "municipality"):
        quick = str(form[name])
        form.fields[name].widget.__class__ = forms.Select
        assert quick == str(form[name]) and "<option" in quick
