"""Forms for meetings: validation into domain values, Danish messages."""

from django import forms

from .models import AgendaItem, Attachment, Meeting, StandingItem, Vote, validate_pdf


class MeetingForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label="Tidspunkt", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    answers_requests = forms.BooleanField(
        label="Indkaldes efter medlemmernes anmodning (FO 3.1)",
        required=False,
        help_text="Kun ekstraordinære møder. De åbne anmodninger knyttes til mødet og er dermed behandlet.",
    )

    class Meta:
        model = Meeting
        fields = ["kind", "starts_at", "location"]


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["kind", "title", "case_presentation", "recommendation", "is_closed"]
        widgets = {
            "case_presentation": forms.Textarea(attrs={"rows": 6}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
        }


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf"})}

    def clean_file(self):
        file = self.cleaned_data["file"]
        validate_pdf(file)
        return file


class ProposalForm(forms.Form):
    title = forms.CharField(label="Overskrift", max_length=300)
    text = forms.CharField(label="Forslag og begrundelse", widget=forms.Textarea(attrs={"rows": 8}))


class AbsenceNoticeForm(forms.Form):
    note = forms.CharField(label="Bemærkning (valgfri)", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    late_reason = forms.CharField(
        label="Begrundelse hvis fristen er overskredet (FO 3.3)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Trykkes på dagsordenen.",
    )


class PublicationRequestForm(forms.Form):
    """Publishing agenda or minutes (meetings/views/publishing.py). ``token`` makes the request idempotent:
    a double click or a resent form makes one version. Republishing asks what changed."""

    token = forms.UUIDField(widget=forms.HiddenInput)
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

    def __init__(self, *args, agenda: bool, republishing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.republishing = republishing
        if not agenda:
            del self.fields["late_reason"]
        if not republishing:
            del self.fields["change_note"]

    def clean_change_note(self):
        note = self.cleaned_data["change_note"].strip()
        if self.republishing and not note:
            raise forms.ValidationError("Skriv kort, hvad der er ændret siden forrige version.")
        return note


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
    person = forms.IntegerField(widget=forms.HiddenInput)
    is_present = forms.TypedChoiceField(
        label="Fremmøde", choices=[("1", "Til stede"), ("0", "Fraværende")], coerce=lambda v: v == "1"
    )


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


class DecisionForm(forms.Form):
    decision = forms.CharField(label="Beslutning", required=False, widget=forms.Textarea(attrs={"rows": 3}))


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
        fields = ["title", "kind", "placement", "order", "case_presentation", "recommendation"]
        widgets = {
            "case_presentation": forms.Textarea(attrs={"rows": 3}),
            "recommendation": forms.Textarea(attrs={"rows": 2}),
        }
