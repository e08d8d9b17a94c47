"""The council's standing items (faste punkter): the template of sections every ordinary agenda has, and
putting the missing ones on a meeting's agenda (FO 3.2: the chair prepares the agenda; FO 3.4: the item
approving the previous minutes names that meeting)."""

from django.db import transaction

from kkr.errors import RuleViolation
from kkr.formats import format_date

from ..models import AgendaItem, Meeting, StandingItem
from .agenda import insert_item, require_open
from .common import save

_D, _O, _T = AgendaItem.Kind.DECISION, AgendaItem.Kind.ORIENTATION, AgendaItem.Kind.DISCUSSION
_Step = AgendaItem.Step

# The standing sections of an ordinary KKR meeting in the order real agendas use; the cases go between
# "Meddelelser" and "Udpegninger" (placement END keeps the closing ones last). The first links to the minutes
# of the council's previous meeting. The last field: a block (only with ``blocks``).
DEFAULT_STANDING_ITEMS = [
    (StandingItem.Placement.START, 1, "Godkendelse af referat fra forrige møde", _D, _Step.PREVIOUS_MINUTES, False),
    (StandingItem.Placement.START, 2, "Meddelelser", _O, _Step.NONE, False),
    (StandingItem.Placement.END, 1, "Udpegninger", _D, _Step.NONE, True),
    (StandingItem.Placement.END, 2, "Punkter til næste møde", _T, _Step.NONE, False),
    (StandingItem.Placement.END, 3, "Eventuelt", _O, _Step.NONE, False),
]
# The block the cases go under when the council numbers block.item (KKR Syddanmark and Midtjylland since 2021).
CASES_BLOCK = (StandingItem.Placement.START, 3, "Regionalpolitiske sager", _D, _Step.NONE, True)


@transaction.atomic
def create_default_standing_items(council, *, actor, blocks: bool = False) -> list[StandingItem]:
    """Give a council without standing items the sections real ordinary agendas have; editable afterwards.
    ``blocks``: as the agendas since 2021 have them, the cases under "Regionalpolitiske sager" and the
    appointments under "Udpegninger", numbered 3.1, 3.2 …; without, numbered 1, 2, 3 as before."""
    if council.standing_items.exists():
        raise RuleViolation("Rådet har allerede faste punkter; redigér dem i stedet.")
    rows = [*DEFAULT_STANDING_ITEMS[:2], CASES_BLOCK, *DEFAULT_STANDING_ITEMS[2:]] if blocks else DEFAULT_STANDING_ITEMS
    return [
        save(
            StandingItem(
                council=council,
                placement=placement,
                order=order,
                title=title,
                kind=kind,
                step=step,
                is_section=is_section and blocks,
            ),
            actor,
        )
        for placement, order, title, kind, step, is_section in rows
    ]


@transaction.atomic
def insert_standing_items(meeting, *, actor) -> list[AgendaItem]:
    """The council's standing items not yet on the agenda: opening ones first (in template order), closing
    ones last and kept last. Done when an ordinary meeting is planned, and by the button "Indsæt faste punkter"."""
    require_open(meeting)
    template = list(meeting.council.standing_items.all())
    if not template:
        raise RuleViolation("Rådet har ingen faste punkter. Opret dem under «Faste punkter».")
    present = set(meeting.items.filter(standing_item__isnull=False).values_list("standing_item_id", flat=True))
    missing = [standing for standing in template if standing.pk not in present]
    opening = [s for s in missing if s.placement == StandingItem.Placement.START]
    last = meeting.items.order_by("-position").values_list("position", flat=True).first() or 0
    added = [insert_item(meeting, n, actor, _standing_fields(meeting, s)) for n, s in enumerate(opening, start=1)]
    closing = [s for s in missing if s.placement == StandingItem.Placement.END]
    position = last + len(opening) + 1
    added += [insert_item(meeting, position + n, actor, _standing_fields(meeting, s)) for n, s in enumerate(closing)]
    return added


def _standing_fields(meeting, standing) -> dict:
    return {
        "kind": standing.kind,
        "title": _minutes_title(meeting, standing) if standing.step == _Step.PREVIOUS_MINUTES else standing.title,
        "case_presentation": standing.case_presentation,
        "recommendation": standing.recommendation,
        "standing_item": standing,
        "is_section": standing.is_section,
        "is_kept_last": standing.placement == StandingItem.Placement.END,
        "step": standing.step,
    }


def _minutes_title(meeting, standing) -> str:
    """FO 3.4: the item approving minutes names the meeting they are from ("Godkendelse af referat fra mødet den
    4. december 2026"), the council's last meeting before this one that was not cancelled; the template's title
    as it is when there is none."""
    previous = (
        meeting.council.meetings.filter(starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if previous is None:
        return standing.title
    return f"{standing.title.removesuffix(' fra forrige møde')} fra mødet den {format_date(previous)}"


@transaction.atomic
def save_standing_item(standing, *, actor) -> StandingItem:
    """Add or change a standing item of the council's template; meetings already planned are not changed."""
    return save(standing, actor)


@transaction.atomic
def remove_standing_item(standing, *, actor) -> None:
    """Remove an item from the template; the items it made on agendas stay (they are the agenda's now)."""
    for item in AgendaItem.objects.filter(standing_item=standing):
        item.standing_item = None
        save(item, actor, update_fields=["standing_item"])
    standing._history_user = actor
    standing.delete()
