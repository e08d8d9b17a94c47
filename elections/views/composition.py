"""The secretariat's composition pages: import results (preview, then apply), the calculation table and
its PDF, a lot drawn by hand, confirmation into the seat entitlements, and KL's official numbers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from elections.ties import TieError
from kkr.csvfiles import CsvFileError, decode_upload
from kkr.errors import RuleViolation
from members.models import DocumentJob
from members.services.documents import request_document
from members.views.documents import get_job, job_file, job_page, to_job_page

from .. import documents, permissions, services, tasks
from ..calculation import calculate
from ..forms import LotForm, OfficialNumbersForm, ResultApplyForm, ResultUploadForm
from ..importing import parse_results


def _table(result_set) -> dict:
    """The calculation for the page, or what stops it (a tie to draw, an error in the results)."""
    snapshot = getattr(result_set, "snapshot", None)
    try:
        return {"table": documents.composition_table(calculate(result_set), snapshot), "snapshot": snapshot}
    except TieError as tie:
        return {"tie": tie, "lot_form": LotForm(tied=tie.tied)}
    except RuleViolation as error:
        return {"error": str(error)}


@require_GET
@login_required
def composition_detail(request, slug, period):
    council, period, result_set = permissions.get_results_for_staff(request.user, slug, period)
    context = {"council": council, "period": period, "result_set": result_set}
    if result_set is not None:
        context.update(_table(result_set))
    return render(request, "elections/composition_detail.html", context)


@require_POST
@login_required
def composition_pdf(request, slug, period):
    """Order the calculation as PDF: the worker renders it, and the order's page shows how far it is."""
    council, period, result_set = permissions.get_results_for_staff(request.user, slug, period)
    if result_set is None:
        raise Http404("Der er ingen beregning at vise")
    job = request_document(
        kind=DocumentJob.Kind.COMPOSITION,
        council=council,
        period=period,
        day=timezone.localdate(),
        options=f"resultat={result_set.pk}",
        filename=f"sammensaetning-{council.slug}-{period.name}.pdf",
        actor=request.user,
        task=tasks.render_composition_pdf,
    )
    return to_job_page(request, job, "elections:composition-pdf-job", council.slug, period.name)


@require_GET
@login_required
def composition_pdf_job(request, slug, period, pk):
    council, period = permissions.get_period_for_staff(request.user, slug, period)
    job = get_job(council, period, DocumentJob.Kind.COMPOSITION, pk)
    args = [council.slug, period.name]
    urls = {
        "page": reverse("elections:composition-detail", args=args),
        "order": reverse("elections:composition-pdf", args=args),
        "status": request.path,
        "file": reverse("elections:composition-pdf-file", args=[*args, job.pk]),
    }
    return job_page(request, job, title=f"Sammensætningen {period.name}", urls=urls)


@require_GET
@login_required
def composition_pdf_file(request, slug, period, pk):
    council, period = permissions.get_period_for_staff(request.user, slug, period)
    return job_file(request, get_job(council, period, DocumentJob.Kind.COMPOSITION, pk))


@require_http_methods(["GET", "POST"])
@login_required
def result_import(request, slug, period):
    """Upload → preview with every row's problems → apply (the text comes back and is checked again)."""
    council, period, _ = permissions.get_results_for_staff(request.user, slug, period)
    if request.method == "GET":
        context = {"council": council, "period": period, "form": ResultUploadForm()}
        return render(request, "elections/result_import.html", context)
    if "content" in request.POST:
        return _apply(request, council, period)
    return _preview(request, council, period)


def _preview(request, council, period):
    form = ResultUploadForm(request.POST, request.FILES)
    context = {"council": council, "period": period, "form": form}
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = decode_upload(upload.read())
        except CsvFileError as error:
            form.add_error("file", str(error))
        else:
            meta = {"content": text, "source_name": upload.name, "note": form.cleaned_data["note"]}
            context.update(parsed=parse_results(text, council), apply_form=ResultApplyForm(initial=meta))
    ok = "parsed" in context and context["parsed"].is_valid
    return render(request, "elections/result_import.html", context, status=200 if ok else 400)


def _apply(request, council, period):
    form = ResultApplyForm(request.POST)
    parsed = parse_results(form.cleaned_data["content"], council) if form.is_valid() else None
    if parsed is not None and parsed.is_valid:
        meta = {"source_name": form.cleaned_data["source_name"], "note": form.cleaned_data["note"]}
        try:
            services.import_results(parsed, period=period, actor=request.user, **meta)
        except RuleViolation as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Valgresultatet for {council.name} er indlæst.")
        return redirect("elections:composition-detail", council.slug, period.name)
    context = {"council": council, "period": period, "form": ResultUploadForm(), "parsed": parsed, "lost": not parsed}
    return render(request, "elections/result_import.html", context, status=400)


@require_POST
@login_required
def lot_create(request, slug, period):
    council, period, result_set = permissions.get_results_for_staff(request.user, slug, period)
    form = LotForm(request.POST)
    if result_set is None or not form.is_valid():
        messages.error(request, "Vælg den liste, lodtrækningen faldt på.")
    else:
        lot = form.cleaned_data
        try:
            services.record_lot(result_set, tied=lot["tied"], chosen=lot["chosen"], actor=request.user)
        except RuleViolation as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Lodtrækningen er registreret: {form.cleaned_data['chosen']} (B1 1.1).")
    return redirect("elections:composition-detail", council.slug, period.name)


@require_POST
@login_required
def composition_confirm(request, slug, period):
    """Confirm the newest result set's composition: it sets the seat entitlements (B1 1.0-1.1)."""
    council, period, result_set = permissions.get_results_for_staff(request.user, slug, period)
    if result_set is None:
        raise Http404("Der er ikke indlæst noget valgresultat")
    try:
        snapshot = services.confirm_composition(result_set, actor=request.user)
    except RuleViolation as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Sammensætningen er bekræftet: {snapshot.total} medlemmer.")
    return redirect("elections:composition-detail", council.slug, period.name)


@require_http_methods(["GET", "POST"])
@login_required
def official_update(request, slug, period):
    """KL's announced numbers beside the computed ones, with a note; the difference stays visible."""
    council, period, result_set = permissions.get_results_for_staff(request.user, slug, period)
    snapshot = getattr(result_set, "snapshot", None)
    if snapshot is None:
        raise Http404("Sammensætningen er ikke bekræftet")
    lines = list(snapshot.lines.select_related("party"))
    form = OfficialNumbersForm(request.POST or None, lines=lines, initial={"note": snapshot.official_note})
    if form.is_valid():
        try:
            services.record_official_numbers(
                snapshot, seats=form.seats(), note=form.cleaned_data["note"], actor=request.user
            )
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "KL's officielle tal er gemt.")
            return redirect("elections:composition-detail", council.slug, period.name)
    context = {"council": council, "period": period, "form": form}
    return render(request, "elections/official_form.html", context, status=400 if form.errors else 200)
