"""The secretariat's pages: meeting plan, agenda editing, proposals, publishing (FO 3.1-3.3, 3.6)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kkr.errors import RuleViolation
from kkr.rowurls import RowUrl, row_urls

from .. import permissions, queries, services
from ..deadlines import day_warning
from ..forms import (
    AgendaItemForm,
    AttachmentForm,
    CancelMeetingForm,
    ConfirmForm,
    DeclineProposalForm,
    MeetingForm,
    MoveItemForm,
    PostponeItemForm,
    RemoveAttachmentForm,
    empty_item_fields,
)
from ..models import Publication
from ..services import bilag as bilag_service
from ..services import delivery, publishing
from ..services.publishing import THE


def refuse(request, error, to, *args):
    """Show a refused change (or an invalid form, see ``form_error``) as an error message and go back."""
    messages.error(request, str(error))
    return redirect(to, *args)


def refused_form(request, form, error, *, meeting, title: str, submit: str, back: str):
    """A refused POST shown again on a page of its own: the reason in Danish and the form with what was typed
    (nothing was saved), sent again to the same address. ``error`` None: the form's own messages."""
    context = {
        "meeting": meeting,
        "form": form,
        "error": form_error(form) if error is None else str(error),
        "title": title,
        "submit": submit,
        "back": back,
        "action": request.path,
    }
    return render(request, "meetings/form_refused.html", context, status=400)


def form_error(form) -> str:
    """An invalid form's messages in one line, for a POST-only view that redirects back."""
    return " ".join(message for messages_ in form.errors.values() for message in messages_)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_list(request, slug):
    """The council's meeting plan (FO 3.1); POST plans a meeting."""
    council = permissions.get_council_for_staff(request.user, slug)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.plan_meeting(council, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Mødet er lagt i mødeplanen.")
            if warning := day_warning(timezone.localtime(meeting.starts_at).date()):
                messages.warning(request, f"{warning} Ret tidspunktet, hvis det ikke er meningen.")
            return redirect(meeting)
    meetings = council.meetings.order_by("-starts_at")
    shortfalls = queries.plan_shortfalls(council, today=timezone.localdate())
    context = {"council": council, "meetings": meetings, "form": form, "shortfalls": shortfalls}
    return render(request, "meetings/meeting_list.html", context)


@require_GET
@login_required
def meeting_detail(request, slug, pk):
    """The agenda as the secretariat edits it, proposals to decide and the publication state."""
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    links = agenda_links(meeting.council.slug)
    items = with_bilag_links(queries.agenda_rows(meeting), links["attachment"])
    documents = queries.publication_context(meeting)
    context = {
        "meeting": meeting,
        "council": meeting.council,
        "is_planned": meeting.is_planned,
        "items": items,
        "sections": [item for item in items if item["is_section"]],  # "Tilføj punkt" may put it under one
        "agenda_sent": any(p.is_agenda for p in documents["publications"]),  # numbering frozen
        "proposals": queries.meeting_proposals(meeting),
        **documents,
        "item_fields": empty_item_fields(),
        "csrf_input": csrf_input(request),  # once, for the forms of every item
        "now": timezone.now(),
        "previous": queries.minutes_link(meeting, Publication.Audience.MEMBERS, items),
        "links": links,
        "day_warning": day_warning(timezone.localtime(meeting.starts_at).date()) if meeting.is_planned else "",
    }
    return render(request, "meetings/meeting_detail.html", context)


def agenda_links(slug) -> dict:
    """Each item's and bilag's links on the agenda page, reversed once for the page (``kkr.rowurls``)."""
    links = row_urls(slug, update="meetings:item-update", move="meetings:item-move", postpone="meetings:item-postpone")
    links.update(row_urls(slug, delete="meetings:item-delete"), attachment=RowUrl("meetings:attachment-file"))
    return links


def with_bilag_links(items: list, url: RowUrl) -> list:
    """Each bilag of the agenda rows with its link (``url`` of its id): one lookup in the template, not three."""
    for bilag in (a for item in items for a in item["attachments"]):
        bilag["url"] = url.of(bilag["pk"])
    return items


@require_http_methods(["GET", "POST"])
@login_required
def meeting_cancel(request, slug, pk):
    """Cancelling asks first (GET: what will happen, to how many people), then POST with a reason."""
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(meeting, actor=request.user, reason=form.cleaned_data["reason"])
        except RuleViolation as error:
            form.add_error(None, str(error))  # the page again with the reason as typed
        else:
            messages.success(
                request, "Mødet er aflyst. Medlemmer og stedfortrædere får en e-mail; kalenderne får besked."
            )
            return redirect(meeting)
    context = {"meeting": meeting, "form": form, "recipients": services.cancellation_recipients(meeting)}
    return render(request, "meetings/meeting_cancel.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def item_create(request, slug, pk):
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        return render(request, "meetings/item_form.html", {"meeting": meeting, "form": form}, status=400)
    form.cleaned_data.pop("version", None)
    section = request.POST.get("section", "")
    section = meeting.items.filter(pk=int(section), is_section=True).first() if section.isdigit() else None
    try:
        item = services.add_item(meeting, actor=request.user, section=section, **form.cleaned_data)
    except RuleViolation as error:
        form.add_error(None, str(error))  # the item as typed, with the reason
        return render(request, "meetings/item_form.html", {"meeting": meeting, "form": form}, status=400)
    if item.is_supplementary:
        messages.success(
            request,
            f"Tillæg: punkt {item.position} er tilføjet. Tilføj eventuelle bilag, og send så tillægget til "
            "medlemmerne med «Udsend tillæg».",
        )
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
@login_required
def item_update(request, slug, pk):
    item = permissions.get_item_for_staff(request.user, slug, pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(item, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Punktet er gemt.")
            return redirect(item.meeting)
    context = {**item_context(item), "form": form, "attachment_form": AttachmentForm()}
    return render(request, "meetings/item_form.html", context, status=400 if form.errors else 200)


def item_context(item) -> dict:
    """The item page's bilag section: the bilag, why they can't be changed now (the buttons are shown disabled
    with it), and the document a change goes out in as a new version (after sending)."""
    attachments = list(item.attachments.order_by("pk"))
    sent = bilag_service.sent_document(item)
    return {
        "meeting": item.meeting,
        "item": item,
        "attachments": attachments,
        "agenda_sent": services.agenda_is_sent(item.meeting),
        "bilag_refusal": bilag_service.refusal(item.meeting),
        "sent_as": THE[sent.kind] if sent else "",
        "next_version": publishing.next_version(item.meeting, sent.kind) if sent else None,
        "recipients": delivery.recipient_count(item.meeting) if sent else 0,
    }


@require_POST
@login_required
def item_move(request, slug, pk):
    """FO 3.6: move an item one place up or down."""
    item = permissions.get_item_for_staff(request.user, slug, pk)
    form = MoveItemForm(request.POST)
    if not form.is_valid():
        return refuse(request, form_error(form), item.meeting)
    try:
        services.move_item(item, actor=request.user, up=form.cleaned_data["direction"] == MoveItemForm.UP)
    except RuleViolation as error:
        return refuse(request, error, item.meeting)
    return redirect(item.meeting)


@require_http_methods(["GET", "POST"])
@login_required
def item_delete(request, slug, pk):
    """Removing an item asks first; after sending it is marked withdrawn (udgået) instead of deleted."""
    item = permissions.get_item_for_staff(request.user, slug, pk)
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            services.remove_item(item, actor=request.user)
        except RuleViolation as error:
            return refuse(request, error, item.meeting)
        messages.success(request, f"Punkt {item.position} «{item.title}» er fjernet.")
        return redirect(item.meeting)
    context = {"meeting": item.meeting, "item": item, "agenda_sent": services.agenda_is_sent(item.meeting)}
    return render(request, "meetings/item_delete.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def item_postpone(request, slug, pk):
    """Postpone (udsæt) an item to a later meeting, which carries it over."""
    item = permissions.get_item_for_staff(request.user, slug, pk)
    form = PostponeItemForm(request.POST or None, meeting=item.meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.postpone_item(item, actor=request.user, to_meeting=form.cleaned_data["to_meeting"])
        except RuleViolation as error:
            return refuse(request, error, item.meeting)
        messages.success(request, f"Punkt {item.position} er udsat til {form.cleaned_data['to_meeting']}.")
        return redirect(item.meeting)
    context = {"meeting": item.meeting, "item": item, "form": form}
    return render(request, "meetings/item_postpone.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def attachment_create(request, slug, pk):
    """A bilag on the item; after sending, a new version of the document with the change note (``services.bilag``).
    A refusal shows the page again with what was typed."""
    item = permissions.get_item_for_staff(request.user, slug, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.add_attachment(item, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            return bilag_saved(request, attachment, "Bilaget er tilføjet.")
    context = {**item_context(item), "form": AgendaItemForm(instance=item), "attachment_form": form}
    return render(request, "meetings/item_form.html", context, status=400)


def bilag_saved(request, attachment, done: str, published=None):
    """Back to the item page saying what happened: the new version made after sending, what the bundle does to
    the bilag's tags and a warning when it has no text (read at upload, ``pdfpages.upload_notes``)."""
    published = getattr(attachment, "published", None) if published is None else published
    if published:
        the = THE[published[0].kind].capitalize()
        done += (
            f" {the} er sendt som version {published[0].version} med ændringsnoten; medlemmerne får én e-mail om "
            "den, når PDF'en er klar."
        )
    messages.success(request, done)
    for note in getattr(attachment, "notes", ()):
        messages.warning(request, note)
    return redirect("meetings:item-update", request.resolver_match.kwargs["slug"], attachment.item_id)


@require_POST
@login_required
def proposal_accept(request, slug, pk):
    proposal = permissions.get_proposal_for_staff(request.user, slug, pk)
    try:
        services.accept_proposal(proposal, actor=request.user)
    except RuleViolation as error:
        return refuse(request, error, proposal.meeting)
    messages.success(request, f"«{proposal.title}» er sat på dagsordenen.")
    return redirect(proposal.meeting)


@require_POST
@login_required
def proposal_decline(request, slug, pk):
    proposal = permissions.get_proposal_for_staff(request.user, slug, pk)
    form = DeclineProposalForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.decline_proposal(proposal, actor=request.user, note=form.cleaned_data["note"])
        except RuleViolation as refused:
            error = refused
        else:
            return redirect(proposal.meeting)
    title, back = f"Afvis forslaget «{proposal.title}»", proposal.meeting.get_absolute_url()
    return refused_form(request, form, error, meeting=proposal.meeting, title=title, submit="Afvis", back=back)


@require_GET
@login_required
def publication_list(request, slug, pk):
    """The publications' states; htmx polls this fragment while a render is queued or running."""
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    context = {"meeting": meeting, **queries.publication_context(meeting)}
    return render(request, "meetings/includes/publications.html", context)


@require_GET
@login_required
def publication_deliveries(request, slug, pk):
    """The members' e-mail of one version, per recipient: sent (when) or not yet sent."""
    publication = permissions.get_publication_for_staff(request.user, slug, pk)
    deliveries = list(publication.deliveries.all())
    context = {
        "meeting": publication.meeting,
        "publication": publication,
        "deliveries": deliveries,
        "sent": sum(delivery.sent_at is not None for delivery in deliveries),
    }
    return render(request, "meetings/publication_deliveries.html", context)


@require_POST
@login_required
def publication_retry(request, slug, pk):
    publication = permissions.get_publication_for_staff(request.user, slug, pk)
    try:
        services.retry_publication(publication, actor=request.user)
    except RuleViolation as error:
        return refuse(request, error, publication.meeting)
    messages.success(request, "Dannelsen er sat i gang igen.")
    return redirect(publication.meeting)


@require_http_methods(["GET", "POST"])
@login_required
def attachment_delete(request, slug, pk):
    """Removing a bilag asks first; after sending it makes a new version with the change note typed here."""
    attachment = permissions.get_attachment_for_staff(request.user, slug, pk)
    item = attachment.item
    form = RemoveAttachmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            published = services.remove_attachment(attachment, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            return bilag_saved(request, attachment, f"Bilaget «{attachment.title}» er fjernet.", published)
    context = {**item_context(item), "attachment": attachment, "form": form}
    return render(request, "meetings/attachment_delete.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def attachment_replace(request, slug, pk):
    """A new file (and title) for a bilag; after sending, a new version with the change note. A refusal shows
    the item page again with the typed title and note under this bilag."""
    attachment = permissions.get_attachment_for_staff(request.user, slug, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.replace_attachment(attachment, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            return bilag_saved(request, attachment, "Bilaget er udskiftet.")
    item = attachment.item
    context = {**item_context(item), "form": AgendaItemForm(instance=item), "attachment_form": AttachmentForm()}
    context.update(replace_form=form, replace_pk=attachment.pk)
    return render(request, "meetings/item_form.html", context, status=400)
