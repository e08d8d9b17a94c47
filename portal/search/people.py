"""People and appointments found by search: staff and members, within their own councils (SPEC §4). Plain SQL:
the same queries through the ORM's subqueries and joins were compiled anew on every search of a signed-in user, and
that was most of the page's CPU (docs/performance.md); ``tests/invariants/test_search_sql_besides.py`` holds them
against the ORM."""

from dataclasses import dataclass
from datetime import date

from django.db import connection

from appointments.models import Appointment, Body, Seat
from members.models import Council, Membership, Municipality, Party, Person, SubstituteAssignment
from members.models.people import current_sql

from ..roles import Roles
from .text import contains_sql, like_param, marks, words


@dataclass(frozen=True)
class FoundPerson:
    pk: int
    name: str
    party_letter: str | None
    municipality: str | None
    council_slug: str  # the council to show them in: where they sit, else where they substitute


@dataclass(frozen=True)
class FoundAppointment:
    pk: int
    body: str
    seat_label: str
    role: str
    starts_on: date
    council_slug: str
    person_pk: int
    person_name: str

    @property
    def role_label(self) -> str:
        return Appointment.Role(self.role).label


def councils_of(mine: Roles) -> list[int]:
    return sorted({council.pk for council in [*mine.managed, *mine.member_of]})


def _words_sql(terms: list[str], columns: list[str]) -> tuple[str, list]:
    """Every word somewhere in ``columns`` (``icontains`` of each), with the words as parameters in order."""
    sql = " AND ".join("(" + " OR ".join(contains_sql(column) for column in columns) + ")" for _ in terms)
    return sql, [like_param(term) for term in terms for _ in columns]


def people_sql(terms: list[str], councils: list[int], limit: int) -> tuple[str, list]:
    """People of ``councils`` (members, substitutes) whose name, e-mail or municipality match every word, by
    name, each with the council to show them in: the first by name of ``councils`` they sit in, else of those
    they substitute in. The columns are named as ``FoundPerson``'s fields."""
    found, params = _words_sql(terms, ["p.name", "p.email", "mu.name"])
    own = marks(councils)
    seated = f"""SELECT ms.council_id FROM {MEMBERSHIP} ms JOIN {COUNCIL} sc ON sc.id = ms.council_id
        WHERE ms.person_id = p.id AND ms.council_id IN ({own}) ORDER BY sc.name LIMIT 1"""
    substitute = f"""SELECT mb.council_id FROM {SUBSTITUTE} s JOIN {MEMBERSHIP} mb ON mb.id = s.membership_id
        JOIN {COUNCIL} sc ON sc.id = mb.council_id
        WHERE s.person_id = p.id AND mb.council_id IN ({own}) ORDER BY sc.name LIMIT 1"""
    sql = f"""SELECT h.id AS pk, h.name, h.letter AS party_letter, h.municipality, c.slug AS council_slug FROM (
            SELECT p.id, p.name, pa.letter, mu.name AS municipality,
                COALESCE(({seated}), ({substitute})) AS shown_in
            FROM {PERSON} p LEFT JOIN {MUNICIPALITY} mu ON mu.id = p.municipality_id
                LEFT JOIN {PARTY} pa ON pa.id = p.party_id
            WHERE {found}
        ) h JOIN {COUNCIL} c ON c.id = h.shown_in
        ORDER BY h.name, h.id LIMIT {int(limit)}"""
    return sql, [*councils, *councils, *params]


def appointments_sql(terms: list[str], councils: list[int], on, limit: int) -> tuple[str, list]:
    """Current appointments to regional bodies in ``councils`` whose body, seat or appointee match every word, by
    body; never a voided one (``in_force``). The columns are named as ``FoundAppointment``'s fields."""
    found, params = _words_sql(terms, ["b.name", "s.label", "pe.name"])
    current = current_sql(Appointment, "a")
    current_params = [on] * current.count("%(on)s")
    current = current.replace("%(on)s", "%s")
    sql = f"""SELECT a.id AS pk, b.name AS body, s.label AS seat_label, a.role, a.starts_on,
            c.slug AS council_slug, pe.id AS person_pk, pe.name AS person_name
        FROM {APPOINTMENT} a JOIN {SEAT} s ON s.id = a.seat_id JOIN {BODY} b ON b.id = s.body_id
            JOIN {COUNCIL} c ON c.id = s.council_id JOIN {PERSON} pe ON pe.id = a.person_id
        WHERE a.voided_at IS NULL AND {current} AND s.council_id IN ({marks(councils)}) AND {found}
        ORDER BY b.name, a.id LIMIT {int(limit)}"""
    return sql, [*current_params, *councils, *params]


def search_people(query: str, mine: Roles, *, limit: int = 20) -> list[FoundPerson]:
    """``people_sql`` for the user's councils, in a query of its own (the search page asks ``beside``)."""
    terms, councils = words(query), councils_of(mine)
    if not terms or not councils:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*people_sql(terms, councils, limit))
        return [FoundPerson(*row) for row in cursor.fetchall()]


def search_appointments(query: str, mine: Roles, *, on, limit: int = 20) -> list[FoundAppointment]:
    """``appointments_sql`` for the user's councils (members and staff only, where they see every appointment:
    no release to wait for), in a query of its own (the search page asks ``beside``)."""
    terms, councils = words(query), councils_of(mine)
    if not terms or not councils:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*appointments_sql(terms, councils, on, limit))
        return [FoundAppointment(*row) for row in cursor.fetchall()]


PERSON, COUNCIL, MUNICIPALITY, PARTY = (
    Person._meta.db_table,
    Council._meta.db_table,
    Municipality._meta.db_table,
    Party._meta.db_table,
)
MEMBERSHIP, SUBSTITUTE = Membership._meta.db_table, SubstituteAssignment._meta.db_table
APPOINTMENT, SEAT, BODY = Appointment._meta.db_table, Seat._meta.db_table, Body._meta.db_table
