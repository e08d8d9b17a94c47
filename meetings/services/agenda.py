"""Agenda items: added (under a block, or as a supplementary item once the agenda is sent), changed under an
optimistic version check, postponed to a later meeting, withdrawn or removed, and ordered by the chair
(FO 3.6). Nothing of a meeting changes once its minutes are approved (FO 3.4); an item that came from a
proposal in time stays (FO 3.2); numbers that arrivals and departures name stay (FO 3.9)."""

from django.db import transaction

from kkr.errors import RuleViolation

from .. import richtext
from ..models import AgendaItem, ItemProposal, Meeting, PresenceSpan, Publication
from .common import save


def agenda_is_sent(meeting) -> bool:
    """The agenda has been sent (published) once: item numbers are frozen from then on."""
    return meeting.publications.filter(kind=Publication.Kind.AGENDA).exists()


@transaction.atomic
def add_item(
    meeting,
    *,
    actor,
    title,
    kind=AgendaItem.Kind.DECISION,
    case_presentation="",
    recommendation="",
    is_closed=False,
    public_title="",
    case_number="",
    section=None,
) -> AgendaItem:
    """Add an item at the end of the agenda, before the closing standing items ("Eventuelt"); the chair
    orders it afterwards (FO 3.6). ``section``: a block heading of the agenda (``AgendaItem.is_section``, e.g.
    "Udpegninger"): the item goes in as the block's last item, numbered under it (4.1). Once the agenda is sent
    it is a supplementary item, numbered last."""
    require_open(meeting)
    rows = list(meeting.items.order_by("-position").values_list("position", "is_kept_last"))
    position = (rows[0][0] if rows else 0) + 1
    fields = {
        "kind": kind,
        "title": title,
        "case_number": case_number.strip(),
        "case_presentation": richtext.clean(case_presentation),
        "recommendation": richtext.clean(recommendation),
        "is_closed": is_closed,
        "public_title": public_title,
    }
    if agenda_is_sent(meeting):
        # The numbers froze when the agenda was sent: a supplementary item (Tillæg) comes after all others.
        # The members hear of it when staff send the Tillæg (``publishing.publish_supplement``): its PDF has
        # the item's bilag, which are added after the item.
        return save(AgendaItem(meeting=meeting, position=position, is_supplementary=True, **fields), actor)
    if section is not None:
        position, kept_last = _end_of_block(meeting, section)
        return insert_item(meeting, position, actor, {**fields, "is_kept_last": kept_last})
    for row_position, is_kept_last in rows:
        if not is_kept_last:
            break
        position = row_position
    return insert_item(meeting, position, actor, fields)


def _end_of_block(meeting, section) -> tuple[int, bool]:
    """Where an item added under the block heading ``section`` goes: after the block's last item (the items after
    the heading up to the next standing item or heading), kept last when the heading is (a closing block)."""
    if section.meeting_id != meeting.pk or not section.is_section:
        raise RuleViolation("Punktet kan kun sættes under en blok på mødets egen dagsorden.")
    section.refresh_from_db(fields=["position", "is_kept_last"])  # items added since may have moved it
    position = section.position
    later = meeting.items.filter(position__gt=section.position).order_by("position")
    for row_position, is_section, standing in later.values_list("position", "is_section", "standing_item"):
        if is_section or standing is not None:
            break
        position = row_position
    return position + 1, section.is_kept_last


def insert_item(meeting, position, actor, fields) -> AgendaItem:
    """Create an item at ``position``; the items from there move one down (from the bottom: positions are unique)."""
    for later in meeting.items.select_for_update().filter(position__gte=position).order_by("-position"):
        later.position += 1
        save(later, actor, update_fields=["position"])
    return save(AgendaItem(meeting=meeting, position=position, **fields), actor)


class StaleEdit(RuleViolation):
    """Someone else saved the row since the form was opened (no silent lost update)."""


def lock_current(item, version) -> AgendaItem:
    """The item's row locked for the change; refused when ``version`` (from the form) is no longer current,
    with the other change in the message. ``version`` None: the caller holds no stale form (services, tests)."""
    current = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if version is not None and version != current.version:
        who = current.history.select_related("history_user").first()
        by = f" af {who.history_user}" if who and who.history_user else ""
        raise StaleEdit(
            f"Punktet er ændret{by}, efter du åbnede det (nu version {current.version}). Din ændring er ikke gemt; "
            f"den gemte udgave er: «{current.title}». Genindlæs siden og skriv din ændring igen."
        )
    require_unlocked(current.meeting)
    return current


def require_unlocked(meeting) -> None:
    """FO 3.4: once the minutes are approved the meeting's items, decisions, votes and attachments are locked."""
    if meeting.minutes_approved_at is not None:
        raise RuleViolation(
            "Referatet er godkendt; mødets punkter, beslutninger, afstemninger og bilag kan ikke ændres. "
            "Genåbn referatet med en begrundelse for at rette.",
            rule="FO 3.4",
        )


@transaction.atomic
def update_item(
    item,
    *,
    actor,
    kind,
    title,
    case_presentation,
    recommendation,
    is_closed,
    public_title="",
    case_number=None,
    version=None,
) -> AgendaItem:
    """Change an item; a stale form (``version`` not current) is refused and changes nothing.
    ``case_number`` None: unchanged."""
    current = lock_current(item, version)
    current.kind, current.title, current.is_closed, current.public_title = kind, title, is_closed, public_title
    if case_number is not None:
        current.case_number = item.case_number = case_number.strip()
    current.case_presentation = richtext.clean(case_presentation)
    current.recommendation = richtext.clean(recommendation)
    current.version += 1
    save(current, actor)
    item.kind, item.title, item.is_closed, item.version = current.kind, current.title, is_closed, current.version
    item.public_title = current.public_title
    item.case_presentation, item.recommendation = current.case_presentation, current.recommendation
    return current


@transaction.atomic
def postpone_item(item, *, actor, to_meeting) -> AgendaItem:
    """The item is postponed (udsat) and carried over to a later planned meeting of the council, at the end
    of that agenda (as a supplementary item there if its agenda is sent). Returns the new item."""
    current = lock_current(item, None)
    meeting = current.meeting
    if to_meeting.council_id != meeting.council_id or to_meeting.starts_at <= meeting.starts_at:
        raise RuleViolation("Et punkt kan kun udsættes til et senere møde i samme KKR.")
    if not current.is_active:
        raise RuleViolation(f"Punktet er allerede {current.get_status_display().lower()}.")
    current.status = AgendaItem.Status.POSTPONED
    current.version += 1
    save(current, actor)
    carried = add_item(
        to_meeting,
        actor=actor,
        title=current.title,
        kind=current.kind,
        case_presentation=current.case_presentation,
        recommendation=current.recommendation,
        is_closed=current.is_closed,
        public_title=current.public_title,
        case_number=current.case_number,  # the case keeps its number at the later meeting
    )
    carried.carried_from = current
    return save(carried, actor, update_fields=["carried_from"])


@transaction.atomic
def remove_item(item, *, actor) -> None:
    """Remove an item (not one that came from a proposal in time, FO 3.2); the numbers close up. Once the
    agenda is sent the item is marked withdrawn (udgået) instead and keeps its number; an item of a held
    meeting is never deleted (FO 3.4)."""
    proposal = ItemProposal.objects.filter(agenda_item=item).first()
    if proposal and proposal.is_in_time:
        raise RuleViolation(f"Punktet er medlemsforslaget «{proposal.title}», der kom rettidigt.", rule="FO 3.2")
    current = lock_current(item, None)
    if current.meeting.status == Meeting.Status.HELD:
        raise RuleViolation("Mødet er afholdt; intet af det slettes.", rule="FO 3.4")
    if agenda_is_sent(current.meeting):
        if current.is_withdrawn:
            raise RuleViolation("Punktet er allerede udgået.")
        current.status = AgendaItem.Status.WITHDRAWN
        current.version += 1
        save(current, actor)
        return
    meeting, position = item.meeting, item.position
    _require_numbers_unused(meeting)
    if proposal:
        proposal.status, proposal.agenda_item = ItemProposal.Status.RECEIVED, None
        save(proposal, actor)
    item._history_user = actor
    item.delete()
    for later in meeting.items.filter(position__gt=position).order_by("position"):
        later.position -= 1
        save(later, actor)


@transaction.atomic
def move_item(item, *, actor, up: bool) -> AgendaItem:
    """FO 3.6: swap the item with its neighbour above (``up``) or below; numbering follows the order until
    the agenda is sent (then the numbers are frozen)."""
    require_open(item.meeting)
    if agenda_is_sent(item.meeting):
        raise RuleViolation("Dagsordenen er udsendt; punkternes numre ligger fast.", rule="FO 3.6")
    _require_numbers_unused(item.meeting)
    neighbours = item.meeting.items.select_for_update()
    other = (
        neighbours.filter(position__lt=item.position).order_by("-position").first()
        if up
        else neighbours.filter(position__gt=item.position).order_by("position").first()
    )
    if other is None:
        return item
    mine, theirs = item.position, other.position
    item.position = 0  # free the slot: (meeting, position) is unique
    save(item, actor, update_fields=["position"])
    other.position = mine
    save(other, actor, update_fields=["position"])
    item.position = theirs
    return save(item, actor, update_fields=["position"])


def _require_numbers_unused(meeting) -> None:
    """Arrivals and departures are recorded against item numbers (FO 3.9): renumbering would move them."""
    if PresenceSpan.objects.filter(attendance__meeting=meeting).exists():
        raise RuleViolation(
            "Ankomst og afgang er registreret efter punkternes numre; punkterne kan ikke flyttes eller fjernes nu.",
            rule="FO 3.9",
        )


def require_open(meeting):
    """The agenda changes only while the meeting is planned (not held, not cancelled)."""
    if meeting.status != Meeting.Status.PLANNED:
        raise RuleViolation(f"Mødet er {meeting.get_status_display().lower()}; dagsordenen kan ikke ændres.")
