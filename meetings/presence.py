"""Who was present at each item of a meeting (FO 3.5, FO 3.7, FO 3.9), from the attendance marks and the
arrivals and departures recorded against item numbers.

Pure rule module: no Django. ``Presence.at(position)`` is the one answer to "who is present at item N"; the
quorum, the meeting leader, the casting vote, every vote statement and the minutes' attendance all ask it, so
they can't disagree. A person marked present with no span attended the whole meeting; with spans, exactly the
items inside them (``from_position`` included, ``until_position`` not: "fraværende fra punkt N"). A person not
marked, or marked absent, attended no item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class PresenceError(ValueError):
    """An arrival or departure that contradicts what is already recorded (Danish message)."""


@dataclass(frozen=True)
class Span:
    """Present from item ``start`` (None: from the start) until before item ``end`` (None: to the end)."""

    start: int | None = None
    end: int | None = None
    arrived_at: datetime | None = None
    left_at: datetime | None = None

    def covers(self, position: int) -> bool:
        return (self.start is None or self.start <= position) and (self.end is None or position < self.end)


@dataclass(frozen=True)
class Mark:
    """One person on the sheet: present at all (``is_present``), the seat they fill (None: an observer) and the
    spans they attended (empty: the whole meeting)."""

    person_id: int
    is_present: bool
    seat: int | None = None
    spans: tuple[Span, ...] = ()
    role: str = ""  # FO 3.5: "chair" / "vice_chair" as the sheet recorded it when the person was marked

    def present_at(self, position: int) -> bool:
        if not self.is_present:
            return False
        return not self.spans or any(span.covers(position) for span in self.spans)

    @property
    def is_partial(self) -> bool:
        return self.is_present and bool(self.spans)


@dataclass(frozen=True)
class Presence:
    """The marks of a meeting, by person id."""

    marks: dict[int, Mark] = field(default_factory=dict)

    def at(self, position: int) -> frozenset[int]:
        """FO 3.7/3.9: the persons present at item ``position``."""
        return frozenset(pid for pid, mark in self.marks.items() if mark.present_at(position))

    def seats_at(self, position: int) -> int:
        """FO 3.7: seats filled at item ``position`` by a present member or substitute (observers fill none)."""
        return sum(1 for mark in self.marks.values() if mark.seat is not None and mark.present_at(position))

    def seats(self) -> frozenset[int]:
        """FO 3.7: the seats filled by a present member or substitute at some point of the meeting."""
        return frozenset(mark.seat for mark in self.marks.values() if mark.seat is not None and mark.is_present)

    def recorded_roles(self) -> dict[str, int]:
        """FO 3.5: the chair and the vice-chair the sheet recorded (role -> person id), present or not."""
        return {mark.role: pid for pid, mark in self.marks.items() if mark.role}

    def ever(self) -> frozenset[int]:
        """Everyone present at some point of the meeting."""
        return frozenset(pid for pid, mark in self.marks.items() if mark.is_present)

    @property
    def is_uniform(self) -> bool:
        """Nobody arrived late or left early: presence is the same at every item."""
        return not any(mark.is_partial for mark in self.marks.values())


def with_arrival(mark: Mark | None, position: int, *, first: int, arrived_at=None) -> tuple[Span, ...]:
    """The spans after an arrival at item ``position`` (the person is absent there until now). ``first``: the
    meeting's first item number (an arrival there is simply "present")."""
    if mark is not None and mark.present_at(position):
        raise PresenceError(f"er allerede til stede ved punkt {position}")
    spans = mark.spans if mark is not None and mark.is_present else ()
    if position <= first and not spans:
        raise PresenceError(f"punkt {position} er mødets første punkt; markér til stede i stedet")
    later = [span for span in spans if span.start is not None and span.start > position]
    if later:
        raise PresenceError(f"er registreret ankommet igen ved punkt {later[0].start}; ret det først")
    nxt = Span(start=position, arrived_at=arrived_at)
    _check_times(spans, nxt)
    return tuple(sorted((*spans, nxt), key=_order))


def with_departure(mark: Mark | None, position: int, *, first: int, left_at=None) -> tuple[Span, ...]:
    """The spans after a departure before item ``position`` (the person is present there until now)."""
    if mark is None or not mark.present_at(position):
        raise PresenceError(f"er ikke til stede ved punkt {position}")
    spans = mark.spans or (Span(),)
    current = next(span for span in spans if span.covers(position))
    if (current.start if current.start is not None else first) >= position:
        raise PresenceError(f"var ikke til stede før punkt {position}; markér fraværende i stedet")
    if current.end is not None:
        raise PresenceError(f"er allerede registreret gået fra punkt {current.end}; ret det først")
    ended = Span(current.start, position, current.arrived_at, left_at)
    if left_at is not None and current.arrived_at is not None and left_at <= current.arrived_at:
        raise PresenceError("tidspunktet for afgang skal ligge efter ankomsten")
    return tuple(ended if span is current else span for span in spans)


def _check_times(spans, new: Span) -> None:
    if new.arrived_at is None:
        return
    for span in spans:
        if span.left_at is not None and span.left_at > new.arrived_at:
            raise PresenceError("tidspunktet for ankomst skal ligge efter den forrige afgang")


def _order(span: Span) -> int:
    return -1 if span.start is None else span.start
