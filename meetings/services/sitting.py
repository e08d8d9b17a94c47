"""At the meeting: absence notices, attendance, quorum, who leads, votes, decisions and approved minutes
(FO 3.5, FO 3.7, FO 3.9, B1 1.5, B1 1.8). The roster on the meeting day says who sits (members.queries.roster)."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kkr.errors import RuleViolation

from .. import quorum, richtext
from ..models import AbsenceNotice, AgendaItem, Attendance, Meeting, Publication, Vote
from ..queries import AtItem, at_item, attendance_marks_and_notices, attendance_sheet, meeting_roster
from . import mail
from .agenda import StaleEdit, lock_current, require_unlocked
from .common import chair_role_to_record, require_started, save
from .presence import restate_votes, state_vote


@transaction.atomic
def record_absence_notice(meeting, *, membership, actor, note="", now=None) -> AbsenceNotice:
    """FO 3.9 / B1 1.8: a member notifies the secretariat before the meeting; the substitute may attend."""
    now = now or timezone.now()
    if now >= meeting.starts_at:
        raise RuleViolation("Afbud skal meddeles inden mødet.", rule="FO 3.9")
    if membership.council_id != meeting.council_id:
        raise RuleViolation("Medlemmet sidder ikke i dette KKR.")
    notice = meeting.absence_notices.filter(membership=membership).first()
    notice = notice or AbsenceNotice(meeting=meeting, membership=membership, given_at=now)
    notice.note = richtext.clean(note) or notice.note
    save(notice, actor)
    if notice.substitute_summoned_at is None:
        summon_substitute(notice, actor=actor, now=now)
    return notice


def summon_substitute(notice, *, actor, now) -> None:
    """B1 1.8: the personal substitute of a member with an afbud is summoned by e-mail with the meeting, the
    agenda link and the members' PDF (when sent); from then on they see this meeting's closed material."""
    meeting = notice.meeting
    substitute = personal_substitute(meeting, notice.membership_id)
    if substitute is None or not substitute.email:
        return
    pdf = (
        meeting.publications.ready().filter(kind=Publication.Kind.AGENDA, audience=Publication.Audience.MEMBERS).first()
    )
    context = {
        "meeting": meeting,
        "member": notice.membership.person,
        "substitute": substitute,
        "url": mail.member_meeting_url(meeting),
        "pdf_url": mail.site_url(reverse("meetings:publication-pdf", args=[pdf.pk])) if pdf else "",
    }
    mail.send_on_commit("summons", context, [substitute.email])
    notice.substitute_summoned_at = now
    save(notice, actor, update_fields=["substitute_summoned_at"])


def personal_substitute(meeting, membership_id):
    """B1 1.8: the personal substitute of the seat on the meeting day (None: the seat has none)."""
    seat = next((s for s in meeting_roster(meeting).seats if s.membership.pk == membership_id), None)
    return seat.substitute if seat else None


@transaction.atomic
def withdraw_absence_notice(notice, *, actor, now=None) -> None:
    """The member or the secretariat withdraws an afbud before the meeting (FO 3.9). A substitute summoned for
    it (B1 1.8) is told by e-mail that the summons is withdrawn, once the withdrawal is committed."""
    if (now or timezone.now()) >= notice.meeting.starts_at:
        raise RuleViolation("Afbud kan kun trækkes tilbage inden mødet.", rule="FO 3.9")
    if notice.substitute_summoned_at is not None:
        substitute = personal_substitute(notice.meeting, notice.membership_id)
        if substitute is not None and substitute.email:
            context = {
                "meeting": notice.meeting,
                "member": notice.membership.person,
                "substitute": substitute,
                "summoned_at": notice.substitute_summoned_at,
            }
            mail.send_on_commit("summons_withdrawn", context, [substitute.email])
    notice._history_user = actor
    notice.delete()


@transaction.atomic
def record_attendance(meeting, *, person, is_present: bool, actor, now=None) -> Attendance:
    """Mark a person present or absent; the capacity comes from the sheet, and a seat counts once (FO 3.7).
    Two clicks at once for one seat: the second gets a Danish message (the database refuses it), not a 500."""
    require_started(meeting, "fremmøde", now)
    require_unlocked(meeting)
    try:
        with transaction.atomic():
            attendance = _record_attendance(meeting, person=person, is_present=is_present, actor=actor)
    except IntegrityError as error:
        raise RuleViolation(
            "Pladsen blev ændret samtidig af en anden; siden viser nu den gemte tilstand. Prøv igen.", rule="FO 3.7"
        ) from error
    restate_votes(meeting, actor=actor)
    return attendance


@transaction.atomic
def mark_all_present(meeting, *, actor, now=None) -> int:
    """ "Alle til stede": everyone on the sheet who holds a seat and is not yet marked, and has no afbud, is
    marked present; the exceptions are then clicked one by one. Returns how many were marked."""
    require_started(meeting, "fremmøde", now)
    require_unlocked(meeting)
    marks, notices = attendance_marks_and_notices(meeting)
    sheet = attendance_sheet(meeting, marks=marks, notices=notices)
    # a seat counts once (FO 3.7): taken by anyone marked present for it, on the sheet today or not (a leave
    # registered afterwards may have given the seat to the substitute)
    taken = {mark.seat for mark in marks.marks.values() if mark.is_present and mark.seat is not None}
    marked = 0
    for row in sheet:
        if row.is_present is not None or not row.holds_seat or row.has_notice or row.membership.pk in taken:
            continue
        attendance = Attendance(
            meeting=meeting, person=row.person, capacity=row.capacity, membership=row.membership, is_present=True
        )
        attendance.chair_role = chair_role_to_record(meeting, attendance, row)
        save(attendance, actor)
        marked += 1
    restate_votes(meeting, actor=actor)
    return marked


def _record_attendance(meeting, *, person, is_present: bool, actor) -> Attendance:
    sheet = attendance_sheet(meeting)
    row = next((r for r in sheet if r.person.pk == person.pk), None)
    if row is None:
        uninvited = next((r for r in sheet if r.uninvited is not None and r.uninvited.pk == person.pk), None)
        if uninvited is not None:
            raise RuleViolation(
                f"{person} kan ikke kaldes ind som stedfortræder for {uninvited.person}: "
                f"{uninvited.person} har ikke meldt afbud inden mødet.",
                rule="FO 3.9 / B1 1.8",
            )
        raise RuleViolation(
            f"{person} er hverken medlem, stedfortræder med afbud eller observatør på mødedagen.", rule="FO 3.9"
        )
    if is_present and row.membership is not None:
        taken = meeting.attendances.filter(membership=row.membership, is_present=True).exclude(person=person).first()
        if taken:
            raise RuleViolation(
                f"Pladsen er allerede besat af {taken.person}; en plads tæller kun én gang.", rule="FO 3.7"
            )
    attendance = meeting.attendances.filter(person=person).first() or Attendance(meeting=meeting, person=person)
    attendance.capacity, attendance.membership, attendance.is_present = row.capacity, row.membership, is_present
    attendance.chair_role = chair_role_to_record(meeting, attendance, row)
    save(attendance, actor)
    for span in attendance.spans.all():  # "til stede" / "fraværende" is for the whole meeting
        span._history_user = actor if getattr(actor, "is_authenticated", False) else None
        span.delete()
    return attendance


def _require_quorum(at: AtItem) -> quorum.Quorum:
    """FO 3.7 at the item: those present there make the quorum."""
    result = at.quorum
    if result is None or not result.is_quorate:
        present = result.present if result else 0
        required = result.required if result else "?"
        raise RuleViolation(
            f"KKR er ikke beslutningsdygtigt ved punkt {at.position}: {present} til stede, mindst {required} kræves.",
            rule="FO 3.7",
        )
    return result


@transaction.atomic
def record_vote(
    item, *, actor, votes_for, votes_against, abstentions=0, casting_vote="", subject="", token=None
) -> Vote:
    """FO 3.7: simple majority of votes cast; a tie decided by the casting holder's own vote (in the tally).

    ``token`` identifies one submission of the vote form: submitting it again (a double click, a reload, two
    concurrent requests) returns the vote already recorded instead of a second one (unique ``Vote.token``).
    """
    if token is not None:
        existing = Vote.objects.filter(token=token).first()
        if existing is not None:
            return _same_item(existing, item)
    vote = Vote(item=item, token=token)
    _count(vote, votes_for, votes_against, abstentions, casting_vote, subject)
    try:
        with transaction.atomic():
            return save(vote, actor)
    except IntegrityError:
        existing = Vote.objects.filter(token=token).first() if token is not None else None
        if existing is None:
            raise
        return _same_item(existing, item)


@transaction.atomic
def correct_vote(vote, *, actor, reason, votes_for, votes_against, abstentions=0, casting_vote="", subject="") -> Vote:
    """Correct a mistaken tally before the minutes are approved (FO 3.4/3.7); the history keeps the old one
    with ``reason``."""
    vote = _open_vote(vote, reason)
    _count(vote, votes_for, votes_against, abstentions, casting_vote, subject)
    return save(vote, actor, reason.strip())


@transaction.atomic
def remove_vote(vote, *, actor, reason) -> None:
    """Remove a vote recorded by mistake (e.g. twice) before the minutes are approved; the history keeps it
    with ``reason``."""
    vote = _open_vote(vote, reason)
    vote._history_user = actor if getattr(actor, "is_authenticated", False) else None
    vote._change_reason = reason.strip()
    vote.delete()


def _open_vote(vote, reason) -> Vote:
    vote = Vote.objects.select_for_update().select_related("item__meeting").get(pk=vote.pk)
    if vote.item.meeting.minutes_approved_at is not None:
        raise RuleViolation("Referatet er godkendt; afstemningen kan ikke længere rettes.", rule="FO 3.4")
    if not reason.strip():
        raise RuleViolation("Skriv en begrundelse for rettelsen.", rule="FO 3.7")
    return vote


def _same_item(vote, item) -> Vote:
    if vote.item_id != item.pk:
        raise RuleViolation("Formularen hører til et andet punkt; genindlæs siden.")
    return vote


def _count(vote, votes_for, votes_against, abstentions, casting_vote, subject) -> None:
    """Fill ``vote`` with the tally and its FO 3.7 outcome, checked against who is present at its item."""
    meeting = vote.item.meeting
    require_started(meeting, "afstemninger")
    require_unlocked(meeting)
    at = at_item(meeting, vote.item.position)
    present = _require_quorum(at).present
    if votes_for + votes_against + abstentions > present:
        raise RuleViolation(
            f"Der er afgivet flere stemmer end de {present} stemmeberettigede til stede ved punkt {at.position}.",
            rule="FO 3.7",
        )
    try:
        result = quorum.vote_outcome(
            quorum.Tally(votes_for, votes_against, abstentions),
            casting_vote=quorum.Vote(casting_vote) if casting_vote else None,
            casting_holder=at.holder_kind,
            holder_present=at.holder is not None,
        )
    except quorum.QuorumError as exc:
        raise RuleViolation(str(exc), rule="FO 3.7") from exc
    vote.subject = subject or "Indstillingen"
    vote.votes_for, vote.votes_against, vote.abstentions = votes_for, votes_against, abstentions
    vote.casting_vote = casting_vote if result.is_tie else ""
    state_vote(vote, at)


@transaction.atomic
def record_decision(item, *, actor, decision: str, version=None, now=None) -> AgendaItem:
    """FO 3.4: the decision for the minutes. A decision item needs a quorate meeting (FO 3.7). Refused (and
    nothing changed) on a locked meeting or a stale form (``version``); NUL bytes are dropped."""
    require_started(item.meeting, "beslutninger", now)
    current = lock_current(item, version)
    if not current.is_active:
        raise RuleViolation(f"Punktet er {current.get_status_display().lower()}; det får ingen beslutning.")
    decision = richtext.clean(decision)
    if current.kind == AgendaItem.Kind.DECISION and decision.strip():
        _require_quorum(at_item(current.meeting, current.position))
    current.decision = decision
    current.version += 1
    save(current, actor)
    item.decision, item.version = current.decision, current.version
    return current


@transaction.atomic
def approve_minutes(meeting, *, actor, version=None, now=None) -> Meeting:
    """The minutes are approved (FO 3.4); the meeting is then held, locked, and the minutes can be published."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise RuleViolation("Mødet er aflyst; referatet kan ikke godkendes.", rule="FO 3.4")
    require_started(meeting, "referatet", now)
    if version is not None and version != locked.minutes_version:
        raise StaleEdit(f"Referatet er ændret af en anden (nu version {locked.minutes_version}). Genindlæs siden.")
    if locked.minutes_approved_at is not None:
        raise RuleViolation("Referatet er allerede godkendt.", rule="FO 3.4")
    meeting.status, meeting.minutes_approved_at = Meeting.Status.HELD, (now or timezone.now())
    meeting.minutes_version = locked.minutes_version
    return save(meeting, actor)


@transaction.atomic
def reopen_minutes(meeting, *, actor, reason: str, version=None) -> Meeting:
    """FO 3.4: staff reopen approved minutes to correct them, with a reason kept in the history; the next
    approval is a new version of the minutes."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.minutes_approved_at is None:
        raise RuleViolation("Referatet er ikke godkendt; der er intet at genåbne.", rule="FO 3.4")
    if version is not None and version != locked.minutes_version:
        raise StaleEdit(f"Referatet er ændret af en anden (nu version {locked.minutes_version}). Genindlæs siden.")
    reason = richtext.clean(reason).strip()
    if not reason:
        raise RuleViolation("Skriv hvorfor referatet genåbnes.", rule="FO 3.4")
    meeting.minutes_approved_at, meeting.minutes_reopen_reason = None, reason
    meeting.minutes_version = locked.minutes_version + 1
    meeting._change_reason = reason
    return save(meeting, actor)
