"""A person's full dated history (SPEC §2) and the audit trail of who changed what and when (SPEC §6),
in a fixed number of queries whatever the length of the history."""

from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain

from .models import ChairRole, Leave, Membership, MunicipalOffice, Person, SubstituteAssignment

CHANGE = {"+": "oprettet", "~": "ændret", "-": "slettet"}


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    user: str
    what: str
    change: str
    reason: str
    period: str


def _period(row) -> str:
    starts_on: date | None = getattr(row, "starts_on", None)
    if starts_on is None:
        return ""
    ends_on = getattr(row, "ends_on", None)
    return f"{starts_on:%d.%m.%Y}–{ends_on:%d.%m.%Y}" if ends_on else f"fra {starts_on:%d.%m.%Y}"


def audit_rows(person: Person) -> list[AuditRow]:
    """The simple-history rows of the person and their offices, seats, substitute assignments and leaves
    (five queries), newest first."""
    sources = [
        Person.history.filter(id=person.pk),
        MunicipalOffice.history.filter(person_id=person.pk),
        Membership.history.filter(person_id=person.pk),
        SubstituteAssignment.history.filter(person_id=person.pk),
        Leave.history.filter(membership__person_id=person.pk),
    ]
    rows = [
        AuditRow(
            at=h.history_date,
            user=(h.history_user.get_full_name() or h.history_user.username) if h.history_user else "system",
            what=h.instance_type._meta.verbose_name,
            change=CHANGE.get(h.history_type, h.history_type),
            reason=h.history_change_reason or "",
            period=_period(h),
        )
        for h in chain.from_iterable(source.select_related("history_user") for source in sources)
    ]
    return sorted(rows, key=lambda row: row.at, reverse=True)


def person_history(person: Person) -> dict:
    """Offices, seats, substitute assignments, leaves and chair roles, oldest first (five queries)."""
    return {
        "offices": list(person.offices.select_related("municipality", "party").order_by("starts_on")),
        "memberships": list(
            person.memberships.select_related("council", "party", "municipality", "period").order_by("starts_on")
        ),
        "assignments": list(
            person.substitute_assignments.select_related("membership__person", "membership__council").order_by(
                "starts_on"
            )
        ),
        "leaves": list(Leave.objects.filter(membership__person=person).order_by("starts_on")),
        "chair_roles": list(ChairRole.objects.filter(membership__person=person).order_by("starts_on")),
    }
