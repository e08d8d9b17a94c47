"""The snapshot a publication stores (FO 3.3, FO 3.4) and how its items are shown: the agenda, the Tillæg
and the minutes as plain JSON, taken when publishing; a closed item's content never in the public version."""

import re
from datetime import UTC, date, datetime

from django.db.models import Prefetch

from .. import numbering
from ..models import AgendaItem, Attachment, Meeting, Vote
from ..queries import vote_result
from .sitting import Sitting, participant_list

CLOSED_LABEL = "Lukket punkt"


def agenda_content(meeting: Meeting, *, public: bool, late_reason: str = "") -> dict:
    """The agenda as published. Two queries: items, their attachments (``meeting.council`` preloaded)."""
    deadline = meeting.agenda_deadline
    items = list(_items(meeting))
    labels = _labels(items)
    return {
        **_heading(meeting, "Dagsorden", public),
        "late_reason": late_reason,
        "agenda_deadline_on": deadline.on.isoformat() if deadline else None,
        "items": [_item(item, labels, public=public) for item in items],
    }


def supplement_content(meeting: Meeting, *, public: bool, agenda_version: int) -> dict:
    """The supplementary agenda (Tillæg): only the items added after the agenda was sent, with their frozen
    numbers (after the others) and their bilag. Three queries: ``agenda_content``'s and the numbering."""
    labels = numbering.labels(
        numbering.Row(position, is_section, standing is not None)
        for position, is_section, standing in meeting.items.values_list("position", "is_section", "standing_item")
    )
    return {
        **_heading(meeting, "Tillæg til dagsorden", public),
        "supplement_to": agenda_version,
        "items": [_item(item, labels, public=public) for item in _items(meeting).filter(is_supplementary=True)],
    }


def minutes_content(meeting: Meeting, *, public: bool, sitting: Sitting) -> dict:
    """The decision minutes (FO 3.4) with the attendance (FO 3.9): who led, and at each item who was present when
    anyone arrived late or left early; every vote stated from those present at its item, so a statement and the
    attendance beside it can't disagree. Two queries: items, their votes."""
    items = list(_items(meeting, Prefetch("votes", queryset=Vote.objects.order_by("recorded_at"))))
    labels = _labels(items)
    leaders = _leaders([sitting.at(item.position) for item in items] or [sitting.at(1)])
    return {
        **_heading(meeting, "Referat", public),
        "leader": leaders[0][1],
        "leader_changes": [
            f"fra punkt {labels.get(position, position)}: {name or 'ingen'}" for position, name in leaders[1:]
        ],
        "attendance": participant_list(
            sitting, public=public, label=lambda position: labels.get(position, str(position))
        ),
        "staff": [line.strip() for line in meeting.staff_present.splitlines() if line.strip()],
        "items": [_item(item, labels, public=public, minutes=True, sitting=sitting) for item in items],
    }


def _labels(items) -> dict[int, str]:
    return numbering.labels(
        numbering.Row(item.position, item.is_section, item.standing_item_id is not None) for item in items
    )


def _leaders(ats) -> list[tuple[int, str]]:
    """FO 3.5: who led from which item: the first item's leader, then each change."""
    leaders: list[tuple[int, str]] = []
    for at in ats:
        name = str(at.leader) if at.leader else ""
        if not leaders or leaders[-1][1] != name:
            leaders.append((at.position, name))
    return leaders


def _heading(meeting, title, public):
    return {
        "title": title,
        "council": meeting.council.name,
        "kind": meeting.get_kind_display(),
        "starts_at": meeting.starts_at.astimezone(UTC).isoformat(),
        "ends_at": meeting.end.astimezone(UTC).isoformat(),
        "location": meeting.location,
        "is_public": public,
    }


def _items(meeting, *prefetch):
    return meeting.items.order_by("position").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk")), *prefetch
    )


def public_title(item: AgendaItem) -> str:
    """A closed item's title in the public versions: its public title, else the real title only when the rule
    set's policy publishes closed titles, else the neutral "Lukket punkt" (the rule set is read only then)."""
    if item.public_title:
        return item.public_title
    return item.title if item.meeting.rule_set.closed_item_titles_public else CLOSED_LABEL


def _item(
    item: AgendaItem, labels: dict, *, public: bool, minutes: bool = False, sitting: Sitting | None = None
) -> dict:
    """An item as the snapshot keeps it: ``number`` is its position (what anchors, links and attendance refer
    to), ``label`` the number it prints ("3.1" under a block, ``numbering``)."""
    label = labels.get(item.position, str(item.position))
    data = {
        "number": item.position,
        "label": label,
        "title": item.title,
        "kind": item.get_kind_display(),
        "is_closed": item.is_closed,
    }
    if item.is_section:
        data["is_section"] = True
    if item.is_supplementary:  # Tillæg: added after the agenda was sent
        data["is_supplementary"] = True
    if not item.is_active:  # udsat / udgået
        data["status_label"] = item.get_status_display()
    if item.is_closed and public:
        return {**data, "title": public_title(item)}
    data.update(
        case_number=item.case_number,
        case_presentation=item.case_presentation,
        recommendation=item.recommendation,
        attachments=[
            {"pk": a.pk, "number": f"{label}.{n}", "title": shown_title(a.title), "file": a.file.name}
            for n, a in enumerate(item.attachments.all(), start=1)
        ],
    )
    if minutes:
        votes = list(item.votes.all())
        data.update(decision=item.decision, votes=[v.minutes_sentence for v in votes])
        if sitting is not None:
            data.update(_at_item(sitting, item, votes))
    return data


def _at_item(sitting: Sitting, item, votes) -> dict:
    """FO 3.5/3.7 at one item of the minutes: each vote stated from those present there (``queries.vote_result``),
    who was present and led when presence changed during the meeting, and who held the casting vote on a vote."""
    at = sitting.at(item.position)
    data = {
        "votes": [
            vote_result((v.votes_for, v.votes_against, v.abstentions), v.casting_vote, at).minutes_sentence(v.subject)
            for v in votes
        ]
    }
    if at.quorum is not None and (votes or not sitting.presence.is_uniform):
        data["presence"] = at.summary
    if votes:
        data["casting"] = at.casting_sentence()
    return data


BILAG_PREFIX = re.compile(r"^\s*bilag\s*(?:[\d.]+\s*)?[:\-–]\s*|^\s*bilag\s+[\d.]+\s+", re.IGNORECASE)
NUMBER_ONLY = re.compile(r"^\s*bilag\s*[\d.]*\s*[:\-–]?\s*$", re.IGNORECASE)


def bare_title(title: str) -> str:
    """The bilag's own title: a typed "Bilag 3.1: " prefix is dropped, as the agenda numbers bilag itself."""
    return BILAG_PREFIX.sub("", title).strip() or title.strip()


def shown_title(title: str) -> str:
    """A bilag's title as the documents print it after their own number ("Bilag 3.1: <title>"): without a
    typed "Bilag 2: " prefix (the admin saves titles as typed), and empty when it was only "Bilag 2"."""
    return "" if NUMBER_ONLY.match(title) else bare_title(title)


def displayed(content: dict) -> dict:
    """The snapshot with its stored ISO dates as date values, for the format filters in the PDF templates, and each
    item's printed number ("3." or "3.1", ``numbering``; the position for snapshots from before the numbering)."""
    deadline_on = content.get("agenda_deadline_on")
    ends_at = content.get("ends_at")
    return {
        **content,
        "starts_at": datetime.fromisoformat(content["starts_at"]),
        "ends_at": datetime.fromisoformat(ends_at) if ends_at else None,
        "agenda_deadline_on": date.fromisoformat(deadline_on) if deadline_on else None,
        "has_closed": any(item.get("is_closed") for item in content["items"]),
        "items": [shown_item(item) for item in content["items"]],
    }


def shown_item(item: dict) -> dict:
    """An item of a snapshot with ``label`` (its printed number), ``numbered`` ("3." or "3.1", as headings and
    contents print it) and ``in_section`` (under a block: indented, one heading level down)."""
    label = str(item.get("label") or item["number"])
    in_section = "." in label
    return {**item, "label": label, "numbered": label if in_section else f"{label}.", "in_section": in_section}
