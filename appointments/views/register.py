"""The secretariat's register and body pages, appointing and ending, and the public list (SPEC §4, §6).

Staff of the council and KL admins change; the council's members get 403; others 404. Changes are POST only;
a refusal re-renders the form with the Danish reason (status 400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kkr.errors import RuleViolation
from kkr.formats import format_date
from members.models import DocumentJob
from members.services.documents import request_document
from members.views.documents import get_job, job_file, job_page, to_job_page

from .. import documents, permissions, queries, services, tasks
from ..forms import AbolishForm, AppointForm, AsOfForm, DecisionForm, EndForm, RegisterFilterForm, UndoForm
from ..models import Appointment
from ..registerrows import register_rows


def _register(request, slug, period, related=queries.APPOINTMENT_RELATED, *, with_seats=False):
    """The register on ``?dato=`` (else today), filtered; a bad value shows its error and today's register.
    ``with_seats``: the filter's lists come with the KKR's seats per party on that day (``register_lists``)."""
    council = permissions.get_council_for_staff(request.user, slug)
    period = permissions.get_period(period)
    today = AsOfForm(request.GET or None).day(timezone.localdate())
    lists = queries.register_lists(council, seats_on=today if with_seats else None)
    form = RegisterFilterForm(request.GET or None, council=council, lists=lists)
    lines = queries.register_lines(council, period, today=today, related=related, **form.filters())
    return council, period, today, form, lines, lists.party_seats


@require_GET
@login_required
def register_detail(request, slug, period):
    """ "Udpegninger 2026-2030": every seat with its holder, substitute and follow-up on a day; counts per party.
    With ``?aar=`` also everyone who held a seat in that year (the yearly report)."""
    council, period, today, form, lines, seats = _register(
        request, slug, period, queries.SHOWN_RELATED, with_seats=True
    )
    counts = queries.party_counts(council, lines, today=today, seats=seats)
    context = {"council": council, "period": period, "form": form, "lines": lines, "counts": counts, "day": today}
    context["rows"], context["query"] = register_rows(lines), request.GET.urlencode()
    if (year := form.year()) is not None:
        context["year"] = year
        context["year_rows"] = queries.held_in_year(council, year, **form.filters())
    return render(request, "appointments/register_detail.html", context)


@require_GET
@login_required
def register_csv(request, slug, period):
    """The register as CSV on the page's day, or with ``?aar=`` everyone who held a seat in that year."""
    council, period, today, form, lines, _seats = _register(request, slug, period)
    if (year := form.year()) is not None:
        rows = queries.held_in_year(council, year, **form.filters())
        return documents.register_csv(council, str(year), year_rows=rows)
    return documents.register_csv(council, f"{period.name}-{today.isoformat()}", lines)


@require_POST
@login_required
def register_pdf(request, slug, period):
    """Order the register as PDF on the page's day and filters (its query string); the worker renders it."""
    council = permissions.get_council_for_staff(request.user, slug)
    period = permissions.get_period(period)
    form = RegisterFilterForm(request.GET or None, council=council)
    day = form.day(timezone.localdate())
    options = QueryDict(mutable=True)
    options.update({key: value.pk for key, value in sorted(form.filters().items()) if value is not None})
    job = request_document(
        kind=DocumentJob.Kind.REGISTER,
        council=council,
        period=period,
        day=day,
        options=options.urlencode(),
        filename=f"udpegninger-{council.slug}-{period.name}-{day.isoformat()}.pdf",
        actor=request.user,
        task=tasks.render_register_pdf,
    )
    return to_job_page(request, job, "appointments:register-pdf-job", council.slug, period.name)


@require_GET
@login_required
def register_pdf_job(request, slug, period, pk):
    council = permissions.get_council_for_staff(request.user, slug)
    period = permissions.get_period(period)
    job = get_job(council, period, DocumentJob.Kind.REGISTER, pk)
    args, query = [council.slug, period.name], QueryDict(job.options, mutable=True)
    query["dato"] = job.day.isoformat()
    urls = {
        "page": f"{reverse('appointments:register-detail', args=args)}?{query.urlencode()}",
        "order": f"{reverse('appointments:register-pdf', args=args)}?{query.urlencode()}",
        "status": request.path,
        "file": reverse("appointments:register-pdf-file", args=[*args, job.pk]),
    }
    return job_page(request, job, title=f"Udpegninger {period.name} pr. {format_date(job.day)}", urls=urls)


@require_GET
@login_required
def register_pdf_file(request, slug, period, pk):
    council = permissions.get_council_for_staff(request.user, slug)
    return job_file(request, get_job(council, permissions.get_period(period), DocumentJob.Kind.REGISTER, pk))


@require_GET
@login_required
def body_list(request, slug):
    council = permissions.get_council_for_staff(request.user, slug)
    today = timezone.localdate()
    bodies = queries.body_summaries(council, today=today)
    return render(request, "appointments/body_list.html", {"council": council, "bodies": bodies})


def _body_page(request, council, body, *, status=200, abolish_form=None):
    lines = [
        line for line in queries.body_lines(body, today=timezone.localdate()) if line.seat.council_id == council.pk
    ]
    pending = queries.pending_nominations(body, council)
    for line in lines:
        line.nominations = pending.get(line.seat.pk, [])
    context = {"council": council, "body": body, "lines": lines}
    context["decision_form"] = DecisionForm()
    context["abolish_form"] = abolish_form or AbolishForm()
    context["can_change"] = request.user.is_superuser or not body.is_shared()
    context["end_reasons"] = Appointment.EndReason.choices
    return render(request, "appointments/body_detail.html", context, status=status)


@require_GET
@login_required
def body_detail(request, slug, pk):
    council, body = permissions.get_body_for_staff(request.user, slug, pk)
    return _body_page(request, council, body)


@require_POST
@login_required
def body_abolish(request, slug, pk):
    """The body is abolished (e.g. by law): its appointments end that day. A shared body only by a KL admin."""
    council, body = permissions.get_body_to_change(request.user, slug, pk)
    form = AbolishForm(request.POST)
    if form.is_valid():
        try:
            services.abolish_body(body, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{body} er registreret som nedlagt; udpegningerne er afsluttet.")
            return redirect("appointments:body-detail", council.slug, body.pk)
    return _body_page(request, council, body, status=400, abolish_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def appointment_create(request, slug, pk):
    """Appoint a person to a seat (FO 3.8 checked on the start date)."""
    council, seat = permissions.get_seat_for_staff(request.user, slug, pk)
    elected = queries.electing_group(seat.pk, on=timezone.localdate())
    form = AppointForm(request.POST or None, seat=seat, elected=elected)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.appoint_representative(
                seat,
                person=data["person"],
                role=data["role"],
                starts_on=data["starts_on"],
                method=data["method"],
                group=data["group"],
                note=data["note"],
                actor=request.user,
            )
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{form.cleaned_data['person']} er udpeget til {seat}.")
            return redirect("appointments:body-detail", council.slug, seat.body_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "appointments/appointment_form.html", {"council": council, "seat": seat, "form": form}, status=status
    )


@require_POST
@login_required
def appointment_end(request, slug, pk):
    council, appointment = permissions.get_appointment_for_staff(request.user, slug, pk)
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Angiv sidste dag og en ophørsgrund.")
    else:
        try:
            services.end_appointment(appointment, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Udpegningen af {appointment.person} er afsluttet.")
    return redirect("appointments:body-detail", council.slug, appointment.seat.body_id)


@require_http_methods(["GET", "POST"])
@login_required
def appointment_void(request, slug, pk):
    """Void an appointment entered by mistake, after a confirmation page: kept in the history, gone from the
    register, the public list, the CSV and search, and the seat is free (SPEC §4)."""
    council, appointment = permissions.get_appointment_for_staff(request.user, slug, pk)
    form = UndoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.void_appointment(appointment, reason=form.cleaned_data["reason"], actor=request.user)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Udpegningen af {appointment.person} er annulleret.")
            return redirect("appointments:body-detail", council.slug, appointment.seat.body_id)
    context = {
        "council": council,
        "form": form,
        "title": f"Annullér udpegningen af {appointment.person}",
        "what": f"{appointment.person} · {appointment.seat} · {appointment.get_role_display()}",
        "consequence": "Udpegningen forsvinder fra registret, den offentlige liste, CSV-filen og søgningen, og "
        "pladsen bliver ledig. Den bevares i historikken med begrundelsen. Brug det kun til en fejlregistrering; "
        "en udpegning, der slutter, afsluttes i stedet.",
        "button": "Annullér udpegningen",
        "back": reverse("appointments:body-detail", args=[council.slug, appointment.seat.body_id]),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "appointments/undo_confirm.html", context, status=status)


@require_GET
def public_list(request, slug):
    """The council's political appointees on ``?dato=`` (else today), as KL publishes them."""
    council = permissions.get_public_council(slug)
    form = AsOfForm(request.GET or None)
    today = form.day(timezone.localdate())
    lines = queries.public_lines(queries.public_appointees(council, today=today))
    context = {"council": council, "lines": lines, "day": today, "form": form}
    return render(request, "appointments/public_list.html", context)
