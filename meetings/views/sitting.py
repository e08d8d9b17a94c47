"""The secretariat at the meeting: attendance and quorum live, votes, decisions, minutes (FO 3.4-3.9)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from kkr.errors import RuleViolation
from kkr.rowurls import row_urls
from members.models import Membership, Person

from .. import permissions, queries, services
from ..forms import (
    ApproveMinutesForm,
    AttendanceForm,
    ConfirmForm,
    DecisionForm,
    MovementForm,
    ReopenMinutesForm,
    StaffAbsenceForm,
    StaffPresentForm,
)
from ..models import AgendaItem
from .staff import form_error, refuse, refused_form


def sitting_context(meeting, items: list | None = None) -> dict:
    """Attendance sheet, quorum and leader at the current item from one roster and one read of the marks, spans and
    notices (three plain queries, whatever the council's size; the items are a fourth unless given); the row links
    reversed once (``kkr.rowurls``)."""
    seats = queries.meeting_roster(meeting)
    marks, notices = queries.attendance_marks_and_notices(meeting)
    sheet = queries.attendance_sheet(meeting, seats, marks, notices)
    items = queries.sitting_items(meeting) if items is None else items
    position = queries.current_position(items)
    now = queries.at_item(meeting, position, seats=seats, presence=marks)
    rows = queries.sheet_values(sheet, marks, seats)
    slug = meeting.council.slug
    return {
        "meeting": meeting,
        "council": meeting.council,
        "has_started": meeting.has_started(),
        "is_locked": meeting.is_locked,
        "sheet": rows,
        "unmarked": sum(1 for row in rows if row["state"] is None and row["holds_seat"] and not row["has_notice"]),
        "roster": seats,
        "presence": marks,
        "items": items,
        "current_position": position if items else None,
        "quorum": now.quorum,
        "leader": now.leader,
        "casting": now.casting if seats.size else None,
        "sheet_form": _sheet_form(meeting),
        "attendance_url": reverse("meetings:attendance-update", args=[slug, meeting.pk]),
        "movement_url": reverse("meetings:attendance-movement", args=[slug, meeting.pk]),
        "absence_register_url": reverse("meetings:absence-register", args=[slug, meeting.pk]),
        "absence_withdraw_url": reverse("meetings:absence-withdraw", args=[slug, meeting.pk]),
    }


def _sheet_form(meeting) -> str | None:
    """What the attendance sheet's one form does: mark attendance once the meeting has begun (until the minutes
    are approved), register or withdraw afbud before it (FO 3.9); None: nothing to do."""
    if not meeting.has_started():
        return "absence"
    return None if meeting.is_locked else "attendance"


@require_GET
@login_required
def meeting_sitting(request, slug, pk):
    """Attendance, the items with their votes and decisions, the minutes. The vote forms open from a link
    (``views.votes``); the decision of each item is written in place."""
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    return _sitting_page(request, meeting, slug)


def _sitting_page(request, meeting, slug, *, status=200, **extra):
    context = sitting_context(meeting)
    _item_values(context, slug, may_vote=context["has_started"] and not context["is_locked"])
    context.update(
        csrf_input=csrf_input(request),  # once, for the decision form of every item
        minutes_form=ApproveMinutesForm(initial={"version": meeting.minutes_version}),
        reopen_form=ReopenMinutesForm(initial={"version": meeting.minutes_version}),
        **extra,
    )
    return render(request, "meetings/meeting_sitting.html", context, status=status)


def _item_values(context: dict, slug: str, *, may_vote: bool) -> None:
    """The items' links (reversed once, ``kkr.rowurls``), whether a division can be recorded (FO 3.7: on an active
    decision item of a meeting that has begun, minutes not approved), and each vote's statement from those present
    at its item (``queries.vote_result``, as the minutes state it), added to ``queries.sitting_items``. When someone
    arrived late or left early, each item says who was present there and who led."""
    links = row_urls(
        slug, vote="meetings:vote-create", correct="meetings:vote-correct", decision="meetings:decision-update"
    )
    meeting, presence = context["meeting"], context["presence"]
    uniform = presence.is_uniform
    for item in context["items"]:
        item["can_vote"] = may_vote and item["is_decision"] and item["is_active"]
        item["vote_url"] = links["vote"].of(item["pk"])
        item["decision_url"] = links["decision"].of(item["pk"])
        item["presence_line"] = ""
        if uniform and not item["votes"]:
            continue  # nothing at this item depends on who is present
        at = queries.at_item(meeting, item["position"], seats=context["roster"], presence=presence)
        item["presence_line"] = "" if uniform or at.quorum is None else at.summary
        for vote in item["votes"]:
            vote["correct_url"] = links["correct"].of(vote["pk"])
            vote["sentence"] = queries.vote_result(vote["tally"], vote["casting_vote"], at).minutes_sentence(
                vote["subject"]
            )


@require_POST
@login_required
def attendance_update(request, slug, pk):
    """Mark one person present or absent (FO 3.7). An htmx request gets that row back, with the quorum out of
    band, so keyboard focus stays on the row; a refusal (also two clicks at once) is a Danish message."""
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        return render(request, "meetings/includes/attendance.html", sitting_context(meeting), status=400)
    person = get_object_or_404(Person, pk=form.cleaned_data["person"])
    error = None
    try:
        services.record_attendance(
            meeting, person=person, is_present=form.cleaned_data["is_present"], actor=request.user
        )
    except RuleViolation as refused:
        if not request.htmx:
            return refuse(request, refused, "meetings:meeting-sitting", slug, meeting.pk)
        error = str(refused)
    if request.htmx:  # the row of the button clicked, in place of the old row (the sheet is one form)
        context = sitting_context(meeting)
        context.update(rows=[r for r in context["sheet"] if r["pk"] == person.pk], error=error)
        response = render(request, "meetings/includes/attendance_swap.html", context)
        return reswap(retarget(response, f"#row-{person.pk}"), "outerHTML")
    return redirect("meetings:meeting-sitting", slug, meeting.pk)


@require_POST
@login_required
def attendance_movement(request, slug, pk):
    """FO 3.9: a late arrival or an early departure, from an item (the current one unless chosen), with the clock
    time when given; presence at every item follows. A refusal shows the sitting page again with the form open,
    as typed, and the Danish reason (htmx swaps only a 200, so the refused page is a 200 to htmx, else a 400)."""
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    form = MovementForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        person = get_object_or_404(Person, pk=data["person"])
        when = form.instant(meeting.meets_on)
        record = services.record_arrival if data["kind"] == MovementForm.ARRIVAL else services.record_departure
        key = "arrived_at" if data["kind"] == MovementForm.ARRIVAL else "left_at"
        try:
            record(meeting, person=person, position=data["position"], actor=request.user, **{key: when})
        except RuleViolation as refused:
            error = str(refused)
        else:
            what = "ankom til" if data["kind"] == MovementForm.ARRIVAL else "gik før"
            messages.success(request, f"Registreret: {person} {what} punkt {data['position']}.")
            return redirect("meetings:meeting-sitting", slug, meeting.pk)
    else:
        error = form_error(form)
    typed = {
        "person": _number(request.POST.get("person")),
        "kind": request.POST.get("kind", MovementForm.ARRIVAL),
        "position": _number(request.POST.get("position")),
        "time": request.POST.get("time", "")[:5],
        "error": error,
    }
    return _sitting_page(request, meeting, slug, status=200 if request.htmx else 400, movement=typed)


def _number(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 else None


@require_POST
@login_required
def attendance_all_present(request, slug, pk):
    """ "Alle til stede" in one click; the exceptions are clicked afterwards."""
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    if not ConfirmForm(request.POST).is_valid():
        return redirect("meetings:meeting-sitting", slug, meeting.pk)
    try:
        marked = services.mark_all_present(meeting, actor=request.user)
    except RuleViolation as error:
        return refuse(request, error, "meetings:meeting-sitting", slug, meeting.pk)
    messages.success(request, f"{marked} er markeret til stede. Klik nu undtagelserne.")
    return redirect("meetings:meeting-sitting", slug, meeting.pk)


@require_POST
@login_required
def absence_register(request, slug, pk):
    """The secretariat registers an afbud for a member (FO 3.9); the personal substitute is summoned."""
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    form = StaffAbsenceForm(request.POST)
    if not form.is_valid():
        return refuse(request, form_error(form), "meetings:meeting-sitting", slug, meeting.pk)
    membership = get_object_or_404(Membership, pk=form.cleaned_data["membership"], council=meeting.council)
    if not form.cleaned_data["confirmed"]:
        return _confirm_absence(request, meeting, membership, withdraw=False)
    try:
        notice = services.record_absence_notice(
            meeting, membership=membership, actor=request.user, note=form.cleaned_data["note"]
        )
    except RuleViolation as error:
        back = reverse("meetings:meeting-sitting", args=[slug, meeting.pk])
        title = f"Afbud fra {membership.person}"
        return refused_form(request, form, error, meeting=meeting, title=title, submit="Registrér afbuddet", back=back)
    summoned = " Stedfortræderen er indkaldt pr. e-mail." if notice.substitute_summoned_at else ""
    messages.success(request, f"Afbud fra {membership.person} er registreret.{summoned}")
    return redirect("meetings:meeting-sitting", slug, meeting.pk)


@require_POST
@login_required
def absence_withdraw(request, slug, pk):
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    form = StaffAbsenceForm(request.POST)
    if not form.is_valid():
        return refuse(request, form_error(form), "meetings:meeting-sitting", slug, meeting.pk)
    notice = get_object_or_404(meeting.absence_notices, membership_id=form.cleaned_data["membership"])
    if not form.cleaned_data["confirmed"]:
        return _confirm_absence(request, meeting, notice.membership, withdraw=True, notice=notice)
    try:
        services.withdraw_absence_notice(notice, actor=request.user)
    except RuleViolation as error:
        return refuse(request, error, "meetings:meeting-sitting", slug, meeting.pk)
    told = " Stedfortræderen får besked pr. e-mail." if notice.substitute_summoned_at else ""
    messages.success(request, f"Afbuddet er trukket tilbage.{told}")
    return redirect("meetings:meeting-sitting", slug, meeting.pk)


def _confirm_absence(request, meeting, membership, *, withdraw, notice=None):
    """FO 3.9 / B1 1.8: staff afbud and its withdrawal e-mail the substitute, so the page says so and asks first."""
    substitute = services.personal_substitute(meeting, membership.pk)
    context = {
        "meeting": meeting,
        "membership": membership,
        "substitute": substitute if substitute and substitute.email else None,
        "withdraw": withdraw,
        "notice": notice,
        "note": request.POST.get("note", ""),
    }
    return render(request, "meetings/absence_confirm.html", context)


# The sitting page's own form for an item's decision: the htmx answer is that part of the page, never a copy.
DECISION_FORM = "meetings/meeting_sitting.html#decision-form"


@require_POST
@login_required
def decision_update(request, slug, pk):
    """FO 3.4: the decision text for the minutes; a decision item needs quorum (FO 3.7). A refused text is
    shown again as typed (in place with htmx, else on a page of its own), never thrown away."""
    item = permissions.get_item_for_staff(request.user, slug, pk)
    form = DecisionForm(request.POST)
    error, saved = None, False
    if not form.is_valid():
        error = form_error(form)
    else:
        try:
            services.record_decision(item, actor=request.user, **form.cleaned_data)
            saved = True
        except RuleViolation as refused:
            error = str(refused)
    if not request.htmx and not error:
        return redirect("meetings:meeting-sitting", slug, item.meeting_id)
    item = AgendaItem.objects.select_related("meeting__council").get(pk=item.pk)
    typed = request.POST.get("decision", "").replace("\x00", "") if error else item.decision
    values = {"pk": item.pk, "position": item.position, "version": item.version, "decision": typed}
    values["decision_url"] = reverse("meetings:decision-update", args=[slug, item.pk])
    context = {"item": values, "is_locked": item.meeting.is_locked, "error": error, "saved": saved}
    context.update(csrf_input=csrf_input(request), meeting=item.meeting, title=item.title)
    if request.htmx:
        return render(request, DECISION_FORM, context)  # htmx swaps 2xx only
    return render(request, "meetings/decision_refused.html", context, status=400)


@require_POST
@login_required
def minutes_approve(request, slug, pk):
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    form = ApproveMinutesForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.approve_minutes(meeting, actor=request.user, version=version)
    except RuleViolation as error:
        return refuse(request, error, "meetings:meeting-sitting", slug, meeting.pk)
    messages.success(request, "Referatet er godkendt; mødets punkter og beslutninger er nu låst.")
    return redirect("meetings:meeting-sitting", slug, meeting.pk)


@require_POST
@login_required
def minutes_reopen(request, slug, pk):
    """FO 3.4: reopen approved minutes with a recorded reason (a new version when approved again)."""
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    form = ReopenMinutesForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.reopen_minutes(meeting, actor=request.user, **form.cleaned_data)
        except RuleViolation as refused:
            error = refused
        else:
            messages.success(request, f"Referatet er genåbnet (version {meeting.minutes_version}).")
            return redirect("meetings:meeting-sitting", slug, meeting.pk)
    back = reverse("meetings:meeting-sitting", args=[slug, meeting.pk])
    return refused_form(request, form, error, meeting=meeting, title="Genåbn referatet", submit="Genåbn", back=back)


@require_POST
@login_required
def staff_present_update(request, slug, pk):
    """Who from the secretariat attended, for the minutes' Deltagerfortegnelse."""
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    form = StaffPresentForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.record_staff_present(meeting, actor=request.user, **form.cleaned_data)
        except RuleViolation as refused:
            error = refused
        else:
            messages.success(request, "Sekretariatets deltagere er gemt til referatet.")
            return redirect("meetings:meeting-sitting", slug, meeting.pk)
    back = reverse("meetings:meeting-sitting", args=[slug, meeting.pk])
    return refused_form(
        request, form, error, meeting=meeting, title="Sekretariatets deltagere", submit="Gem", back=back
    )
