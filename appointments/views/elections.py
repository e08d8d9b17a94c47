"""Elections of representatives at a meeting (FO 3.8, § 24 stk. 1 and 3): open one, record rounds, groups and
lots, see what happens next, and confirm the outcome as appointments and a minutes paragraph.

Staff of the council and KL admins; members 403; others 404. Changes are POST only; a refusal re-renders the
page with the Danish reason (status 400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kkr.errors import RuleViolation
from members.models import ElectionPeriod

from .. import permissions, voting
from ..forms import (
    DepartureForm,
    ElectionStartForm,
    GroupForm,
    LotForm,
    RoundForm,
    UndoForm,
    nominee_people,
)
from ..models import Election
from .election_pages import election_context

LIST = "appointments/election_list.html"
DETAIL = "appointments/election_detail.html"


def _period(meeting):
    period = ElectionPeriod.objects.containing(meeting.meets_on).first()
    if period is None:
        raise Http404("Ingen valgperiode på mødedagen")
    return period


def _list_page(request, council, meeting, form, *, status=200):
    elections = meeting.appointment_elections.select_related("body")
    context = {"council": council, "meeting": meeting, "elections": elections, "form": form}
    return render(request, LIST, context, status=status)


@require_GET
@login_required
def election_list(request, slug, meeting):
    council, meeting = permissions.get_meeting_for_staff(request.user, slug, meeting)
    return _list_page(request, council, meeting, ElectionStartForm(meeting=meeting, period=_period(meeting)))


@require_POST
@login_required
def election_create(request, slug, meeting):
    council, meeting = permissions.get_meeting_for_staff(request.user, slug, meeting)
    form = ElectionStartForm(request.POST, meeting=meeting, period=_period(meeting))
    if form.is_valid():
        seats = form.cleaned_data["seats"]
        try:
            election = voting.start_election(meeting, body=seats[0].body, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            return redirect(election.get_absolute_url())
    return _list_page(request, council, meeting, form, status=400)


def _detail(request, council, election, *, status=200, **forms):
    return render(request, DETAIL, election_context(council, election, forms), status=status)


@require_GET
@login_required
def election_detail(request, slug, meeting, pk):
    council, election = permissions.get_election_for_staff(request.user, slug, meeting, pk)
    return _detail(request, council, election)


def _act(request, council, election, form, form_name, run):
    """Call `run()` on a valid form; a refusal re-renders the page with the reason."""
    if form.is_valid():
        try:
            run()
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            return redirect(election.get_absolute_url())
    return _detail(request, council, election, status=400, **{form_name: form})


WRONG_KIND = {
    Election.Kind.MAJORITY: "Afstemninger om én kandidat hører til flertalsvalg (§ 24 stk. 1).",
    Election.Kind.PROPORTIONAL: "Grupper anmeldes kun ved forholdstalsvalg (§ 24 stk. 3).",
}


def _wrong_kind(request, election, kind) -> HttpResponse | None:
    """A form of the other election kind (a group to a majority election, a round to a proportional one) is
    refused with the reason: the page of one kind has none of the other's values to check the form against."""
    if election.kind == kind:
        return None
    messages.error(request, WRONG_KIND[kind])
    return redirect(election.get_absolute_url())


@require_POST
@login_required
def round_create(request, slug, meeting, pk):
    """§ 24 stk. 1: the next round's votes per candidate."""
    council, election = permissions.get_election_for_staff(request.user, slug, meeting, pk)
    if refused := _wrong_kind(request, election, Election.Kind.MAJORITY):
        return refused
    form = RoundForm(request.POST, candidates=election_context(council, election, {})["round_candidates"])

    def run():
        voting.record_round(election, tally=form.tally(), actor=request.user)

    return _act(request, council, election, form, "round_form", run)


@require_POST
@login_required
def lot_create(request, slug, meeting, pk):
    """A lot drawn by hand at the meeting for the pending tie (§ 24 stk. 1 or stk. 3)."""
    council, election = permissions.get_election_for_staff(request.user, slug, meeting, pk)
    form = LotForm(request.POST, tied=election_context(council, election, {})["tied"])

    def run():
        chosen = form.cleaned_data["chosen"]
        if election.kind == Election.Kind.MAJORITY:
            voting.record_majority_lot(election, chosen=int(chosen), actor=request.user)
        else:
            voting.record_proportional_lot(election, chosen=chosen, actor=request.user)

    return _act(request, council, election, form, "lot_form", run)


@require_POST
@login_required
def group_create(request, slug, meeting, pk):
    """§ 24 stk. 3: a group declared to the chair, with the persons it names in order."""
    council, election = permissions.get_election_for_staff(request.user, slug, meeting, pk)
    if refused := _wrong_kind(request, election, Election.Kind.PROPORTIONAL):
        return refused
    context = election_context(council, election, {})
    form = GroupForm(
        request.POST,
        voters=context["undeclared"],
        nominees=nominee_people(council, context["seats"]),
        seats=len(context["seats"]),
    )

    def run():
        data = {key: form.cleaned_data[key] for key in ("name", "members", "accepts")}
        voting.declare_group(election, nominees=form.nominees(), actor=request.user, **data)

    return _act(request, council, election, form, "group_form", run)


@require_POST
@login_required
def allocation_create(request, slug, meeting, pk):
    """§ 24 stk. 3: d'Hondt on the declared groups."""
    council, election = permissions.get_election_for_staff(request.user, slug, meeting, pk)
    try:
        voting.allocate(election, actor=request.user)
    except RuleViolation as error:
        messages.error(request, str(error))
    return redirect(election.get_absolute_url())


@require_POST
@login_required
def departure_create(request, slug, meeting, pk):
    """§ 24 stk. 3 departed from by a unanimous decision, recorded as such."""
    council, election = permissions.get_election_for_staff(request.user, slug, meeting, pk)
    seats = voting.seats_for(election)
    form = DepartureForm(request.POST, seats=seats, people=nominee_people(council, seats))

    def run():
        note = form.cleaned_data["note"]
        voting.depart_unanimously(election, assignments=form.assignments(), note=note, actor=request.user)

    return _act(request, council, election, form, "departure_form", run)


@require_POST
@login_required
def election_confirm(request, slug, meeting, pk):
    """The outcome becomes appointments and a paragraph under the item in the minutes."""
    council, election = permissions.get_election_for_staff(request.user, slug, meeting, pk)
    try:
        appointments = voting.confirm_election(election, actor=request.user)
    except RuleViolation as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{len(appointments)} udpegning(er) er registreret.")
    return redirect(election.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def election_withdraw(request, slug, meeting, pk):
    """Withdraw an election not yet confirmed, after a confirmation page and with a reason (kept in the
    history); its seats can be put to a new election. A confirmed one is refused with the reason."""
    council, election = permissions.get_election_for_staff(request.user, slug, meeting, pk)
    form = UndoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            voting.withdraw_election(election, reason=form.cleaned_data["reason"], actor=request.user)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{election} er trukket tilbage.")
            return redirect("appointments:election-list", council.slug, election.meeting_id)
    context = {
        "council": council,
        "form": form,
        "title": "Træk valget tilbage",
        "what": f"{election} · {election.meeting}",
        "consequence": "Valget bevares i historikken med afstemninger og begrundelse, men giver ingen udpegninger, "
        "og pladserne kan sættes til et nyt valg.",
        "button": "Træk valget tilbage",
        "back": election.get_absolute_url(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "appointments/undo_confirm.html", context, status=status)
