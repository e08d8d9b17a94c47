"""Forms for the register and the elections: validation into domain values, Danish messages."""

from functools import cache

from django import forms
from django.urls import reverse

from kkr.validators import plausible_date
from kkr.widgets import ListedChoiceField
from members.models import ElectionPeriod, Municipality, Party, Person
from members.widgets import PersonPicker

from .models import Appointment, Body, Representative, Seat
from .queries import appointee_candidates, register_lists


class DateInput(forms.DateInput):
    input_type = "date"


class AsOfForm(forms.Form):
    """The public list's as-of date (``?dato=``, 15.03.2026 or 2026-03-15); a bad value shows its error and
    today's list, as the staff register does."""

    dato = forms.DateField(
        label="Pr. dato",
        required=False,
        widget=DateInput,
        validators=[plausible_date],
        error_messages={"invalid": "Skriv datoen som dd.mm.åååå, fx 15.03.2026."},
    )

    def day(self, today):
        """``?dato=`` when valid, else today."""
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("dato") or today


class RegisterFilterForm(AsOfForm):
    """Filter the register by body, party and municipality (all optional); show it on a date (``?dato=``) or
    for a year (``?aar=``: everyone who held a seat in it). A bad value shows its error and today's register."""

    aar = forms.IntegerField(label="Hele året", required=False, min_value=2000, max_value=2100)

    # the same markup and validation as forms.ModelChoiceField, cheaper to show, the three lists in one query
    body = ListedChoiceField(label="Organ", model=Body, required=False, empty_label="Alle")
    party = ListedChoiceField(label="Parti", model=Party, required=False, empty_label="Alle")
    municipality = ListedChoiceField(label="Kommune", model=Municipality, required=False, empty_label="Alle")

    def __init__(self, data, *, council, lists=None):
        """``lists``: the council's ``register_lists`` when the page has read them, else they are read here when
        first needed (shown, or a filter chosen: the CSV and the PDF without filters need none)."""
        super().__init__(data)
        read = (lambda: lists) if lists is not None else cache(lambda: register_lists(council))
        self.fields["body"].rows = lambda: read().bodies
        self.fields["party"].rows = lambda: read().parties
        self.fields["municipality"].rows = lambda: read().municipalities

    def filters(self) -> dict:
        """Body, party and municipality, the ones that are valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {key: data.get(key) for key in ("body", "party", "municipality") if key not in self.errors}

    def year(self) -> int | None:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("aar")


def eligible_people(council):
    """Persons with a municipal office in the council's region (any date): candidates for political seats."""
    return Person.objects.filter(offices__municipality__council=council).distinct().order_by("name")


def nominee_people(council, seats):
    """Whom a group may name in an election over ``seats``: council members of the region, and when a seat is
    not political (§ 26) also the council's representatives who are not politicians."""
    return appointee_candidates(council, political=all(seat.is_political for seat in seats))


class AppointeeChoice(forms.ModelChoiceField):
    """A person labelled by where they come from: municipality and party, or (not a politician) organisation."""

    default_error_messages = {"invalid_choice": "Vælg en person fra listen."}

    def label_from_instance(self, person):
        return appointee_label(person)


def appointee_label(person) -> str:
    representative = getattr(person, "representative", None)
    if representative is not None:
        return f"{person.name} ({representative.organisation})"
    where = person.municipality.name if person.municipality else "ukendt kommune"
    party = (person.party.letter or person.party.name) if person.party else "uden parti"
    return f"{person.name} ({where}, {party})"


class RepresentativeForm(forms.Form):
    name = forms.CharField(label="Navn", max_length=200)
    organisation = forms.CharField(label="Organisation", max_length=200)
    kind = forms.ChoiceField(label="Repræsenterer", choices=Representative.Kind.choices)
    email = forms.EmailField(label="E-mail", required=False)


class AppointForm(forms.Form):
    person = AppointeeChoice(label="Person", queryset=Person.objects.none())
    role = forms.ChoiceField(
        label="Rolle", choices=[(v, label) for v, label in Appointment.Role.choices if v != Appointment.Role.STAND_IN]
    )
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
        self.fields["person"].queryset = appointee_candidates(seat.council, political=seat.is_political)
        url = reverse("appointments:picker-appointee", args=[seat.council.slug, seat.pk])
        self.fields["person"].widget = PersonPicker(url=url, date_field="starts_on")
        self.fields["person"].widget.choices = self.fields["person"].choices
        if seat.is_chair:
            self.fields["role"].initial = Appointment.Role.CHAIR
        if elected is not None:
            self.fields["group"].initial = elected.group
            self.fields["method"].initial = Appointment.Method.PROPORTIONAL


class StandInForm(forms.Form):
    """§ 28 stk. 2: who stands in for an absent member, named by the group that elected him, and for how long."""

    person = AppointeeChoice(label="Træder ind", queryset=Person.objects.none())
    starts_on = forms.DateField(label="Fra", widget=DateInput, validators=[plausible_date])
    ends_on = forms.DateField(
        label="Til og med",
        widget=DateInput,
        validators=[plausible_date],
        help_text="Forfaldet skal vare mindst 1 måned.",
    )
    group = forms.CharField(label="Gruppen, der udpeger (§ 28 stk. 2)", max_length=200, required=False)
    note = forms.CharField(
        label="Bemærkning (fx forfaldets art)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data=None, *, absent: Appointment):
        super().__init__(data)
        seat = absent.seat
        people = appointee_candidates(seat.council, political=seat.is_political)
        self.fields["person"].queryset = people.exclude(pk=absent.person_id)
        self.fields["group"].initial = absent.group

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "Sidste dag skal ligge efter første dag.")
        return data


class BodyForm(forms.ModelForm):
    """A council's own body: the service checks the term rule and the name (``services.create_body``)."""

    class Meta:
        model = Body
        fields = [
            "name",
            "legal_basis",
            "kind",
            "term",
            "term_start_month",
            "term_start_day",
            "has_personal_substitutes",
            "max_consecutive_terms",
            "term_limit_basis",
            "contact",
            "notes",
            "source",
        ]
        labels = {"term_start_month": "Fast periodestart: måned (1-12)", "term_start_day": "Fast periodestart: dag"}
        help_texts = {"term": "Fx et regionalt arbejdsmarkedsråd: fire år fra 1. juni året efter kommunalvalget."}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class SeatForm(forms.Form):
    label = forms.CharField(label="Plads", max_length=200, help_text="Fx «Kommunal politisk repræsentant 2».")
    period = forms.ModelChoiceField(label="Valgperiode", queryset=ElectionPeriod.objects.order_by("-starts_on"))
    is_political = forms.BooleanField(
        label="Politisk plads (FO 3.8)", required=False, help_text="Kun kommunalbestyrelsesmedlemmer i regionen."
    )
    is_chair = forms.BooleanField(label="Organets formand", required=False)
    nominated_by = forms.CharField(
        label="Indstilles af", max_length=300, required=False, help_text="Ved en plads, der ikke er politisk."
    )
    rotation = forms.CharField(
        label="Skiftende indstillere",
        max_length=300,
        required=False,
        help_text="Organisationer, der skiftes til at indstille pr. periode, adskilt af semikolon.",
    )

    def __init__(self, data=None, *, today):
        super().__init__(data, initial={"is_political": True})
        self.fields["period"].initial = ElectionPeriod.objects.containing(today).first()


class NominationForm(forms.Form):
    """A nomination to a seat: who, by whom, when and with what document; who appoints."""

    person = AppointeeChoice(label="Indstillet", queryset=Person.objects.none())
    role = forms.ChoiceField(
        label="Rolle",
        choices=[(Appointment.Role.MEMBER, "Medlem"), (Appointment.Role.SUBSTITUTE, "Personlig stedfortræder")],
    )
    nominated_by = forms.CharField(label="Indstillet af", max_length=300)
    nominated_on = forms.DateField(label="Indstillet den", widget=DateInput, validators=[plausible_date])
    document = forms.CharField(label="Dokument", max_length=300, required=False, help_text="Fx brevets titel og j.nr.")
    appointed_by = forms.CharField(
        label="Udpeges af", max_length=300, required=False, help_text="Fx beskæftigelsesministeren."
    )
    note = forms.CharField(label="Bemærkning", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, data=None, *, seat: Seat, council, turn: str | None):
        super().__init__(data)
        self.fields["person"].queryset = appointee_candidates(seat.council, political=seat.is_political)
        url = reverse("appointments:picker-appointee", args=[seat.council.slug, seat.pk])
        self.fields["person"].widget = PersonPicker(url=url, date_field="nominated_on")
        self.fields["person"].widget.choices = self.fields["person"].choices
        if seat.body.kind == Body.Kind.NOMINATES:
            self.fields["nominated_by"].initial = council.name
        else:
            self.fields["nominated_by"].initial = turn or seat.nominated_by
        if not seat.body.has_personal_substitutes:
            self.fields["role"].choices = self.fields["role"].choices[:1]


class DecisionForm(forms.Form):
    appointed = forms.TypedChoiceField(
        label="Afgørelse", choices=[("1", "Udpeget"), ("0", "Ikke udpeget")], coerce=lambda value: value == "1"
    )
    decided_on = forms.DateField(label="Dato", widget=DateInput, validators=[plausible_date])


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
