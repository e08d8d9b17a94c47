"""Publishing agenda (FO 3.3), supplementary agenda (Tillæg) and minutes (FO 3.4): a confirmation page saying
who gets an e-mail, the preview of each version's PDF, and the publish request, which returns at once (the
render is queued)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kkr.errors import RuleViolation

from .. import documents, permissions
from ..forms import PublicationRequestForm
from ..models import Publication
from ..services import delivery, publishing

THE = publishing.THE
PUBLISH = {
    Publication.Kind.AGENDA: publishing.publish_agenda,
    Publication.Kind.MINUTES: publishing.publish_minutes,
    Publication.Kind.SUPPLEMENT: publishing.publish_supplement,
}


@require_http_methods(["GET", "POST"])
@login_required
def publish(request, slug, pk, kind):
    """GET asks first (how many get an e-mail, previews); POST publishes a new version, once per form, and
    only the version the page was opened on: a stale page is refused (the service checks it under the lock)."""
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    version = publishing.next_version(meeting, kind)
    supplement = kind == Publication.Kind.SUPPLEMENT  # no draft, no change note: each version lists its items
    form = PublicationRequestForm(
        request.POST if request.method == "POST" else None,
        initial={"token": publishing.new_token(), "version": version},
        agenda=kind == Publication.Kind.AGENDA,
        republishing=version > 1 and not supplement,
        drafts=not supplement,
        version=version,
        stale=publishing.stale_message(kind, version - 1),
    )
    if request.method == "POST":
        valid = form.is_valid()
        publications = publishing.published_by(form.cleaned_data.get("token"))  # the same form sent again
        if publications is None and valid:
            try:
                publications = PUBLISH[kind](meeting, actor=request.user, **form.cleaned_data)
            except RuleViolation as error:
                form.add_error(None, str(error))
        if publications:
            recipients = delivery.recipient_count(meeting)
            if any(publication.enqueue_failed for publication in publications):
                messages.warning(request, _waiting_message(publications[0], recipients))
            else:
                messages.success(request, _published_message(publications[0], recipients))
            return redirect(meeting)
    context = {
        "meeting": meeting,
        "kind": Publication.Kind(kind),
        "the_document": THE[kind],
        "version": version,
        "form": form,
        "recipients": delivery.recipient_count(meeting),
        "audiences": list(Publication.Audience),
        "supplementary_items": meeting.items.filter(is_supplementary=True).order_by("position") if supplement else (),
    }
    return render(request, "meetings/publish_confirm.html", context, status=400 if form.errors else 200)


def _published_message(publication, recipients: int) -> str:
    what = "som udkast til medlemmerne" if publication.is_draft else "til offentliggørelse"
    the = THE[publication.kind].capitalize()
    return (
        f"{the} er sendt {what} som version {publication.version}. "
        f"PDF'en dannes nu; {recipients} modtagere får en e-mail, når den er klar."
    )


def _waiting_message(publication, recipients: int) -> str:
    """The broker refused the render: it is recorded and sent as soon as the background queue answers."""
    what = "som udkast til medlemmerne" if publication.is_draft else "til offentliggørelse"
    the = THE[publication.kind].capitalize()
    return (
        f"{the} er gemt {what} som version {publication.version}, men PDF'en venter på baggrundskøen, som ikke "
        f"svarer lige nu. Den dannes, så snart køen svarer igen; {recipients} modtagere får en e-mail, når den er "
        "klar. Du behøver ikke offentliggøre igen."
    )


@require_GET
@login_required
def preview(request, slug, pk, kind, audience):
    """The PDF as it would be published now, rendered in the request; nothing is saved."""
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    if kind not in Publication.Kind.values or audience not in Publication.Audience.values:
        raise Http404
    try:
        pdf = publishing.preview_pdf(meeting, kind, audience, draft=request.GET.get("udkast") == "1")
    except documents.UnreadableAttachment as error:  # names the bilag; staff replace it and look again
        context = {"meeting": meeting, "the_document": THE[kind], "error": str(error)}
        return render(request, "meetings/preview_failed.html", context, status=409)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="forhaandsvisning-{kind}-{audience}.pdf"'
    return response
