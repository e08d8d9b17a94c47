"""Forms for meetings: validation into domain values, Danish messages."""

from datetime import datetime
from functools import cache

from django import forms
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from kkr.validators import plausible_date
from members.deadlines import COPENHAGEN

from .models import AgendaItem, Meeting, StandingItem, Vote

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label="Tidspunkt",
        widget=DATETIME,
        validators=[plausible_date],
        help_text="Ligger mødet på en lørdag, søndag eller helligdag, får du en advarsel (mødet lægges i planen).",
    )
    ends_at = forms.DateTimeField(
        label="Sluttidspunkt",
        required=False,
        widget=DATETIME,
        help_text="Tomt: to timer efter start.",
        validators=[plausible_date],
    )
    confirm_past = forms.BooleanField(
        label="Ja, mødet ligger i fortiden (fx et møde der registreres bagefter)", required=False
    )
    answers_requests = forms.BooleanField(
        label="Indkaldes efter medlemmernes anmodning (FO 3.1)",
        required=False,
        help_text="Kun ekstraordinære møder. De åbne anmodninger knyttes til mødet og er dermed behandlet.",
    )

    class Meta:
        model = Meeting
        fields = ["kind", "starts_at", "ends_at", "location"]

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "Mødet skal slutte efter det begynder.")
        if starts_at and starts_at < timezone.now() and not data.get("confirm_past"):
            self.add_error(
                "confirm_past", "Tidspunktet ligger i fortiden. Sæt flueben for at bekræfte, at det er meningen."
            )
        data.pop("confirm_past", None)
        return data


RICH_HELP = (
    "Overskrifter, fed, kursiv, lister, links og tabeller bevares, også når du indsætter fra Word eller Outlook."
)
# A textarea the rich-text editor takes over (static/js/richtext-editor.js); without JavaScript it stays a textarea.
RICH = {"data-rich": "1"}


class AgendaItemForm(forms.ModelForm):
    """An item; ``version`` (hidden) is the version the form was opened at: a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AgendaItem
        fields = ["kind", "title", "case_number", "case_presentation", "recommendation", "is_closed", "public_title"]
        widgets = {
            "case_presentation": forms.Textarea(attrs={"rows": 6, **RICH}),
            "recommendation": forms.Textarea(attrs={"rows": 3, **RICH}),
        }
        help_texts = {"case_presentation": RICH_HELP, "recommendation": RICH_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


@cache
def empty_item_fields() -> SafeString:
    """The fields of an empty ``AgendaItemForm`` (labels, widgets, help texts) as HTML, rendered once per process:
    the agenda page shows the form on every request and Django's widget templates were a large part of it. The
    form with errors is ``item_form.html``'s, rendered as before."""
    return render_to_string("meetings/includes/item_fields.html", {"form": AgendaItemForm()})


class ConfirmForm(forms.Form):
    """A destructive or outward action confirmed on its own page (safe actions)."""


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label="Begrundelse (sendes til medlemmer og stedfortrædere)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Skriv hvorfor mødet aflyses."},
    )


class ReopenMinutesForm(forms.Form):
    reason = forms.CharField(
        label="Begrundelse for at genåbne referatet",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Skriv hvorfor referatet genåbnes (FO 3.4)."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StaffPresentForm(forms.Form):
    staff_present = forms.CharField(
        label="Fra sekretariatet deltog",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Én pr. linje, fx «Anne Holm, KKR-konsulent». Står i referatets deltagerfortegnelse.",
    )


class ApproveMinutesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StaffAbsenceForm(forms.Form):
    """The secretariat registers an afbud for a member (FO 3.9); ``membership`` checked against the roster."""

    membership = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="Bemærkning (valgfri)", required=False, max_length=2000)
    # The sheet's button asks first (an e-mail goes to the substitute); the confirmation page sends it back set.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PostponeItemForm(forms.Form):
    to_meeting = forms.ModelChoiceField(label="Udsæt til mødet", queryset=Meeting.objects.none())

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_meeting"].queryset = Meeting.objects.filter(
            council_id=meeting.council_id, starts_at__gt=meeting.starts_at, status=Meeting.Status.PLANNED
        ).order_by("starts_at")


CHANGE_NOTE = forms.CharField(
    label="Hvad er ændret? (står i den nye version og i e-mailen til medlemmerne)",
    required=False,
    max_length=2000,
    widget=forms.Textarea(attrs={"rows": 2}),
)


class AttachmentForm(forms.Form):
    """A bilag uploaded on the item page, read once (``services.bilag.check_upload``): ``file`` is cleaned into
    the checked file the service stores. ``change_note``: needed once the item is in a document sent to the
    members (the service says so)."""

    title = forms.CharField(label="Titel", max_length=300)
    file = forms.FileField(
        label="Fil",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        error_messages={"empty": "Bilaget er tomt (0 byte). Vælg PDF-filen igen."},
    )
    change_note = CHANGE_NOTE

    def clean_file(self):
        from .services.bilag import check_upload

        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".pdf"):
            raise forms.ValidationError("Bilaget skal være en PDF-fil (.pdf).")
        return check_upload(file)


class RemoveAttachmentForm(forms.Form):
    change_note = CHANGE_NOTE


class ProposalForm(forms.Form):
    title = forms.CharField(label="Overskrift", max_length=300)
    text = forms.CharField(label="Forslag og begrundelse", widget=forms.Textarea(attrs={"rows": 8}))


class AbsenceNoticeForm(forms.Form):
    note = forms.CharField(label="Bemærkning (valgfri)", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PublicationRequestForm(forms.Form):
    """Publishing agenda, Tillæg or minutes (meetings/views/publishing.py). ``token`` makes the request idempotent:
    a double click or a resent form makes one version. ``version`` is the version the page was opened on: a
    page left open while a colleague published is refused with ``stale`` (the service checks it again under
    the meeting's row lock, which decides between simultaneous requests). Republishing asks what changed."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    late_reason = forms.CharField(
        label="Begrundelse hvis fristen er overskredet (FO 3.3)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Trykkes på dagsordenen.",
    )
    change_note = forms.CharField(
        label="Hvad er ændret siden forrige version?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Trykkes på den nye version og står i e-mailen.",
    )
    draft = forms.BooleanField(
        label="Udkast: kun til medlemmerne (mærket «Udkast» på hver side)",
        required=False,
    )

    def __init__(
        self, *args, agenda: bool, republishing: bool, drafts: bool = True, version: int = 1, stale: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.republishing, self.current_version, self.stale = republishing, version, stale
        if not agenda:
            del self.fields["late_reason"]
        if not republishing:
            del self.fields["change_note"]
        if not drafts:
            del self.fields["draft"]

    def clean_change_note(self):
        note = self.cleaned_data["change_note"].strip()
        if self.republishing and not note and not self.is_stale():  # a stale page never showed the field
            raise forms.ValidationError("Skriv kort, hvad der er ændret siden forrige version.")
        return note

    def is_stale(self) -> bool:
        opened_on = self.cleaned_data.get("version")
        return opened_on is not None and opened_on != self.current_version

    def clean(self):
        cleaned = super().clean()
        if self.is_stale():
            newer = cleaned["version"] < self.current_version
            raise forms.ValidationError(self.stale if newer else "Formularen hører ikke til den nuværende version.")
        return cleaned


class DeclineProposalForm(forms.Form):
    note = forms.CharField(
        label="Formandens begrundelse",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Skriv formandens begrundelse for ikke at optage forslaget (FO 3.2)."},
    )


class MoveItemForm(forms.Form):
    """FO 3.6: move an agenda item one place up or down."""

    UP, DOWN = "up", "down"
    direction = forms.ChoiceField(choices=[(UP, "Flyt op"), (DOWN, "Flyt ned")])


class AttendanceForm(forms.Form):
    """One click on the attendance sheet: the button "Til stede" posts ``present=<person id>``, "Fraværende"
    ``absent=<person id>`` (one form around the sheet). Cleaned: ``person`` and ``is_present``."""

    present = forms.IntegerField(required=False, widget=forms.HiddenInput)
    absent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        present, absent = self.cleaned_data.get("present"), self.cleaned_data.get("absent")
        if (present is None) == (absent is None):
            raise forms.ValidationError("Vælg til stede eller fraværende for én person.")
        return {"person": present if present is not None else absent, "is_present": present is not None}


class MovementForm(forms.Form):
    """FO 3.9: a late arrival or an early departure on the sitting sheet, from an item, with the clock time when
    known (the minutes print it)."""

    ARRIVAL, DEPARTURE = "arrival", "departure"
    person = forms.IntegerField(label="Person", error_messages={"required": "Vælg personen."})
    kind = forms.ChoiceField(
        label="Hvad skete der?",
        choices=[(ARRIVAL, "Ankomst – til stede fra punktet"), (DEPARTURE, "Afgang – fraværende fra punktet")],
        error_messages={"required": "Vælg ankomst eller afgang.", "invalid_choice": "Vælg ankomst eller afgang."},
    )
    position = forms.IntegerField(
        label="Fra punkt", min_value=1, max_value=32767, error_messages={"required": "Vælg punktet."}
    )
    time = forms.TimeField(
        label="Klokkeslæt (valgfrit)",
        required=False,
        input_formats=["%H:%M", "%H.%M"],
        error_messages={"invalid": "Skriv klokkeslættet som tt:mm, fx 10:40."},
    )

    def instant(self, day):
        """The clock time on the meeting day in Copenhagen, or None."""
        at = self.cleaned_data.get("time")
        return datetime.combine(day, at).replace(tzinfo=COPENHAGEN) if at is not None else None


class VoteForm(forms.Form):
    subject = forms.CharField(label="Afstemningstema (FO 3.5)", max_length=300, initial="Indstillingen")
    votes_for = forms.IntegerField(label="For", min_value=0)
    votes_against = forms.IntegerField(label="Imod", min_value=0)
    abstentions = forms.IntegerField(label="Undlod", min_value=0, initial=0)
    casting_vote = forms.ChoiceField(
        label="Den udslagsgivendes egen stemme (ved stemmelighed)",
        choices=[("", "Stemte ikke")] + Vote.Choice.choices,
        required=False,
    )
    token = forms.UUIDField(required=False, widget=forms.HiddenInput)  # one submission, one vote


class VoteCorrectionForm(VoteForm):
    reason = forms.CharField(label="Begrundelse for rettelsen", max_length=500)


class VoteRemovalForm(forms.Form):
    reason = forms.CharField(label="Begrundelse for at fjerne afstemningen", max_length=500)


class DecisionForm(forms.Form):
    decision = forms.CharField(label="Beslutning", required=False, widget=forms.Textarea(attrs={"rows": 3, **RICH}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ExtraordinaryRequestForm(forms.Form):
    reason = forms.CharField(
        label="Begrundelse",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Hvad skal mødet behandle?",
    )


class StandingItemForm(forms.ModelForm):
    class Meta:
        model = StandingItem
        fields = ["title", "kind", "placement", "order", "is_section", "step", "case_presentation", "recommendation"]
        help_texts = {"step": "«Referatet fra forrige møde»: punktet viser et link til rådets forrige referat."}
        error_messages = {"step": {"invalid_choice": "Vælg et gyldigt link."}}
        widgets = {
            "case_presentation": forms.Textarea(attrs={"rows": 3, **RICH}),
            "recommendation": forms.Textarea(attrs={"rows": 2, **RICH}),
        }
