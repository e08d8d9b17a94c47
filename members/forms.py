"""Forms for the membership events: validation into domain values with Danish messages. The rules
themselves are checked by the services; a form only makes sure the input is complete and well-formed."""

from datetime import date

from django import forms
from django.urls import reverse
from django.utils import timezone

from kkr.validators import plausible_date

from .candidates import new_member_candidates, substitute_candidates
from .importing import MAX_UPLOAD_BYTES
from .models import ChairRole, Leave, Membership, Party, Person
from .services import DEPARTURE_REASONS, OFFICE_END_REASONS
from .widgets import PersonPicker


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        validators=[plausible_date],
        error_messages={"required": "Angiv en dato.", "invalid": "Angiv en gyldig dato (ÅÅÅÅ-MM-DD)."},
    )


class PersonChoice(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": "Vælg en person fra listen."}

    def label_from_instance(self, person):
        where = person.municipality.name if person.municipality else "ukendt kommune"
        party = person.party.letter or person.party.name if person.party else "uden parti"
        return f"{person.name} ({where}, {party})"


def council_people(council):
    """Municipal politicians of the council's municipalities, the candidates for seats and substitutes."""
    return (
        Person.objects.filter(offices__municipality__council=council)
        .select_related("municipality", "party")
        .distinct()
        .order_by("name")
    )


class DepartureForm(forms.Form):
    on = date_field("Sidste dag i KKR")
    reason = forms.ChoiceField(
        label="Grund",
        choices=[(r.value, r.label) for r in DEPARTURE_REASONS],
        error_messages={"required": "Vælg en grund.", "invalid_choice": "Vælg en gyldig grund."},
    )
    substitute_declines = forms.BooleanField(
        label="Stedfortræderen ønsker ikke at indtræde som medlem (B1 1.13)", required=False
    )


class SubstituteDepartureForm(forms.Form):
    on = date_field("Sidste dag som stedfortræder")
    reason = forms.ChoiceField(
        label="Grund",
        choices=[(r.value, r.label) for r in DEPARTURE_REASONS],
        error_messages={"required": "Vælg en grund.", "invalid_choice": "Vælg en gyldig grund."},
    )


class LeaveForm(forms.Form):
    kind = forms.ChoiceField(label="Art", choices=Leave.Kind.choices, error_messages={"required": "Vælg en art."})
    starts_on = date_field("Fra")
    ends_on = date_field("Til (forventet)")
    reason = forms.CharField(
        label="Begrundelse",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Skriv en begrundelse."},
    )


class LeaveDecisionForm(forms.Form):
    approved = forms.TypedChoiceField(
        label="KKR's beslutning",
        choices=[
            ("ja", "Betingelserne er opfyldt: stedfortræderen indtræder"),
            ("nej", "Betingelserne er ikke opfyldt"),
        ],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg KKR's beslutning."},
    )
    decided_on = date_field("Besluttet på mødet den")


class LeaveEndForm(forms.Form):
    resumes_on = date_field("Medlemmet genoptager hvervet den")


class PartySwitchForm(forms.Form):
    new_party = forms.ModelChoiceField(
        label="Nyt parti",
        queryset=Party.objects.all(),
        required=False,
        empty_label="Uden for parti",
    )
    on = date_field("Skiftet gælder fra")


def form_date(form, name) -> date:
    """The date typed into a bound form's ``name`` field, else today: who fits a rule is judged on the day the
    change takes effect, so a future-dated change offers those eligible then."""
    if form.is_bound:
        field = form.fields[name]
        try:
            on = field.clean(field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name)))
        except forms.ValidationError:
            on = None
        if on:
            return on
    return timezone.localdate()


class SubstituteForm(forms.Form):
    person = PersonChoice(
        label="Stedfortræder", queryset=Person.objects.none(), error_messages={"required": "Vælg en person."}
    )
    starts_on = date_field("Fra")
    basis = forms.CharField(label="Grundlag", required=False, max_length=200, help_text="Fx '1. viceborgmester'.")

    def __init__(self, *args, council, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        if membership is None:
            self.fields["person"].queryset = council_people(council)
        else:  # only those who fit B1 1.2 on the form's date, typed into a picker
            self.fields["person"].queryset = substitute_candidates(membership, form_date(self, "starts_on"))
            url = reverse("members:picker-substitute", args=[council.slug, membership.pk])
            self.fields["person"].widget = PersonPicker(url=url, date_field="starts_on")
            self.fields["person"].widget.choices = self.fields["person"].choices


class NewMemberForm(forms.Form):
    person = PersonChoice(
        label="Person", queryset=Person.objects.none(), error_messages={"required": "Vælg en person."}
    )
    starts_on = date_field("Medlem fra")

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        # only those who fit B1 1.0 (not sitting) on the form's date, typed into a picker
        self.fields["person"].queryset = new_member_candidates(council, form_date(self, "starts_on"))
        url = reverse("members:picker-new-member", args=[council.slug])
        self.fields["person"].widget = PersonPicker(url=url, date_field="starts_on")
        self.fields["person"].widget.choices = self.fields["person"].choices


class ChairForm(forms.Form):
    membership = forms.ModelChoiceField(
        label="Medlem", queryset=Membership.objects.none(), error_messages={"required": "Vælg et medlem."}
    )
    role = forms.ChoiceField(label="Rolle", choices=ChairRole.Role.choices)
    starts_on = date_field("Fra")
    ends_on = date_field("Til (kun midlertidig, B1 1.16)", required=False)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = Membership.objects.filter(
            council=council, ends_on__isnull=True
        ).select_related("person", "council")


class ChairAbsenceForm(forms.Form):
    starts_on = date_field("Forhindret fra")
    ends_on = date_field("Til (forventet)")


class ResolveActionForm(forms.Form):
    resolution = forms.CharField(
        label="Sådan blev opfølgningen løst",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Skriv, hvordan opfølgningen er løst."},
    )


class ObserverForm(forms.Form):
    person = PersonChoice(
        label="Person", queryset=Person.objects.none(), error_messages={"required": "Vælg en person."}
    )
    capacity = forms.CharField(
        label="Egenskab",
        max_length=200,
        help_text="Fx 'Medlem af KL's bestyrelse' eller 'Formand for KL's Sundheds- og Ældreudvalg'.",
        error_messages={"required": "Skriv, i hvilken egenskab personen deltager."},
    )
    starts_on = date_field("Observatør fra")

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = council_people(council)


class ObserverEndForm(forms.Form):
    ends_on = date_field("Sidste dag som observatør")


class OfficeEndForm(forms.Form):
    """End a municipal office, or correct the last day of one already ended (FO 3.8)."""

    on = date_field("Sidste dag i hvervet", help_text="Fra dagen efter kan personen ikke sidde på en politisk plads.")
    reason = forms.ChoiceField(
        label="Grund",
        choices=[("", "Vælg grund")] + [(r.value, r.label) for r in OFFICE_END_REASONS],
        error_messages={"required": "Vælg en grund.", "invalid_choice": "Vælg en gyldig grund."},
    )


class HiddenDateInput(DateInput):
    input_type = "hidden"


class OfficeImportForm(forms.Form):
    file = forms.FileField(
        label="CSV-fil med kommunalbestyrelsernes medlemmer",
        help_text="Kolonner: kommunekode, navn, parti, hverv (og evt. email). Højst 1 MB.",
        error_messages={"required": "Vælg en fil.", "empty": "Filen er tom.", "invalid": "Vælg en fil."},
    )
    starts_on = date_field("Hvervene gælder fra", help_text="Normalt valgperiodens første dag, 1. januar.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Filen er for stor (højst 1 MB).")
        return upload


class OfficeImportApplyForm(forms.Form):
    """The previewed file's text comes back from the preview page and is checked again before it is stored."""

    content = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=MAX_UPLOAD_BYTES)
    starts_on = forms.DateField(widget=HiddenDateInput(), validators=[plausible_date])


class RosterDateForm(forms.Form):
    dato = date_field("Dato", required=False)


# --- Secretariat staff rights -----------------------------------------------------------------


class StaffGrantForm(forms.Form):
    user = forms.ModelChoiceField(label="Bruger", queryset=None, empty_label="Vælg bruger")
    council = forms.ModelChoiceField(label="KKR", queryset=None, empty_label="Vælg KKR")

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        from .models import Council

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name() or u.username} ({u.username})"
        self.fields["council"].queryset = Council.objects.order_by("name")


class StaffInviteForm(forms.Form):
    name = forms.CharField(label="Navn", max_length=150)
    email = forms.EmailField(label="E-mail")
    council = forms.ModelChoiceField(label="KKR", queryset=None, empty_label="Vælg KKR")

    def __init__(self, *args, **kwargs):
        from .models import Council

        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = Council.objects.order_by("name")


class StaffRevokeForm(forms.Form):
    user = forms.IntegerField(widget=forms.HiddenInput)
    council = forms.IntegerField(widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


# --- People kept in the app -------------------------------------------------------------------


class PersonEditForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "title", "email", "phone", "municipality"]
        error_messages = {"name": {"required": "Skriv personens navn."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = self.fields["municipality"].queryset.order_by("name")
        self.fields["municipality"].empty_label = "Ingen kommune"


# --- A new council from one CSV ---------------------------------------------------------------


class CouncilImportForm(forms.Form):
    file = forms.FileField(
        label="CSV-fil med rådets medlemmer og stedfortrædere",
        help_text="Kolonner: kommunekode, navn, parti, rolle (borgmester, medlem, stedfortræder), "
        "stedfortræder for (medlemmets navn) og evt. email. Højst 1 MB.",
        error_messages={"required": "Vælg en fil.", "empty": "Filen er tom.", "invalid": "Vælg en fil."},
    )
    starts_on = date_field("Rådet gælder fra", help_text="Normalt dagen for det konstituerende møde.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Filen er for stor (højst 1 MB).")
        return upload


class CouncilImportApplyForm(forms.Form):
    content = forms.CharField(widget=forms.HiddenInput, strip=False)
    starts_on = forms.DateField(widget=HiddenDateInput(), validators=[plausible_date])
