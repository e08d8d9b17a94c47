"""The secretariat's import of municipal politicians from CSV: upload → preview with every row's problems
→ apply. Nothing is stored between the steps: the preview sends the file's text back in a hidden field,
and it is checked again before anything is saved."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kkr.csvfiles import CsvFileError, decode_upload

from .. import permissions, services
from ..forms import OfficeImportApplyForm, OfficeImportForm
from ..importing import parse_offices
from ..models import ElectionPeriod


@require_http_methods(["GET", "POST"])
@login_required
def office_import(request, slug):
    council = permissions.get_council_for_staff(request.user, slug)
    if request.method == "GET":
        period = ElectionPeriod.objects.containing(timezone.localdate()).first()
        form = OfficeImportForm(initial={"starts_on": period.starts_on if period else None})
        return render(request, "members/office_import.html", {"council": council, "form": form})
    if "content" in request.POST:
        return _apply(request, council)
    return _preview(request, council)


def _preview(request, council):
    form = OfficeImportForm(request.POST, request.FILES)
    context = {"council": council, "form": form}
    if form.is_valid():
        try:
            text = decode_upload(form.cleaned_data["file"].read())
        except CsvFileError as error:
            form.add_error("file", str(error))
        else:
            starts_on = form.cleaned_data["starts_on"]
            apply_form = OfficeImportApplyForm(initial={"content": text, "starts_on": starts_on})
            context.update(parsed=parse_offices(text, council, starts_on=starts_on), apply_form=apply_form)
    ok = "parsed" in context and context["parsed"].is_valid
    return render(request, "members/office_import.html", context, status=200 if ok else 400)


def _apply(request, council):
    form = OfficeImportApplyForm(request.POST)
    parsed = None
    if form.is_valid():
        parsed = parse_offices(form.cleaned_data["content"], council, starts_on=form.cleaned_data["starts_on"])
    if parsed is not None and parsed.is_valid:
        summary = services.import_offices(parsed, actor=request.user)
        messages.success(request, summary.message)
        return redirect("members:roster-detail", council.slug)
    context = {"council": council, "form": OfficeImportForm(), "parsed": parsed, "lost": parsed is None}
    return render(request, "members/office_import.html", context, status=400)
