"""The secretariat's dashboard: what each panel shows, as plain values.

Every panel does only what it shows: the newest ten open follow-ups and their count, the number of members, the
upcoming meetings, the composition periods and the appointments' seat and vacancy counts with the first five
vacancies. The election periods are read once for the page and every panel.

The values are kept per council in Django's cache (``cached_dashboard_values``) under a key that changes with
``today`` and with any write to a table the page shows (``dashboard_stamp``): the page costs one query of its own
while nothing has changed, and shows a change on the next request after it."""

import hashlib
from functools import cache

from django.db import connection

from appointments import panels as appointment_panels
from appointments.models import Appointment, Body, Seat
from elections import panels as election_panels
from kkr.pagecache import cache_get, cache_set, release
from meetings import dashboard as meeting_dashboard
from meetings import panels as meeting_panels
from meetings.models import ExtraordinaryRequest, ItemProposal, Meeting, Publication
from members.followups import newest_open_actions
from members.models import (
    Action,
    ElectionPeriod,
    Membership,
    Municipality,
    MunicipalOffice,
    Person,
    RuleSet,
)

from .panels import with_panels


def dashboard_values(council, *, today, user=None) -> dict:
    """The page's values (eight queries, two more when members have open FO 3.1 requests): the periods, the
    follow-ups, the member count, the upcoming meetings, the undecided proposals, and the appointments' seats,
    their appointments and who is eligible."""
    periods = meeting_dashboard.periods_from(council, today=today)
    period = next((p for p in periods if p.starts_on <= today), None)
    actions, action_count = newest_open_actions(council)
    values = {
        "period_name": period.name if period else "",
        "rule_set_name": period.rules_on(today).name if period else "",
        "actions": actions,
        "action_count": action_count,
        "member_count": council.memberships.current(today).count(),
    }
    return with_panels(
        values,
        meeting_panels.dashboard_panel(council, today=today, user=user, periods=periods),
        election_panels.dashboard_panel(council, today=today, user=user, periods=periods),
        appointment_panels.dashboard_panel(council, today=today, user=user, period=period),
    )


# --- Kept per council (the dashboard's speed goal: docs/performance.md) ---------------------------

# Every row the dashboard reads. Each is history-tracked, and every write through the app adds a row to its
# history table (the project never changes tracked rows with bare ``update()``/``bulk_*``: STYLE.md), so the
# newest history id of each table changes with every write that could change what the dashboard shows.
SHOWN = (
    Action,
    Membership,
    Person,
    ElectionPeriod,
    RuleSet,
    Municipality,
    MunicipalOffice,
    Meeting,
    ItemProposal,
    Publication,
    ExtraordinaryRequest,
    Body,
    Seat,
    Appointment,
)
CACHE_SECONDS = 120  # bounds the one case the stamp misses (below)
VERSION = 1  # the shape of the values: raise it when a panel's values change


def dashboard_stamp() -> tuple:
    """The newest history id of every table the dashboard shows (one query; each an index lookup; the council's own
    row is not among them: its name comes from the user's roles, not from the cache). Plain SQL, as
    ``meetings.queries.public_page_stamp``: it runs on every request for the page.

    What it misses: two writes whose transactions commit in the opposite order of their history ids, with a
    dashboard read between the two commits, keep the earlier values until the next write or ``CACHE_SECONDS``."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql())
        return tuple(cursor.fetchone())


@cache
def _stamp_sql() -> str:
    tables = [model.history.model._meta.db_table for model in SHOWN]
    newest = "(SELECT history_id FROM {} ORDER BY history_id DESC LIMIT 1)"  # plans faster than MAX()
    return "SELECT " + ", ".join(newest.format(table) for table in tables)


def dashboard_key(council, *, today) -> str:
    """The cache key of the council's values today, as things stand (runs ``dashboard_stamp``)."""
    parts = repr((VERSION, release(), council.pk, today.isoformat(), dashboard_stamp()))
    return f"dashboard:{council.pk}:{hashlib.sha256(parts.encode()).hexdigest()[:32]}"


def cached_dashboard_values(council, *, today, user=None) -> dict:
    """``dashboard_values`` kept in Django's cache under the council, ``today`` and ``dashboard_stamp``: one query
    while nothing shown has changed. The values are the same for every staff member of the council (no panel
    reads ``user``). Plain values only (no HTML, so no CSRF token is ever kept); the cache
    failing only costs the speed."""
    key = dashboard_key(council, today=today)
    values = cache_get(key, what="overblikket")
    if values is None:
        values = dashboard_values(council, today=today, user=user)
        cache_set(key, values, CACHE_SECONDS, what="overblikket")
    return values
