"""``roster(council, on=date)``: who holds each seat on a date, who votes in it, who substitutes, who chairs.

Meetings use it for attendance, quorum (FO 3.7) and the minutes (FO 3.9); it answers for any date because
every row is dated (SPEC §2). Five queries whatever the size of the council (memberships, their substitutes and leaves,
chair roles, observers).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from .models import ChairRole, Council, Leave, Membership, Observer, Person, SubstituteAssignment


@dataclass(frozen=True)
class Seat:
    """One seat on a date. ``voter`` is the member, or the substitute who stepped in for a leave (B1 1.6/1.7)."""

    membership: Membership
    substitute: Person | None
    leave: Leave | None

    @property
    def member(self) -> Person:
        return self.membership.person

    @property
    def voter(self) -> Person | None:
        """Who sits on this date; None when the member is on leave and no substitute exists."""
        return self.substitute if self.leave else self.member

    @property
    def substitute_stepped_in(self) -> bool:
        return self.leave is not None and self.substitute is not None


@dataclass(frozen=True)
class Roster:
    council: Council
    on: date
    seats: list[Seat]
    chair: Membership | None = None
    vice_chair: Membership | None = None
    observers: list[Observer] = field(default_factory=list)

    @property
    def size(self) -> int:
        """The number of members, the base of the quorum (FO 3.7)."""
        return len(self.seats)

    def seat_of(self, person_id: int) -> Seat | None:
        """The seat a person sits in on this date, as member or as the substitute who stepped in."""
        for seat in self.seats:
            if seat.voter is not None and seat.voter.pk == person_id:
                return seat
        return None


def roster(council: Council, *, on: date) -> Roster:
    """The council as it stood on ``on``. Only approved leaves let the substitute in (B1 1.7: the council
    decides first)."""
    memberships = (
        Membership.objects.current(on)
        .filter(council=council)
        .select_related("person", "party", "municipality")
        .prefetch_related(
            Prefetch(
                "substitutes",
                queryset=SubstituteAssignment.objects.current(on).select_related("person"),
                to_attr="current_substitutes",
            ),
            Prefetch(
                "leaves",
                queryset=Leave.objects.current(on).filter(status=Leave.Status.APPROVED),
                to_attr="current_leaves",
            ),
        )
        .order_by("party__letter", "party__name", "person__name")
    )
    seats = [
        Seat(
            membership=m,
            substitute=m.current_substitutes[0].person if m.current_substitutes else None,
            leave=m.current_leaves[0] if m.current_leaves else None,
        )
        for m in memberships
    ]
    chairs = {role.role: role.membership for role in _chair_roles(council, on)}
    return Roster(
        council=council,
        on=on,
        seats=seats,
        chair=chairs.get(ChairRole.Role.CHAIR),
        vice_chair=chairs.get(ChairRole.Role.VICE_CHAIR),
        observers=list(Observer.objects.current(on).filter(council=council).select_related("person")),
    )


def _chair_roles(council, on):
    """Current chair roles, a temporary holder (B1 1.16) overriding the permanent one."""
    roles = ChairRole.objects.current(on).filter(council=council).select_related("membership__person")
    return sorted(roles, key=lambda role: role.is_temporary)
