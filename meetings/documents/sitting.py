"""What the minutes know of the sitting (``Sitting``) and its Deltagerfortegnelse (FO 3.9)."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from members.models import Membership


@dataclass(frozen=True)
class Sitting:
    """What the minutes need to know of the meeting's attendance (``services.publishing.minutes_contents``): the
    sheet, the presence (``meetings.presence``), ``at``: position → ``queries.AtItem`` (the one answer to who was
    present at an item, who led and who held the casting vote), the afbud notes by membership, the members on
    leave with no substitute (their memberships: their seats count in the quorum base, so they are absent), and
    the chair and the vice-chair at the meeting (``queries.sitting_chairs``; the Deltagerfortegnelse marks them)."""

    sheet: list
    presence: object
    at: Callable
    notes: dict = field(default_factory=dict)
    on_leave: tuple = ()
    movements: Callable = lambda mark, label=str: []
    chairs: dict = field(default_factory=dict)  # person id -> "formand" / "næstformand"


def participant_list(sitting: Sitting, *, public: bool, label: Callable = str) -> dict:
    """FO 3.9, the Deltagerfortegnelse as councils write it: one person a line, "Navn, Kommune (Parti)", the chair
    and vice-chair marked and first, then the mayors, then the other members; who attended as substitute for
    whom; the afbud (the reason only in the members' version: it may be personal) apart from those absent without
    afbud; the observers; who arrived or left at which item (``label``: an item's printed number). Everything
    from the sheet and its marks (``meetings.presence``): nothing here decides who was present."""
    result = {
        "present": [],
        "substitutes": [],
        "absent_notice": [],
        "absent": [],
        "observers": [],
        "movements": [],
        "by_notice": True,  # absent with and without afbud apart (snapshots before this kept one list)
        "one_per_line": True,  # "Navn, Kommune (Parti)" lines (snapshots before this printed a comma-run)
    }
    marks = sitting.presence.marks
    present, absent_notice, absent = [], [], []
    for row in sitting.sheet:
        if row.is_present:
            moves = sitting.movements(marks.get(row.person.pk), label)
            result["movements"].extend(f"{row.person} {line}" for line in moves)
        if row.capacity == "observer":
            if row.is_present:
                result["observers"].append(str(row.person))
            continue
        line = _line(row, sitting.chairs)
        if row.is_present and row.capacity == "substitute":
            result["substitutes"].append(
                f"{_person_line(row.person)} deltog som stedfortræder for {row.membership.person}"
            )
        elif row.is_present:
            present.append((_rank(row, sitting.chairs), line))
        elif row.holds_seat and row.has_notice:
            note = "" if public else _plain(sitting.notes.get(row.membership.pk, ""))
            absent_notice.append((_rank(row, sitting.chairs), f"{line}{f' – {note}' if note else ''}"))
        elif row.holds_seat:
            absent.append((_rank(row, sitting.chairs), line))
    result["present"] = [line for _, line in sorted(present)]
    result["absent_notice"] = [line for _, line in sorted(absent_notice)]
    result["absent"] = [line for _, line in sorted(absent)]
    result["absent"].extend(
        f"{_person_line(seat.person, municipality=seat.municipality)} – orlov uden stedfortræder"
        for seat in sitting.on_leave
    )
    return result


CHAIR_ORDER = {"formand": 0, "næstformand": 1}


def _rank(row, chairs: dict) -> tuple:
    """Chair, vice-chair, the mayors, then the other members; by name within each."""
    membership = row.membership
    role = chairs.get(row.person.pk) if row.capacity == "member" else None
    return (CHAIR_ORDER.get(role, 2), 0 if membership.kind == Membership.Kind.MAYOR else 1, row.person.name)


def _line(row, chairs: dict) -> str:
    """ "Henrik Brix, Aalborg (V), formand": a member as the seat has them (its municipality, their party)."""
    membership = row.membership
    role = chairs.get(row.person.pk) if row.capacity == "member" else None
    person = row.person
    text = _person_line(person, municipality=membership.municipality if row.capacity == "member" else None)
    return f"{text}, {role}" if role else text


def _person_line(person, *, municipality=None) -> str:
    """ "Navn, Kommune (Parti)", leaving out what is not recorded."""
    municipality = municipality or person.municipality
    party = person.party
    letter = (party.letter or party.name) if party is not None else ""
    text = person.name
    if municipality is not None:
        text = f"{text}, {municipality.name}"
    return f"{text} ({letter})" if letter else text


def _plain(note: str) -> str:
    """An afbud note (sanitised HTML) as one line of text."""
    return " ".join(re.sub(r"<[^>]+>", " ", note).split())
