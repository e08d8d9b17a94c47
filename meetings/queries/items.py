"""The sitting page's items with their votes (FO 3.7), in one plain query, and the item being dealt with."""

from functools import cache
from typing import TypedDict

from django.db import connection

from .. import numbering
from ..models import AgendaItem, Vote


class SittingItem(TypedDict):
    """One item of the sitting page with its votes (``sitting_items``): a plain dict with its labels as text, because
    the template language finds a key at the first try where a model attribute costs it a caught exception. The
    view adds the item's links (``vote_url``, ``decision_url``) and ``can_vote``."""

    pk: int
    position: int
    label: str  # the number the documents print ("3.1" under a block, ``meetings.numbering``)
    title: str
    kind_label: str
    is_decision: bool
    is_closed: bool
    is_active: bool
    status_label: str
    is_supplementary: bool
    version: int
    decision: str
    votes: list[dict]  # {"pk", "subject", "tally": (for, against, abstentions), "casting_vote"}, by time recorded


def sitting_items(meeting) -> list[SittingItem]:
    """The meeting's items by position with their votes (by time recorded) in one plain query, as plain dicts; the
    case presentation and recommendation are not read (the sitting page shows neither)."""
    with connection.cursor() as cursor:
        cursor.execute(_items_sql(), {"meeting": meeting.pk})
        rows = cursor.fetchall()
    items: dict[int, SittingItem] = {}
    kinds, statuses = choice_labels(AgendaItem.Kind), choice_labels(AgendaItem.Status)
    blocks: list[numbering.Row] = []
    for pk, position, title, kind, closed, status, supplementary, version, decision, *more in rows:
        is_section, standing, vote, subject, *tally = more
        item = items.get(pk)
        if item is None:
            blocks.append(numbering.Row(position, bool(is_section), standing is not None))
            item = items[pk] = SittingItem(
                pk=pk, position=position, label=str(position), title=title, kind_label=kinds.get(kind, kind),
                is_decision=kind == AgendaItem.Kind.DECISION, is_closed=closed,
                is_active=status == AgendaItem.Status.ACTIVE, status_label=statuses.get(status, status),
                is_supplementary=supplementary, version=version, decision=decision, votes=[],
            )  # fmt: skip
        if vote is not None:
            item["votes"].append({"pk": vote, "subject": subject, "tally": tuple(tally[:3]), "casting_vote": tally[3]})
    labels = numbering.labels(blocks)
    for item in items.values():
        item["label"] = labels[item["position"]]
    return list(items.values())


@cache
def choice_labels(choices) -> dict[str, str]:
    """What ``get_<field>_display`` prints for each value of a ``TextChoices``."""
    return {value: str(label) for value, label in choices.choices}


@cache
def _items_sql() -> str:
    return f"""
        SELECT i.id, i.position, i.title, i.kind, i.is_closed, i.status, i.is_supplementary, i.version, i.decision,
               i.is_section, i.standing_item_id,
               v.id, v.subject, v.votes_for, v.votes_against, v.abstentions, v.casting_vote
        FROM {AgendaItem._meta.db_table} i LEFT JOIN {Vote._meta.db_table} v ON v.item_id = i.id
        WHERE i.meeting_id = %(meeting)s ORDER BY i.position, i.id, v.recorded_at
    """


def current_position(items: list[SittingItem]) -> int:
    """The item being dealt with: the first active item with neither a vote nor a decision, else the last item (1
    when there is none). Arrivals and departures are recorded against it unless staff choose another."""
    for item in items:
        if item["is_active"] and not item["votes"] and not item["decision"].strip():
            return item["position"]
    return items[-1]["position"] if items else 1
