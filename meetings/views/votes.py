"""Votes at the meeting (FO 3.5, FO 3.7): record, correct and remove a division.

The sitting page links to each form instead of carrying 40-80 hidden forms (the page stays under
100 KB during a meeting): a GET shows the form on a page of its own, and with htmx the same form is swapped
into the item in place of the link. The POSTs redirect back to the sitting page; a refused vote shows its form
again with the numbers as typed."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kkr.errors import RuleViolation

from .. import permissions, queries, services
from ..forms import VoteCorrectionForm, VoteForm, VoteRemovalForm
from .staff import refused_form


def _casting(item):
    """FO 3.7: who casts the deciding vote on a tie at the item, and whether they are present there (the form offers
    their own vote only then). Three queries: the roster's two and the attendance marks."""
    seats = queries.meeting_roster(item.meeting)
    return queries.at_item(item.meeting, item.position, seats=seats).casting if seats.size else None


def _form_page(request, template: str, context: dict):
    """The form alone for htmx (swapped into the item), else a page around it."""
    item = context["item"]
    meeting = item.meeting
    sitting = reverse("meetings:meeting-sitting", args=[meeting.council.slug, meeting.pk])
    context.update(
        council=meeting.council,
        meeting=meeting,
        casting=_casting(item),
        vote_form=VoteForm(),
        back=f"{sitting}#item-{item.pk}",
    )
    if request.htmx:
        return render(request, f"meetings/includes/{template}", context)
    return render(request, "meetings/vote_page.html", context | {"include": f"meetings/includes/{template}"})


@require_http_methods(["GET", "POST"])
@login_required
def vote_create(request, slug, pk):
    """FO 3.7: GET shows the form with a fresh token (one submission, one vote); POST records the division,
    refused without quorum."""
    item = permissions.get_item_for_staff(request.user, slug, pk)
    if request.method == "GET":
        meeting = item.meeting
        can_vote = item.is_decision and item.is_active and meeting.has_started() and not meeting.is_locked
        return _form_page(request, "vote_form.html", {"item": item, "can_vote": can_vote, "token": uuid.uuid4()})
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _refused_vote(request, item, "Udfyld stemmetallene med hele tal.")
    try:
        vote = services.record_vote(item, actor=request.user, **form.cleaned_data)
    except RuleViolation as error:
        return _refused_vote(request, item, str(error))
    messages.success(request, vote.minutes_sentence)
    return redirect("meetings:meeting-sitting", slug, item.meeting_id)


def _refused_vote(request, item, error: str):
    """A refused vote (no quorum, bad numbers) is shown again with what was typed and the reason, on the form's
    own page (or in place with htmx); nothing was recorded, so the same token may be sent again."""
    context = {"item": item, "can_vote": True, "token": request.POST.get("token", ""), "error": error}
    context["posted"] = {key: request.POST.get(key, "").replace("\x00", "") for key in VOTE_FIELDS}
    response = _form_page(request, "vote_form.html", context)
    if not request.htmx:  # htmx swaps 2xx answers only
        response.status_code = 400
    return response


VOTE_FIELDS = ("subject", "votes_for", "votes_against", "abstentions", "casting_vote")


@require_http_methods(["GET", "POST"])
@login_required
def vote_correct(request, slug, pk):
    """GET: the forms to correct or remove a vote. POST: correct a mistaken tally before the minutes are
    approved; the history keeps the old one (FO 3.7)."""
    vote = permissions.get_vote_for_staff(request.user, slug, pk)
    if request.method == "GET":
        context = {"item": vote.item, "vote": vote, "can_edit": not vote.item.meeting.is_locked}
        return _form_page(request, "vote_correct.html", context)
    form = VoteCorrectionForm(request.POST)
    error = None
    if form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "token"}
        try:
            vote = services.correct_vote(vote, actor=request.user, **fields)
        except RuleViolation as refused:
            error = refused
        else:
            messages.success(request, f"Afstemningen er rettet: {vote.minutes_sentence}")
            return redirect("meetings:meeting-sitting", slug, vote.item.meeting_id)
    return _refused(request, vote, form, error, "Ret afstemningen")


@require_POST
@login_required
def vote_remove(request, slug, pk):
    """Remove a vote recorded by mistake (e.g. twice) before the minutes are approved (history keeps it)."""
    vote = permissions.get_vote_for_staff(request.user, slug, pk)
    form = VoteRemovalForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.remove_vote(vote, actor=request.user, reason=form.cleaned_data["reason"])
        except RuleViolation as refused:
            error = refused
        else:
            messages.success(request, "Afstemningen er fjernet.")
            return redirect("meetings:meeting-sitting", slug, vote.item.meeting_id)
    return _refused(request, vote, form, error, "Fjern afstemningen")


def _refused(request, vote, form, error, title: str):
    """A refused correction or removal, on a page of its own with what was typed (``refused_form``)."""
    meeting = vote.item.meeting
    back = reverse("meetings:meeting-sitting", args=[meeting.council.slug, meeting.pk]) + f"#item-{vote.item_id}"
    full = f"{title} «{vote.subject}» om punkt {vote.item.position}"
    return refused_form(request, form, error, meeting=meeting, title=full, submit=title, back=back)
