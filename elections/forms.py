"""Forms of the elections pages: the results upload, its confirmation, a lot drawn by hand, KL's numbers."""

from django import forms

from kkr.validators import plausible_date

MAX_UPLOAD = 2 * 1024 * 1024


class ResultUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV-fil med valgresultatet",
        help_text="Kolonner: kommunekode, bogstav, parti, stemmer, mandater, borgmester (og evt. art).",
        error_messages={"required": "Vælg en fil.", "empty": "Filen er tom."},
    )
    note = forms.CharField(label="Bemærkning (fx kilde)", required=False, max_length=2000)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("Filen er for stor (højst 2 MB).")
        return upload


class ResultApplyForm(forms.Form):
    """The checked file's text comes back from the preview, and is checked again before it is stored."""

    content = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=MAX_UPLOAD)
    source_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    note = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)


class LotForm(forms.Form):
    """B1 1.1 / B1 1.4: the lot drawn by hand among the tied parties. `tied` comes back from the page
    (ids joined by "|"); the service checks it is still the open tie."""

    tied = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "Hent siden igen."})
    chosen = forms.CharField(
        label="Lodtrækningen faldt på", widget=forms.Select, error_messages={"required": "Vælg en liste."}
    )

    def __init__(self, *args, tied=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].widget.choices = [(unit, unit) for unit in tied]
        self.fields["tied"].initial = "|".join(tied)

    def clean_tied(self) -> tuple[str, ...]:
        tied = tuple(unit for unit in self.cleaned_data["tied"].split("|") if unit)
        if len(tied) < 2:
            raise forms.ValidationError("Hent siden igen.")
        return tied

    def clean(self):
        data = super().clean()
        if "tied" in data and "chosen" in data and data["chosen"] not in data["tied"]:
            self.add_error("chosen", "Vælg en af de lister, der står lige.")
        return data


MAX_SEATS = 32767  # CompositionLine.official_seats is a PositiveSmallIntegerField


class OfficialNumbersForm(forms.Form):
    """KL's announced seats per party beside the computed ones; empty = not entered."""

    note = forms.CharField(
        label="Bemærkning",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="Forklar forskellen, hvis KL's tal afviger fra de beregnede.",
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=f"{line.party} (beregnet {line.seats})",
                required=False,
                min_value=0,
                max_value=MAX_SEATS,
                initial=line.official_seats,
                error_messages={
                    "invalid": "Angiv et helt tal.",
                    "min_value": "Antallet kan ikke være negativt.",
                    "max_value": f"Antallet kan højst være {MAX_SEATS}.",
                },
            )

    def seats(self) -> dict[int, int | None]:
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}


# --- The constituent meeting (B1 1.3-1.4) -------------------------------------------------------------


class ConstituentMeetingForm(forms.Form):
    """B1 1.3: which of the council's constituent meetings is the one for this period."""

    meeting = forms.ModelChoiceField(
        label="Det konstituerende møde",
        queryset=None,
        error_messages={"required": "Vælg mødet.", "invalid_choice": "Vælg et af rådets konstituerende møder."},
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class AllianceForm(forms.Form):
    """B1 1.4: a valgforbund between two or more units represented in the KKR, and when it was received."""

    units = forms.ModelMultipleChoiceField(
        label="Partier i valgforbundet",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Vælg mindst to partier.", "invalid_choice": "Vælg blandt de viste partier."},
    )
    received_at = forms.DateTimeField(
        label="Modtaget af sekretariatet",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=[plausible_date],
        error_messages={"required": "Angiv hvornår anmeldelsen blev modtaget.", "invalid": "Angiv dato og klokkeslæt."},
    )
    note = forms.CharField(label="Bemærkning", required=False, max_length=2000)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units

    def clean_units(self):
        units = self.cleaned_data["units"]
        if len(units) < 2:
            raise forms.ValidationError("Et valgforbund skal bestå af mindst to partier (B1 1.4).")
        return units


class ChairConfirmForm(forms.Form):
    """The persons the groups named for the seats their units won (B1 1.4)."""

    chair = forms.ModelChoiceField(
        label="Formand",
        queryset=None,
        error_messages={"required": "Vælg formanden.", "invalid_choice": "Vælg blandt de viste medlemmer."},
    )
    vice_chair = forms.ModelChoiceField(
        label="Næstformand",
        queryset=None,
        error_messages={"required": "Vælg næstformanden.", "invalid_choice": "Vælg blandt de viste medlemmer."},
    )

    def __init__(self, *args, chair_members, vice_chair_members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chair_members
        self.fields["vice_chair"].queryset = vice_chair_members
        self.fields["chair"].label_from_instance = self.fields["vice_chair"].label_from_instance = _member_label

    def clean(self):
        data = super().clean()
        if data.get("chair") and data.get("chair") == data.get("vice_chair"):
            raise forms.ValidationError("Formand og næstformand skal være to forskellige personer.")
        return data


def _member_label(membership) -> str:
    return f"{membership.person.name} ({membership.get_kind_display().lower()})"
