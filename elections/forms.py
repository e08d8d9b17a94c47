"""Forms of the elections pages: the results upload, its confirmation, a lot drawn by hand, KL's numbers."""

from django import forms

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
    """B1 1.1: the lot drawn by hand among the tied parties."""

    tied = forms.CharField(widget=forms.HiddenInput)
    chosen = forms.ChoiceField(label="Lodtrækningen faldt på", error_messages={"required": "Vælg en liste."})

    def __init__(self, *args, tied=(), **kwargs):
        super().__init__(*args, **kwargs)
        tied = tuple(tied) or tuple(filter(None, (self.data.get("tied") or "").split("|")))
        self.fields["chosen"].choices = [(unit, unit) for unit in tied]
        self.fields["tied"].initial = "|".join(tied)
        self.tied_ids = tied


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
                initial=line.official_seats,
                error_messages={"invalid": "Angiv et helt tal.", "min_value": "Antallet kan ikke være negativt."},
            )

    def seats(self) -> dict[int, int | None]:
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}
