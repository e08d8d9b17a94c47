"""The member portal: upcoming meetings, agendas with closed items, proposals (FO 3.2), absence (FO 3.9)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kkr.errors import RuleViolation

from .. import permissions, queries, services
from ..forms import AbsenceNoticeForm, ExtraordinaryRequestForm, ProposalForm
from ..models import CalendarFeed, Publication
from .staff import refuse, refused_form

MEETINGS_PER_PAGE = 20


@require_GET
@login_required
def member_meeting_list(request, slug):
    council = permissions.get_council_for_members(request.user, slug)
    person = request.user.person if hasattr(request.user, "person") else None
    context = {"council": council, **queries.portal_context(council, person, today=timezone.localdate())}
    every = council.meetings.only("kind", "starts_at", "status").order_by("-starts_at")  # upcoming and earlier
    context["page"] = Paginator(every, MEETINGS_PER_PAGE).get_page(request.GET.get("side"))
    return render(request, "meetings/member_meeting_list.html", context)


@require_GET
@login_required
def member_meeting(request, slug, pk, *, agenda_page=False):
    """The latest published minutes in the members' version (closed items included), the agenda linked; the
    agenda in full until the minutes are out, and on the agenda page (``agenda_page``)."""
    meeting = permissions.get_meeting_for_members(request.user, slug, pk)
    closed = permissions.can_read_closed_of(request.user, meeting)
    audience = Publication.Audience.MEMBERS if closed else Publication.Audience.PUBLIC
    latest = queries.latest_documents(meeting, audience)
    context = {"meeting": meeting, "council": meeting.council}
    context.update(queries.shown_documents(latest, agenda_page=agenda_page), closed_hidden=not closed)
    previous = queries.documents_minutes_link(meeting, latest, audience)
    context.update(previous=previous, previous_page="meetings:member-meeting")
    if meeting.is_planned:  # the afbud panel is shown only before the meeting
        context["my_notice"] = meeting.absence_notices.filter(membership__person__user=request.user).first()
    return render(request, "meetings/member_meeting.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def proposal_create(request, slug, pk):
    """FO 3.2: a member proposes an item in writing; the receipt says whether it came in time."""
    meeting = permissions.get_meeting_for_members(request.user, slug, pk)
    person = permissions.seated_person(request.user, meeting.council)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.submit_proposal(meeting, proposer=person, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, receipt(proposal))
            return redirect("meetings:member-meeting-list", slug)
    return render(
        request, "meetings/proposal_form.html", {"meeting": meeting, "form": form}, status=400 if form.errors else 200
    )


@require_POST
@login_required
def absence_create(request, slug, pk):
    """FO 3.9 / B1 1.8: the member's own notice; the secretariat invites the personal substitute."""
    meeting = permissions.get_meeting_for_members(request.user, slug, pk)
    membership = permissions.own_membership(permissions.seated_person(request.user, meeting.council), meeting.council)
    form = AbsenceNoticeForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.record_absence_notice(
                meeting, membership=membership, actor=request.user, note=form.cleaned_data["note"]
            )
        except RuleViolation as refused:
            error = refused
        else:
            messages.success(request, "Dit afbud er registreret. Din personlige stedfortræder kan deltage i stedet.")
            return redirect("meetings:member-meeting", slug, meeting.pk)
    back = reverse("meetings:member-meeting", args=[slug, meeting.pk])
    return refused_form(request, form, error, meeting=meeting, title="Meld afbud", submit="Meld afbud", back=back)


@require_POST
@login_required
def absence_withdraw_own(request, slug, pk):
    """The member withdraws their own afbud before the meeting."""
    meeting = permissions.get_meeting_for_members(request.user, slug, pk)
    membership = permissions.own_membership(permissions.seated_person(request.user, meeting.council), meeting.council)
    notice = meeting.absence_notices.filter(membership=membership).first()
    if notice is None:
        return refuse(request, "Du har ikke meldt afbud til dette møde.", "meetings:member-meeting", slug, meeting.pk)
    try:
        services.withdraw_absence_notice(notice, actor=request.user)
    except RuleViolation as error:
        return refuse(request, error, "meetings:member-meeting", slug, meeting.pk)
    messages.success(request, "Dit afbud er trukket tilbage.")
    return redirect("meetings:member-meeting", slug, meeting.pk)


@require_http_methods(["GET", "POST"])
@login_required
def extraordinary_request_create(request, slug):
    """FO 3.1: a member asks for an extraordinary meeting; their requests and what became of them."""
    council = permissions.get_council_for_members(request.user, slug)
    membership = permissions.own_membership(permissions.seated_person(request.user, council), council)
    form = ExtraordinaryRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_extraordinary_meeting(membership, actor=request.user, reason=form.cleaned_data["reason"])
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Din anmodning om et ekstraordinært møde er modtaget (FO 3.1).")
            return redirect("meetings:extraordinary-request-create", slug)
    mine = list(membership.extraordinary_requests.select_related("meeting").order_by("-requested_at"))
    context = {"council": council, "form": form, "requests": mine, "has_open": any(r.is_open for r in mine)}
    status = 400 if form.errors else 200
    return render(request, "meetings/extraordinary_request_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def calendar_feed_detail(request, slug):
    """The member's secret calendar address; POST makes a new one (the old one stops working)."""
    council = permissions.get_council_for_members(request.user, slug)
    person = permissions.seated_person(request.user, council)
    if request.method == "POST":
        services.renew_calendar_feed(person)
        messages.success(request, "Din kalender har fået en ny hemmelig adresse. Den gamle virker ikke længere.")
        return redirect("meetings:calendar-feed-detail", slug)
    feed = CalendarFeed.objects.filter(person=person).first()
    url = request.build_absolute_uri(feed.get_absolute_url()) if feed else None
    return render(request, "meetings/calendar_feed_detail.html", {"council": council, "feed": feed, "url": url})


def receipt(proposal) -> str:
    if proposal.is_in_time:
        return f"Forslaget «{proposal.title}» er modtaget i tide og kommer på dagsordenen (FO 3.2)."
    return f"Forslaget «{proposal.title}» er modtaget efter fristen; formanden afgør, om det optages."
