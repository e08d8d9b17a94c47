"""The register page's small lists in one plain query (``register_lists``): the filter's bodies, parties and
municipalities, and the KKR's seats per party on the day (``party_counts``). Four queries before, each a round
trip that cost more than its rows. ``tests/appointments/test_register_lists.py`` compares each list with the ORM
query it stands for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from django.db import connection

from members.models import Council, Membership, Municipality, Party, current_sql

from ..models import Body


@dataclass(frozen=True)
class RegisterLists:
    """``bodies``: ``council.bodies.all()``; ``parties``: ``Party.objects.all()``; ``municipalities``:
    ``council.municipalities.all()``, each in its model's order with the fields its option shows (the rest
    deferred); ``party_seats``: the council's current memberships per party name on the day asked for, else None."""

    bodies: list[Body]
    parties: list[Party]
    municipalities: list[Municipality]
    party_seats: dict[str, int] | None


# the lists of one column shown (a name), by their branch's name
NAMED = {"body": Body, "municipality": Municipality}


@cache
def _lists_sql(with_seats: bool) -> str:
    t = {model: model._meta.db_table for model in (Body, Body.councils.through, Party, Municipality, Membership)}
    body = f"""SELECT 'body', b.id, '', b.name, b.name, '' FROM {t[Body]} b
        WHERE b.id IN (SELECT body_id FROM {t[Body.councils.through]} WHERE council_id = %(council)s)"""
    party = f"SELECT 'party', pa.id, pa.letter, pa.name, pa.letter, pa.name FROM {t[Party]} pa"
    municipality = f"""SELECT 'municipality', mu.id, '', mu.name, mu.name, ''
        FROM {t[Municipality]} mu WHERE mu.council_id = %(council)s"""
    branches = [body, party, municipality]
    if with_seats:
        branches.append(
            f"""SELECT 'seats', COUNT(*), '', pa.name, pa.name, '' FROM {t[Membership]} m
                JOIN {t[Party]} pa ON pa.id = m.party_id
            WHERE m.council_id = %(council)s AND {current_sql(Membership, "m")}
            GROUP BY pa.name"""
        )
    return " UNION ALL ".join(branches) + " ORDER BY 1, 5, 6, 2"


def register_lists(council: Council, *, seats_on: date | None = None) -> RegisterLists:
    """The filter's options of ``council``'s register and, given ``seats_on``, its seats per party on that day
    (one query; the rows are ordered as each model's ``Meta.ordering``, then by id)."""
    with connection.cursor() as cursor:
        cursor.execute(_lists_sql(seats_on is not None), {"council": council.pk, "on": seats_on})
        rows = cursor.fetchall()
    found: dict[str, list] = {"body": [], "party": [], "municipality": []}
    seats: dict[str, int] = {}
    for kind, number, letter, name, _key, _then in rows:
        if kind == "seats":
            seats[name] = number
        elif kind == "party":
            found[kind].append(Party.from_db(connection.alias, ["id", "letter", "name"], [number, letter, name]))
        else:
            found[kind].append(NAMED[kind].from_db(connection.alias, ["id", "name"], [number, name]))
    return RegisterLists(found["body"], found["party"], found["municipality"], seats if seats_on is not None else None)
