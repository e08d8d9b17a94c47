"""Forms for the register and the elections: validation into domain values, Danish messages."""

from django import forms

from kkr.validators import plausible_date
from kkr.widgets import OneQueryChoiceField
from members.models import Municipality, Party, Person

from .models import Appointment, Body, Seat


class DateInput(forms.DateInput):
    input_type = "date"


class RegisterFilterForm(forms.Form):
    """Filter the register by body, party and municipality (all optional); show it on a date (``?dato=``) or
    for a year (``?aar=``: everyone who held a seat in it). A bad value shows its error and today's register."""

    dato = forms.DateField(label="Pr. dato", required=False, widget=DateInput)
    aar = forms.IntegerField(label="Hele året", required=False, min_value=2000, max_value=2100)

    # the same markup and validation as forms.ModelChoiceField, cheaper to show (kkr.widgets)
    body = OneQueryChoiceField(label="Organ", queryset=Body.objects.none(), required=False, empty_label="Alle")
    party = OneQueryChoiceField(label="Parti", queryset=Party.objects.all(), required=False, empty_label="Alle")
    municipality = OneQueryChoiceField(
        label="Kommune", queryset=Municipality.objects.none(), required=False, empty_label="Alle"
    )

    def __init__(self, data, *, council):
        super().__init__(data)
        self.fields["body"].queryset = council.bodies.all()
        self.fields["municipality"].queryset = council.municipalities.all()

    def filters(self) -> dict:
        """Body, party and municipality, the ones that are valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {key: data.get(key) for key in ("body", "party", "municipality") if key not in self.errors}

    def day(self, today):
        """The register's day: ``?dato=`` when valid, else today."""
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("dato") or today

    def year(self) -> int | None:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("aar")


def eligible_people(council):
    """Persons with a municipal office in the council's region (any date): candidates for political seats."""
    return Person.objects.filter(offices__municipality__council=council).distinct().order_by("name")


class AppointForm(forms.Form):
    person = forms.ModelChoiceField(label="Person", queryset=Person.objects.none())
    role = forms.ChoiceField(label="Rolle", choices=Appointment.Role.choices)
    starts_on = forms.DateField(label="Fra", widget=DateInput, validators=[plausible_date])
    method = forms.ChoiceField(label="Valgmåde", choices=Appointment.Method.choices)
    group = forms.CharField(
        label="Valgt af gruppe (§ 28)",
        max_length=200,
        required=False,
        help_text="Ved forholdstalsvalg: den gruppe, der udpeger. En ledig plads besættes af samme gruppe (§ 28).",
    )
    note = forms.CharField(label="Bemærkning", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, data=None, *, seat: Seat, elected: Appointment | None = None):
        """``elected``: the holder a group elected proportionally (§ 28 stk. 1); the form starts with his group."""
        super().__init__(data)
        people = eligible_people(seat.council) if seat.is_political else Person.objects.order_by("name")
        self.fields["person"].queryset = people
        if seat.is_chair:
            self.fields["role"].initial = Appointment.Role.CHAIR
        if elected is not None:
            self.fields["group"].initial = elected.group
            self.fields["method"].initial = Appointment.Method.PROPORTIONAL


class EndForm(forms.Form):
    on = forms.DateField(label="Sidste dag", widget=DateInput, validators=[plausible_date])
    reason = forms.ChoiceField(label="Ophørsgrund", choices=Appointment.EndReason.choices)


class UndoForm(forms.Form):
    """The reason for voiding an appointment or withdrawing an election, kept in the history."""

    reason = forms.CharField(label="Begrundelse", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AbolishForm(forms.Form):
    on = forms.DateField(label="Nedlagt pr.", widget=DateInput, validators=[plausible_date])
    reason = forms.ChoiceField(label="Grund", choices=Body.EndReason.choices)


class ElectionStartForm(forms.Form):
    seats = forms.ModelMultipleChoiceField(
        label="Pladser", queryset=Seat.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="Én plads: flertalsvalg (§ 24 stk. 1). Flere pladser i samme organ: forholdstalsvalg (§ 24 stk. 3).",
    )  # fmt: skip
    candidates = forms.ModelMultipleChoiceField(
        label="Kandidater (flertalsvalg)", queryset=Person.objects.none(), required=False
    )
    agenda_item = forms.ModelChoiceField(label="Dagsordenspunkt", queryset=None, required=False)

    def __init__(self, data=None, *, meeting, period):
        super().__init__(data)
        seats = Seat.objects.filter(council=meeting.council, period=period, body__ends_on__isnull=True)
        self.fields["seats"].queryset = seats.select_related("body").order_by("body__name", "order")
        self.fields["candidates"].queryset = eligible_people(meeting.council)
        self.fields["agenda_item"].queryset = meeting.items.all()

    def clean_seats(self):
        seats = list(self.cleaned_data["seats"])
        if len({s.body_id for s in seats}) != 1:
            raise forms.ValidationError("Vælg pladser i ét organ.")
        return seats


class RoundForm(forms.Form):
    """One integer field per candidate in this round (§ 24 stk. 1)."""

    def __init__(self, data=None, *, candidates: dict[int, str]):
        super().__init__(data)
        for pk, name in candidates.items():
            self.fields[f"votes_{pk}"] = forms.IntegerField(label=name, min_value=0, initial=0)

    def tally(self) -> dict[int, int]:
        return {int(key.removeprefix("votes_")): value for key, value in self.cleaned_data.items()}


class LotForm(forms.Form):
    chosen = forms.ChoiceField(label="Lodtrækningen faldt på")

    def __init__(self, data=None, *, tied: dict[str, str]):
        super().__init__(data)
        self.fields["chosen"].choices = list(tied.items())


class GroupForm(forms.Form):
    """A group declared to the chair (§ 24 stk. 3): its members present and the persons it names, in order."""

    name = forms.CharField(label="Gruppens navn", max_length=100)
    members = forms.ModelMultipleChoiceField(
        label="Medlemmer i gruppen", queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    accepts = forms.IntegerField(
        label="Tager højst imod (afkald)", min_value=0, required=False, help_text="Tom: alle pladser gruppen vinder."
    )

    def __init__(self, data=None, *, voters, nominees, seats: int):
        super().__init__(data)
        self.fields["members"].queryset = Person.objects.filter(pk__in=[p.pk for p in voters]).order_by("name")
        for n in range(1, seats + 1):
            self.fields[f"nominee_{n}"] = forms.ModelChoiceField(
                label=f"{n}. person gruppen udpeger", queryset=nominees, required=n == 1
            )
        self.seats = seats

    def nominees(self) -> list[Person]:
        return [p for n in range(1, self.seats + 1) if (p := self.cleaned_data.get(f"nominee_{n}"))]


class DepartureForm(forms.Form):
    """A unanimous decision to depart from d'Hondt: one person per seat, and the decision."""

    note = forms.CharField(label="Beslutningen (enstemmig)", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, data=None, *, seats, people):
        super().__init__(data)
        for seat in seats:
            self.fields[f"seat_{seat.pk}"] = forms.ModelChoiceField(label=seat.label, queryset=people)

    def assignments(self) -> dict[int, Person]:
        return {int(k.removeprefix("seat_")): v for k, v in self.cleaned_data.items() if k.startswith("seat_")}
