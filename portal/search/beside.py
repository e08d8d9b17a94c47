"""What the first page of search finds beside the items: meetings (``meetingtext``), people and appointments
(``people``). On PostgreSQL one query: the meetings are its rows, numbered in the order their own query ranks
them, and the people and appointments ride along on every row as JSON (a row of their own when no meeting
matches); each kind's SQL is the one its module runs alone, which ``tests/invariants/test_search_sql_besides.py``
holds against the ORM. A user without councils of their own finds no people or appointments: the meetings' own
query. On SQLite (dev mode) one query a kind."""

import json
from dataclasses import dataclass
from datetime import date

from django.db import connection

from meetings.models import Meeting

from ..roles import Roles
from . import meetingtext, people
from .meetingtext import MeetingHit
from .people import FoundAppointment, FoundPerson
from .text import words


@dataclass(frozen=True)
class Beside:
    meetings: list[MeetingHit]
    people: list[FoundPerson]
    appointments: list[FoundAppointment]


NOTHING = Beside([], [], [])


def search_beside(query: str, mine: Roles, *, on: date, limit: int = 20) -> Beside:
    """The meetings, people and appointments matching ``query`` that the user may see, each kind best first
    (``meetingtext.search_meetings``, ``people.search_people``, ``people.search_appointments``)."""
    terms = words(query)
    if not terms:
        return NOTHING
    if connection.vendor != "postgresql":
        return Beside(
            meetingtext.search_meetings(query, mine, limit=limit),
            people.search_people(query, mine, limit=limit),
            people.search_appointments(query, mine, on=on, limit=limit),
        )
    councils = people.councils_of(mine)
    if not councils:  # no people or appointments to find: the meetings' own query
        return Beside(meetingtext.search_meetings(query, mine, limit=limit), [], [])
    found, params = [], []
    for name, order, (sql, kind_params) in [
        ("people", "q.name, q.pk", people.people_sql(terms, councils, limit)),
        ("appointments", "q.body, q.pk", people.appointments_sql(terms, councils, on, limit)),
    ]:
        found.append(f"(SELECT COALESCE(json_agg(q ORDER BY {order}), '[]') FROM ({sql}) q) AS hit_{name}")
        params += kind_params
    meetings, meeting_params = meetingtext.postgres_meetings(" ".join(terms), mine, limit)
    sql = f"""SELECT b.*, h.* FROM (SELECT {", ".join(found)}) b
        LEFT JOIN (SELECT q.*, ROW_NUMBER() OVER () AS hit_n FROM ({meetings}) q) h ON TRUE ORDER BY h.hit_n"""
    rows = list(Meeting.objects.raw(sql, [*params, *meeting_params]))
    meeting_rows = [row for row in rows if row.hit_n is not None]
    return Beside(
        meetingtext.meeting_hits(meeting_rows, terms, mine),
        [FoundPerson(**row) for row in _loaded(rows[0].hit_people)],
        [
            FoundAppointment(**{**row, "starts_on": date.fromisoformat(row["starts_on"])})
            for row in _loaded(rows[0].hit_appointments)
        ],
    )


def _loaded(value) -> list[dict]:
    return json.loads(value) if isinstance(value, str) else value
