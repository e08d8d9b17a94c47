"""Publishing agendas (FO 3.3), supplementary agendas (Tillæg) and minutes (FO 3.4) as versioned PDFs: the
request, its checks and its content snapshots.

``publish_*`` locks the meeting row, refuses what the rules refuse (a proposal in time missing, FO 3.2; a late
agenda without a reason, FO 3.3; minutes not approved, FO 3.4), records the request (a ``Publication`` per
audience with the content snapshot, ``notify_owed`` on the members' one) in one transaction, and queues the
renders on commit (``outbox``): the request returns at once. A publish names the version its page was opened
on: a stale or simultaneous one is refused under the meeting's row lock. The render is in ``rendering``, the
members' e-mail in ``delivery``, what is still owed and sent again in ``outbox``.
"""

import functools
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from kkr.errors import RuleViolation
from kkr.formats import format_date

from .. import documents
from ..models import ItemProposal, Meeting, Publication
from ..queries import (
    at_item,
    attendance_marks_and_notices,
    attendance_sheet,
    chair_labels,
    meeting_roster,
    movements,
    sitting_chairs,
)
from . import outbox
from .common import save


def agenda_contents(meeting, *, late_reason="", audiences=tuple(Publication.Audience)) -> dict:
    return {
        audience: documents.agenda_content(
            meeting, public=audience == Publication.Audience.PUBLIC, late_reason=late_reason
        )
        for audience in audiences
    }


def minutes_contents(meeting, *, audiences=tuple(Publication.Audience)) -> dict:
    """FO 3.4/3.9: both versions of the minutes from one reading of the attendance; who was present at an item,
    who led and who held the casting vote come from ``queries.at_item``, as they did for the votes."""
    seats = meeting_roster(meeting)
    presence, notices = attendance_marks_and_notices(meeting)
    sitting = documents.Sitting(
        sheet=attendance_sheet(meeting, seats, presence, notices),
        presence=presence,
        at=functools.cache(lambda position: at_item(meeting, position, seats=seats, presence=presence)),
        notes=dict(meeting.absence_notices.values_list("membership_id", "note")),
        on_leave=tuple(seat.membership for seat in seats.seats if seat.voter is None),  # in the quorum base, absent
        movements=movements,
        chairs=chair_labels(sitting_chairs(seats, presence)),
    )
    return {
        audience: documents.minutes_content(meeting, public=audience == Publication.Audience.PUBLIC, sitting=sitting)
        for audience in audiences
    }


def supplement_contents(meeting, *, audiences=tuple(Publication.Audience)) -> dict:
    agenda_version = meeting.publications.filter(kind=Publication.Kind.AGENDA).aggregate(last=Max("version"))["last"]
    return {
        audience: documents.supplement_content(
            meeting, public=audience == Publication.Audience.PUBLIC, agenda_version=agenda_version or 0
        )
        for audience in audiences
    }


CONTENTS = {
    Publication.Kind.AGENDA: agenda_contents,
    Publication.Kind.MINUTES: minutes_contents,
    Publication.Kind.SUPPLEMENT: supplement_contents,
}


def _locked(meeting) -> Meeting:
    """Lock the meeting row: simultaneous publishes of one meeting run one after the other."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def published_by(token) -> list[Publication] | None:
    """The versions an earlier request with this form token made (a double click, a resent form), members'
    first; None when the token is new."""
    if token is None:
        return None
    done = list(Publication.objects.filter(request_token=token).order_by("audience"))
    return sorted(done, key=lambda p: p.audience != Publication.Audience.MEMBERS) or None


@transaction.atomic
def publish_agenda(
    meeting,
    *,
    actor,
    late_reason="",
    now=None,
    draft=False,
    change_note="",
    token=None,
    version=None,
    correction=False,
    members_only=False,
) -> list[Publication]:
    """FO 3.3: publish the agenda. Refused while a proposal in time is missing (FO 3.2), and refused after
    the deadline unless a reason is given; the reason is recorded and printed on the agenda. A draft goes to
    the members only (SPEC §6) and is marked as a draft on every page; no deadline check for a draft.
    ``version`` is the version the staff page was opened on (see ``_check_version``). A ``correction`` (a bilag
    changed after sending, ``services.bilag``) is no new sending: the deadline was judged on the version it
    corrects, whose reason it keeps; ``members_only``: the public version would not change."""
    now = now or timezone.now()
    _locked(meeting)
    if (done := published_by(token)) is not None:
        return done
    _check_version(meeting, Publication.Kind.AGENDA, version)
    if meeting.status != Meeting.Status.PLANNED:
        raise RuleViolation(f"Mødet er {meeting.get_status_display().lower()}.")
    if not meeting.items.exists():
        raise RuleViolation("Dagsordenen har ingen punkter.")
    if not draft:
        missing = meeting.proposals.filter(is_in_time=True, status=ItemProposal.Status.RECEIVED).select_related(
            "proposer"
        )
        if missing:
            names = "; ".join(f"«{p.title}» fra {p.proposer}" for p in missing)
            raise RuleViolation(f"Rettidige medlemsforslag mangler på dagsordenen: {names}.", rule="FO 3.2")
    deadline = meeting.agenda_deadline
    is_late = not draft and not correction and deadline is not None and not deadline.is_met_by(now)
    late_reason = late_reason.strip() if is_late else _sent_late_reason(meeting) if correction else ""
    if is_late and not late_reason:
        raise RuleViolation(
            f"Fristen for udsendelse var {format_date(deadline.on)}. Angiv hvorfor dagsordenen udsendes senere.",
            rule="FO 3.3",
        )
    contents = agenda_contents(meeting, late_reason=late_reason, audiences=_audiences(draft or members_only))
    return _publish(
        meeting,
        Publication.Kind.AGENDA,
        contents,
        actor=actor,
        now=now,
        late_reason=late_reason,
        draft=draft,
        change_note=change_note,
        token=token,
        version=version,
    )


def _sent_late_reason(meeting) -> str:
    """The FO 3.3 reason of the newest agenda version sent to all, kept by a version that corrects it."""
    sent = meeting.publications.filter(kind=Publication.Kind.AGENDA, is_draft=False).order_by("-version").first()
    return sent.late_reason if sent else ""


@transaction.atomic
def publish_supplement(
    meeting, *, actor, now=None, token=None, version=None, change_note="", members_only=False
) -> list[Publication]:
    """The supplementary agenda (Tillæg): the items added after the agenda was sent (numbered after the
    others), with their bilag, as a PDF of its own; the members get the supplementary e-mail with the links
    when their version is ready. Each new Tillæg version holds every supplementary item so far. Public as
    the agenda is: a Tillæg to an agenda released only as a draft goes to the members only. ``change_note``
    and ``members_only``: a bilag of a supplementary item changed after the Tillæg went out (``services.bilag``)."""
    _locked(meeting)
    if (done := published_by(token)) is not None:
        return done
    _check_version(meeting, Publication.Kind.SUPPLEMENT, version)
    if meeting.status != Meeting.Status.PLANNED:
        raise RuleViolation(f"Mødet er {meeting.get_status_display().lower()}.")
    agendas = meeting.publications.filter(kind=Publication.Kind.AGENDA)
    if not agendas.exists():
        raise RuleViolation("Dagsordenen er ikke udsendt; nye punkter kommer med på den, når den udsendes.")
    if not meeting.items.filter(is_supplementary=True).exists():
        raise RuleViolation("Der er ingen tillægspunkter: tilføj først punktet til dagsordenen.")
    draft_only = not agendas.filter(is_draft=False).exists()
    contents = supplement_contents(meeting, audiences=_audiences(draft_only or members_only))
    return _publish(
        meeting,
        Publication.Kind.SUPPLEMENT,
        contents,
        actor=actor,
        now=now or timezone.now(),
        change_note=change_note,
        token=token,
        version=version,
    )


@transaction.atomic
def publish_minutes(
    meeting, *, actor, now=None, draft=False, change_note="", token=None, version=None
) -> list[Publication]:
    """FO 3.4: publish the approved decision minutes, with the attendance (FO 3.9). A draft (members only,
    marked as such) may be released before the approval."""
    _locked(meeting)
    if (done := published_by(token)) is not None:
        return done
    _check_version(meeting, Publication.Kind.MINUTES, version)
    if meeting.minutes_approved_at is None and not draft:
        raise RuleViolation("Referatet skal godkendes, før det offentliggøres.")
    contents = minutes_contents(meeting, audiences=_audiences(draft))
    return _publish(
        meeting,
        Publication.Kind.MINUTES,
        contents,
        actor=actor,
        now=now or timezone.now(),
        draft=draft,
        change_note=change_note,
        token=token,
        version=version,
    )


def _audiences(draft: bool) -> tuple:
    return (Publication.Audience.MEMBERS,) if draft else tuple(Publication.Audience)


def next_version(meeting, kind) -> int:
    return (meeting.publications.filter(kind=kind).aggregate(last=Max("version"))["last"] or 0) + 1


THE = {
    Publication.Kind.AGENDA: "dagsordenen",
    Publication.Kind.MINUTES: "referatet",
    Publication.Kind.SUPPLEMENT: "tillægget",
}


def stale_message(kind, current: int) -> str:
    """The refusal of a publish form opened before version ``current`` was published by someone else."""
    return (
        f"{THE[kind].capitalize()} er offentliggjort af en anden (nu version {current}), mens siden var åben. "
        "Genindlæs siden, og se den nye version, før du offentliggør igen."
    )


def _check_version(meeting, kind, version: int | None) -> None:
    """A publish sent from a page opened on ``version`` is refused once another version was published
    meanwhile: a stale page, or a colleague's simultaneous publish that took the row lock first (under the
    lock, this reads what that one committed). Staff would otherwise publish over a version they never saw,
    without a change note, and the members would get a second e-mail. ``None``: no page (scripts, demo)."""
    if version is None:
        return
    current = next_version(meeting, kind)
    if version < current:
        raise RuleViolation(stale_message(kind, current - 1))
    if version > current:
        raise RuleViolation("Formularen hører ikke til den nuværende version.")


def _publish(
    meeting, kind, contents, *, actor, now, late_reason="", draft=False, change_note="", token=None, version=None
):
    """A new version (members first); older versions stay (and stay downloadable). A new version of an
    agenda or minutes says what changed (printed on it and in the e-mail); each Tillæg lists its items.
    ``version``, when given, was checked under the lock to be the next one (``_check_version``)."""
    version, change_note = version or next_version(meeting, kind), change_note.strip()
    if version > 1 and kind != Publication.Kind.SUPPLEMENT and not change_note:
        raise RuleViolation("Skriv kort, hvad der er ændret siden forrige version.")
    publications = []
    try:
        with transaction.atomic():
            for audience, content in contents.items():
                content = {**content, "is_draft": draft, "change_note": change_note if version > 1 else ""}
                publication = Publication(
                    meeting=meeting,
                    kind=kind,
                    audience=audience,
                    version=version,
                    content=content,
                    requested_at=now,
                    requested_by=actor,
                    late_reason=late_reason,
                    is_draft=draft,
                    change_note=content["change_note"],
                    request_token=token,
                    notify_owed=audience == Publication.Audience.MEMBERS,
                )
                publications.append(save(publication, actor))
    except IntegrityError as error:  # a simultaneous publish got there first (without the row lock: SQLite)
        raise RuleViolation("Dokumentet offentliggøres netop nu fra en anden side. Genindlæs siden.") from error
    for publication in publications:
        transaction.on_commit(lambda publication=publication: outbox.queue_render(publication))
    return publications


def new_token() -> uuid.UUID:
    return uuid.uuid4()


def preview_pdf(meeting, kind, audience, *, draft=False) -> bytes:
    """The PDF this meeting's agenda, Tillæg or minutes would get if published now (nothing is saved): staff check
    the members' and the public version before publishing. Marked as a preview on every page."""
    contents = CONTENTS[kind](meeting, audiences=[audience])
    content = {**contents[audience], "is_draft": draft, "is_preview": True, "change_note": ""}
    publication = Publication(
        meeting=meeting, kind=kind, audience=audience, version=next_version(meeting, kind), content=content
    )
    return documents.render_pdf(publication)
