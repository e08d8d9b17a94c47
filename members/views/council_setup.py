"""A new council for a new period from one CSV: upload → full preview with every row's problems
→ apply, all or nothing. Nothing is stored between the steps (the file's text goes back in a hidden field
and is checked again)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from kkr.csvfiles import CsvFileError, decode_upload
from kkr.errors import RuleViolation

from .. import permissions
from ..forms import CouncilImportApplyForm, CouncilImportForm
from ..services.council_import import apply_council, parse_council

TEMPLATE = "members/council_import.html"


@require_http_methods(["GET", "POST"])
@login_required
def council_import(request, slug):
    council = permissions.get_council_for_staff(request.user, slug)
    if request.method == "GET":
        return render(request, TEMPLATE, {"council": council, "form": CouncilImportForm()})
    if "content" in request.POST:
        return _apply(request, council)
    form = CouncilImportForm(request.POST, request.FILES)
    context = {"council": council, "form": form}
    if form.is_valid():
        try:
            text = decode_upload(form.cleaned_data["file"].read())
        except CsvFileError as error:
            form.add_error("file", str(error))
        else:
            starts_on = form.cleaned_data["starts_on"]
            context["parsed"] = parse_council(text, council, starts_on=starts_on)
            context["apply_form"] = CouncilImportApplyForm(initial={"content": text, "starts_on": starts_on})
    ok = "parsed" in context and context["parsed"].is_valid
    return render(request, TEMPLATE, context, status=200 if ok else 400)


def _apply(request, council):
    form = CouncilImportApplyForm(request.POST)
    parsed = None
    if form.is_valid():
        parsed = parse_council(form.cleaned_data["content"], council, starts_on=form.cleaned_data["starts_on"])
    context = {"council": council, "form": CouncilImportForm(), "parsed": parsed, "lost": parsed is None}
    if parsed is not None and parsed.is_valid:
        try:
            summary = apply_council(parsed, actor=request.user)
        except RuleViolation as error:
            context["refused"] = str(error)
        else:
            messages.success(request, summary.message)
            on = form.cleaned_data["starts_on"].isoformat()
            return redirect(reverse("members:roster-detail", args=[council.slug]) + f"?dato={on}")
    return render(request, TEMPLATE, context, status=400)
