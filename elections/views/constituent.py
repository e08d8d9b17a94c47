"""The secretariat's constituent-meeting page (B1 1.3-1.4): the meeting and its deadline, the convener,
alliance declarations, and the chair and vice-chair election (run, lots drawn by hand, persons, confirm).

Staff of the council and KL admins; the council's members 403; others 404. Changes are POST only; a refused
change re-renders the page with the Danish reason (status 400) or, for buttons, redirects with a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kkr.errors import RuleViolation
from members.queries import handover_preview

from .. import permissions, queries
from ..constituent import calculation
from ..constituent import services as constituent_services
from ..forms import AllianceForm, ChairConfirmForm, ConstituentMeetingForm, LotForm
from ..models import ChairElection

TEMPLATE = "elections/constituent_detail.html"


def _page(request, council, period, record, *, status=200, **forms):
    context = {"council": council, "period": period, "record": record}
    if record is None:
        meetings = queries.constituent_meeting_choices(council, period)
        context["meeting_form"] = forms.get("meeting_form") or ConstituentMeetingForm(meetings=meetings)
        context["has_meetings"] = meetings.exists()
        return render(request, TEMPLATE, context, status=status)
    context.update(_overview(record, forms))
    return render(request, TEMPLATE, context, status=status)


def _overview(record, forms) -> dict:
    """Everything the page shows about a registered constituent meeting (queries named in the view test)."""
    council, period, meeting = record.council, record.period, record.meeting
    election = getattr(record, "chair_election", None)
    declarations = list(record.alliances.select_related("recorded_by").prefetch_related("units"))
    deadline = calculation.meeting_deadline(period)
    context = {
        "election": election,
        "chair_lots": calculation.chair_lots(election),
        "declarations": declarations,
        "meeting_deadline": deadline,
        "meeting_is_late": meeting.meets_on > deadline,
        "deadline": calculation.declaration_deadline(meeting, period.rules_on(meeting.meets_on)),
        "convener": calculation.stored_convener(record),
    }
    if election is None or election.state == ChairElection.State.AWAITING_LOT:
        alliances = [list(d.units.all()) for d in declarations]
        calc = calculation.calculate_chair_election(council, period, alliances=alliances, lots=context["chair_lots"])
        units = [{"id": uid, "name": p.name, "votes": calc.votes[uid]} for uid, p in calc.parties.items()]
        context.update(calc=calc, rows=calculation.contestant_rows(units, [list(a) for a in calc.alliances]))
        if calc.tie is not None and election is not None:
            context["lot_form"] = LotForm(tied=calc.tie.tied)
        if election is None:
            parties = queries.parties_by_pk(calc.parties.values())
            context["alliance_form"] = forms.get("alliance_form") or AllianceForm(units=parties)
    else:
        context["rows"] = calculation.contestant_rows(election.result["units"], election.result["alliances"])
        if election.state == ChairElection.State.DECIDED:
            context["confirm_form"] = forms.get("confirm_form") or _confirm_form(record, election)
    return context


def _confirm_form(record, election, data=None):
    on = record.meeting.meets_on
    return ChairConfirmForm(
        data,
        chair_members=queries.eligible_members(record.council, record.period, election.chair_party, on),
        vice_chair_members=queries.eligible_members(record.council, record.period, election.vice_chair_party, on),
    )


def _back(council, period):
    return redirect("elections:constituent-detail", council.slug, period.name)


@require_GET
@login_required
def constituent_detail(request, slug, period):
    council, period, record = permissions.get_constituent_for_staff(request.user, slug, period)
    return _page(request, council, period, record)


@require_POST
@login_required
def constituent_create(request, slug, period):
    """B1 1.3: register which meeting is the constituent one; its convener is computed."""
    council, period, record = permissions.get_constituent_for_staff(request.user, slug, period)
    form = ConstituentMeetingForm(request.POST, meetings=queries.constituent_meeting_choices(council, period))
    if record is None and form.is_valid():
        try:
            constituent_services.register_constituent_meeting(
                form.cleaned_data["meeting"], period=period, actor=request.user
            )
        except RuleViolation as error:
            form.add_error("meeting", str(error))
        else:
            messages.success(request, "Det konstituerende møde er registreret.")
            return _back(council, period)
    return _page(request, council, period, record, status=400, meeting_form=form)


@require_POST
@login_required
def convener_update(request, slug, period):
    council, period, record = permissions.get_constituent_for_staff(request.user, slug, period)
    if record is None:
        raise Http404("Intet konstituerende møde")
    constituent_services.update_convener(record, actor=request.user)
    messages.success(request, "Indkalderen er beregnet igen.")
    return _back(council, period)


@require_POST
@login_required
def alliance_create(request, slug, period):
    """B1 1.4: record a valgforbund; a late one, or a party already in one, is refused with the reason."""
    council, period, record = permissions.get_constituent_for_staff(request.user, slug, period)
    if record is None:
        raise Http404("Intet konstituerende møde")
    parties = queries.parties_by_pk(queries.represented_units(council, period))
    form = AllianceForm(request.POST, units=parties)
    if form.is_valid():
        try:
            constituent_services.declare_alliance(record, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Valgforbundet er registreret.")
            return _back(council, period)
    return _page(request, council, period, record, status=400, alliance_form=form)


@require_POST
@login_required
def chair_election_run(request, slug, period):
    council, period, record = permissions.get_constituent_for_staff(request.user, slug, period)
    if record is None:
        raise Http404("Intet konstituerende møde")
    try:
        election = constituent_services.run_chair_election(record, actor=request.user)
    except RuleViolation as error:
        messages.error(request, str(error))
    else:
        done = election.state == ChairElection.State.DECIDED
        messages.success(request, "Pladserne er fordelt." if done else "Der er stemmelighed: træk lod.")
    return _back(council, period)


@require_POST
@login_required
def chair_lot_create(request, slug, period):
    """B1 1.4: the lot drawn by hand for the open tie; the election runs again with it."""
    council, period, record = permissions.get_constituent_for_staff(request.user, slug, period)
    election = getattr(record, "chair_election", None)
    form = LotForm(request.POST)
    if election is None or not form.is_valid():
        messages.error(request, "Vælg den liste, lodtrækningen faldt på.")
        return _back(council, period)
    lot = form.cleaned_data
    try:
        constituent_services.record_chair_lot(election, tied=lot["tied"], chosen=lot["chosen"], actor=request.user)
    except RuleViolation as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Lodtrækningen er registreret: {form.cleaned_data['chosen']} (B1 1.4).")
    return _back(council, period)


@require_POST
@login_required
def chair_election_confirm(request, slug, period):
    """The persons the groups named: creates the chair and vice-chair roles from the meeting day."""
    council, period, record = permissions.get_constituent_for_staff(request.user, slug, period)
    election = getattr(record, "chair_election", None)
    if election is None or election.state != ChairElection.State.DECIDED:
        raise Http404("Valget er ikke gennemført")
    form = _confirm_form(record, election, request.POST)
    if form.is_valid():
        try:
            constituent_services.confirm_chair_election(election, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Formand og næstformand er registreret.")
            return _back(council, period)
    return _page(request, council, period, record, status=400, confirm_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def handover(request, slug, period):
    """B1 1.3: preview who leaves, continues and is new when the council takes office; POST does it in one step."""
    council, period, record = permissions.get_constituent_for_staff(request.user, slug, period)
    if record is None:
        raise Http404("Intet konstituerende møde")
    if request.method == "POST":
        constituent_services.hand_over(record, actor=request.user)
        messages.success(request, "Det nye KKR har overtaget; det gamle KKR er fratrådt (B1 1.3).")
        return _back(council, period)
    preview = handover_preview(council, period, on=record.meeting.meets_on)
    context = {"council": council, "period": period, "record": record, "preview": preview}
    return render(request, "elections/constituent_handover.html", context)
