"""A database system check (``manage.py check --database default``): no seat has two holders, or two
personal substitutes, on one day (SPEC §4). PostgreSQL's exclusion constraint keeps it from the migration
on; this lists what an older database or SQLite already holds."""

from django.core import checks

from kkr.formats import format_date

from .models import Appointment


def describe_overlap(first: Appointment, second: Appointment) -> str:
    """One clash in Danish: the seat, both people and the first day they share."""
    day = max(first.starts_on, second.starts_on)
    return (
        f"{first.seat.body} ({first.seat.council}), {first.seat.label}: {first.person} (udpegning {first.pk}) og "
        f"{second.person} (udpegning {second.pk}) har begge pladsen den {format_date(day)}."
    )


@checks.register(checks.Tags.database)
def check_seat_overlaps(app_configs=None, databases=None, **kwargs):
    """A warning per clash (``migrate`` runs database checks first: a warning lists them without blocking the
    other apps' migrations; migration ``0003`` itself stops while any are left)."""
    from django.db import connection

    from .queries import seat_overlaps

    if not databases or Appointment._meta.db_table not in connection.introspection.table_names():
        return []
    return [
        checks.Warning(
            describe_overlap(first, second), hint="Afslut eller ret den ene udpegning.", id="appointments.W001"
        )
        for first, second in seat_overlaps()
    ]
