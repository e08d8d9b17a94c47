"""The invariants of docs/invariants.md as plain checks over the database: each takes the council (and a day) and
raises ``AssertionError`` with what disagrees. The state machine runs them after every step; the regression
tests of the defects it found call them too. The ORM references here are written the plain way (querysets,
no raw SQL) so a fast path can be compared with them."""

from collections import Counter
from datetime import date, timedelta

from django.db.models import Q

from appointments.models import Appointment
from meetings.models import Vote
from meetings.queries import at_item, attendance_marks, meeting_roster
from meetings.services.presence import state_vote
from members import permissions, rosterrows
from members.models import (
    Action,
    ChairRole,
    Leave,
    Membership,
    MunicipalOffice,
    Observer,
    SeatEntitlement,
    SubstituteAssignment,
    open_on,
)

from .minutes import minutes_agree_with_their_attendance  # noqa: F401  (the minutes' part of the vote invariant)


def _overlaps(rows) -> list[tuple]:
    """Pairs of dated rows with a day in common (both ends included; None is open)."""
    found = []
    rows = sorted(rows, key=lambda r: r.starts_on)
    for i, first in enumerate(rows):
        for second in rows[i + 1 :]:
            if first.ends_on is None or second.starts_on <= first.ends_on:
                found.append((first, second))
    return found


def _grouped(rows, key) -> dict[int, list]:
    groups: dict = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return groups


def _no_overlap(rows, key, what: str) -> None:
    for group in _grouped(rows, key).values():
        assert not _overlaps(group), f"{what} samme dag: {_overlaps(group)}"


def one_holder_per_seat(council) -> None:
    """A person holds at most one seat a day; a seat has at most one personal substitute a day; a person is not
    member and substitute on the same day; an appointment seat has one holder per kind a day."""
    seats = list(Membership.objects.filter(council=council))
    _no_overlap(seats, lambda m: m.person_id, "to pladser")
    subs = list(SubstituteAssignment.objects.filter(membership__council=council))
    _no_overlap(subs, lambda s: s.membership_id, "to stedfortrædere")
    by_person = _grouped(seats, lambda m: m.person_id)
    for assignment in subs:
        both = [m for m in by_person.get(assignment.person_id, []) if _overlaps([m, assignment])]
        assert not both, f"{assignment.person} er medlem og stedfortræder samme dag"
    appointments = Appointment.objects.filter(seat__council=council)
    _no_overlap(appointments, lambda a: (a.seat_id, a.role), "to udpegede")


def days_to_check(council) -> set[date]:
    """Every day on which a dated row of the council begins or ends (and the day after an end): the only days
    the answer to "who sits" can change."""
    days: set[date] = set()
    for model, path in (
        (Membership, "council"),
        (SubstituteAssignment, "membership__council"),
        (Leave, "membership__council"),
    ):
        for starts_on, ends_on in model.objects.filter(**{path: council}).values_list("starts_on", "ends_on"):
            days.add(starts_on)
            if ends_on is not None:
                days.update((ends_on, ends_on + timedelta(days=1)))
    return days


def roster_within_composition(council, period) -> int:
    """B1 1.1: a party never holds more seats than its entitlement on any day, except the new member B1 1.11
    (a mayor who was the party's only representative switched party) gives it."""
    allowed = {e.party_id: e.seats for e in SeatEntitlement.objects.filter(council=council, period=period)}
    extra = Counter(
        Action.objects.filter(council=council, rule="B1 1.11", kind=Action.Kind.NEW_MEMBER).values_list(
            "party_id", flat=True
        )
    )
    days = days_to_check(council)
    for day in days:
        held = Counter(
            Membership.objects.current(day).filter(council=council, period=period).values_list("party_id", flat=True)
        )
        for party_id, count in held.items():
            assert count <= allowed.get(party_id, 0) + extra[party_id], (
                f"parti {party_id} har {count} pladser den {day}, berettiget til {allowed.get(party_id, 0)}"
            )
    return len(days)


def appointees_hold_an_office(council, period, day: date) -> int:
    """FO 3.8: every political appointee holding a seat on ``day`` holds a municipal office in the region that
    day (no later than the period's last day: a RAR seat runs to 31 May, beskæftigelsesloven § 28 stk. 6), or
    the register shows his place vacant with the § 28 follow-up: the seat for a holder, the substitute's place
    (no substitute on the line) for a personal substitute."""
    from appointments.queries import register_lines

    lines = {line.seat.pk: line for line in register_lines(council, period, today=day)}
    holding = list(
        Appointment.objects.current(day)
        .filter(seat__council=council, seat__period=period, seat__is_political=True)
        .select_related("person")
    )
    for appointment in holding:
        in_office = (
            MunicipalOffice.objects.current(min(day, period.ends_on))
            .filter(person=appointment.person, municipality__council__region=council.region)
            .exists()
        )
        line = lines.get(appointment.seat_id)
        if appointment.role == Appointment.Role.SUBSTITUTE:
            follow_up = line is not None and line.substitute is None and bool(line.substitute_follow_up)
        else:
            follow_up = line is not None and line.is_vacant and bool(line.follow_up)
        assert in_office or follow_up, (
            f"{appointment.person} sidder på plads {appointment.seat_id} den {day} uden hverv"
        )
    return len(holding)


def votes_agree_with_attendance(meeting) -> int:
    """FO 3.5, FO 3.7, FO 3.9: every stored vote outcome and statement is what the attendance at its item gives
    (the minutes and the sitting page state them from the same presence)."""
    seats, presence = meeting_roster(meeting), attendance_marks(meeting)
    votes = list(Vote.objects.filter(item__meeting=meeting).select_related("item", "casting_holder"))
    for vote in votes:
        at = at_item(meeting, vote.item.position, seats=seats, presence=presence)
        stored = vote.minutes_sentence
        assert not state_vote(vote, at), (
            f"punkt {vote.item.position}: {stored!r} men fremmødet giver {vote.minutes_sentence!r}"
        )
        cast = vote.votes_for + vote.votes_against + vote.abstentions
        assert at.quorum is not None and cast <= at.quorum.present, f"punkt {vote.item.position}: {cast} stemmer"
    return len(votes)


# --- fast paths against their ORM references ------------------------------------------------------------------


def _seat_key(m):
    return (m.pk, m.person_id, m.person.name, m.person.party_id, m.party_id, m.municipality_id, m.starts_on, m.ends_on)


def roster_rows_equal_orm(council, day: date) -> int:
    fast = [_seat_key(m) for m in rosterrows.seat_rows(council.pk, day)]
    reference = [
        _seat_key(m)
        for m in Membership.objects.current(day)
        .filter(council=council)
        .select_related("person", "party", "municipality")
        .order_by("party__letter", "party__name", "person__name")
    ]
    assert sorted(fast) == sorted(reference), (fast, reference)
    dated = rosterrows.dated_rows(council.pk, day)
    assert {(s.pk, s.person_id, s.starts_on, s.ends_on) for s in dated.substitutes} == {
        (s.pk, s.person_id, s.starts_on, s.ends_on)
        for s in SubstituteAssignment.objects.current(day).filter(membership__council=council)
    }
    assert {(x.pk, x.status, x.starts_on, x.ends_on) for x in dated.leaves} == {
        (x.pk, x.status, x.starts_on, x.ends_on)
        for x in Leave.objects.filter(open_on(day), membership__council=council).exclude(status=Leave.Status.REJECTED)
    }
    assert {(c.pk, c.membership_id, c.role) for c in dated.chair_roles} == {
        (c.pk, c.membership_id, c.role) for c in ChairRole.objects.current(day).filter(council=council)
    }
    assert {o.pk for o in dated.observers} == set(
        Observer.objects.current(day).filter(council=council).values_list("pk", flat=True)
    )
    return len(fast)


def entitlements_equal_orm(council, day: date) -> None:
    """``rostertable.entitlements_on`` (one plain query) against the period's entitlements through the ORM."""
    from members.models import SeatEntitlement
    from members.rostertable import entitlements_on

    fast = [(e.pk, e.period_id, e.party.letter, e.seats) for e in entitlements_on(council.pk, day)]
    reference = [
        (e.pk, e.period_id, e.party.letter, e.seats)
        for e in SeatEntitlement.objects.filter(council=council, period__starts_on__lte=day, period__ends_on__gte=day)
        .select_related("party")
        .order_by("party__letter")
    ]
    assert fast == reference, (fast, reference)


def roles_equal_orm(user, day: date) -> int:
    """``roles_of``'s one query (guardian's tables in a UNION) against guardian's ``get_objects_for_user`` and the
    dated rows through the ORM."""
    fast = permissions._lookup_roles(user, day)
    staff = user.is_superuser or user.is_active
    managed = set(permissions.managed_councils(user).values_list("pk", flat=True)) if staff else set()
    assert {c.pk for c in fast.managed} == managed
    assert {c.pk for c in fast.member_of} == set(permissions.member_councils(user, on=day).values_list("pk", flat=True))
    seated = Membership.objects.current(day).filter(person__user=user).values_list("council", flat=True)
    assert fast.seated_in == frozenset(seated)
    return len(fast.managed) + len(fast.member_of)


def _span_order(span) -> tuple:
    """A span (from, until) in order; None is the meeting's start or its end."""
    start, end = span
    return (-1 if start is None else start, 10**6 if end is None else end)


def sitting_rows_equal_orm(meeting) -> int:
    """The sitting page's marks (one plain query) against the attendance rows and spans through the ORM."""
    from meetings.models import AbsenceNotice, Attendance
    from meetings.queries import attendance_marks_and_notices

    presence, notices = attendance_marks_and_notices(meeting)
    reference = {}
    for attendance in Attendance.objects.filter(meeting=meeting).prefetch_related("spans"):
        spans = sorted(((s.from_position, s.until_position) for s in attendance.spans.all()), key=_span_order)
        row = (attendance.is_present, attendance.membership_id, attendance.chair_role)
        reference[attendance.person_id] = (*row, spans)
    fast = {
        pid: (mark.is_present, mark.seat, mark.role, sorted(((s.start, s.end) for s in mark.spans), key=_span_order))
        for pid, mark in presence.marks.items()
    }
    assert fast == reference, (fast, reference)
    assert notices == set(AbsenceNotice.objects.filter(meeting=meeting).values_list("membership_id", flat=True))
    return len(fast)


def anything_current(council, day) -> bool:
    return Membership.objects.filter(Q(council=council), open_on(day)).exists()


def sitting_items_equal_orm(meeting) -> int:
    from meetings.models import AgendaItem
    from meetings.queries import sitting_items

    fast = [
        (
            i["pk"],
            i["position"],
            i["title"],
            i["is_closed"],
            i["decision"],
            [(v["pk"], v["tally"], v["casting_vote"]) for v in i["votes"]],
        )
        for i in sitting_items(meeting)
    ]

    def votes(item):
        return item.votes.order_by("recorded_at", "pk")

    reference = [
        (
            item.pk, item.position, item.title, item.is_closed, item.decision,
            [(v.pk, (v.votes_for, v.votes_against, v.abstentions), v.casting_vote) for v in votes(item)],
        )
        for item in AgendaItem.objects.filter(meeting=meeting).order_by("position")
    ]  # fmt: skip
    assert fast == reference, (fast, reference)
    return len(fast)


SECRET = "FORTROLIG-SAGSFREMSTILLING"  # the closed items' case text in the state machine


def public_documents_hold_only_released_content(council) -> int:
    """SPEC §6: a public agenda, Tillæg or minutes holds a closed item's public title and nothing else of it (no
    case text, recommendation, bilag, decision or vote), and never a draft."""
    import json

    from meetings.models import Publication

    publications = list(Publication.objects.filter(meeting__council=council, audience=Publication.Audience.PUBLIC))
    for publication in publications:
        assert not publication.is_draft, f"offentlig kladde {publication.pk}"
        assert SECRET not in json.dumps(publication.content), f"lukket indhold i {publication.pk}"
        for item in publication.content.get("items", ()):
            if item.get("is_closed"):
                leaked = set(item) & {"case_presentation", "recommendation", "attachments", "decision", "votes"}
                assert not leaked, f"punkt {item['number']} i {publication.pk}: {leaked}"
    return len(publications)
