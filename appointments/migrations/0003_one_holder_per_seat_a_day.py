"""SPEC §4: on any day a seat has at most one holder (member or chair) and at most one personal substitute,
held by PostgreSQL with exclusion constraints over the seat and ``daterange(starts_on, ends_on, '[]')``
(``ends_on`` is the last day; NULL = open-ended) with ``btree_gist``. SQLite gets no constraint.

Existing rows that already break the rule stop the migration with a Danish list of the clashes (not a raw
IntegrityError); ``python manage.py seat_overlaps`` prints the same list before migrating. The check is frozen
here (a migration never imports app code)."""

import django.contrib.postgres.fields.ranges
from django.contrib.postgres.operations import BtreeGistExtension
from django.core.management.base import CommandError
from django.db import migrations, models

import kkr.constraints

HOLDER_ROLES = ("member", "chair")


def _clashes(rows):
    """Pairs of rows of one seat and kind whose days overlap; rows are (pk, seat, kind, starts, ends, person)."""
    by_key = {}
    for row in rows:
        by_key.setdefault((row[1], row[2]), []).append(row)
    clashes = []
    for group in by_key.values():
        group.sort(key=lambda r: (r[3], r[0]))
        for n, first in enumerate(group):
            for second in group[n + 1 :]:
                if first[4] is not None and second[3] > first[4]:
                    break
                clashes.append((first, second))
    return clashes


def refuse_existing_overlaps(apps, schema_editor):
    Appointment = apps.get_model("appointments", "Appointment")
    rows = [
        (pk, seat, "holder" if role in HOLDER_ROLES else "substitute", starts, ends, f"{person} ({seat_label})")
        for pk, seat, role, starts, ends, person, seat_label in Appointment.objects.values_list(
            "pk", "seat_id", "role", "starts_on", "ends_on", "person__name", "seat__label"
        )
    ]
    clashes = _clashes(rows)
    if clashes:
        lines = "\n".join(
            f"- udpegning {a[0]} og {b[0]}: {a[5]} fra {a[3]:%d.%m.%Y} og {b[5]} fra {b[3]:%d.%m.%Y}"
            for a, b in clashes
        )
        raise CommandError(  # manage.py migrate prints it without a traceback
            "Migreringen stopper: disse udpegninger giver to indehavere af samme plads på samme dag (SPEC §4). "
            f"Afslut eller ret den ene af hver, og kør migreringen igen.\n{lines}"
        )


class Migration(migrations.Migration):
    dependencies = [("appointments", "0002_reference_bodies")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(refuse_existing_overlaps, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="appointment",
            constraint=kkr.constraints.PostgresExclusionConstraint(
                condition=models.Q(("role__in", ["member", "chair"])),
                expressions=[
                    ("seat", "="),
                    (
                        kkr.constraints.DateRangeFunc(
                            "starts_on",
                            "ends_on",
                            django.contrib.postgres.fields.ranges.RangeBoundary(
                                inclusive_lower=True, inclusive_upper=True
                            ),
                        ),
                        "&&",
                    ),
                ],
                name="appointment_one_holder_per_seat_a_day",
            ),
        ),
        migrations.AddConstraint(
            model_name="appointment",
            constraint=kkr.constraints.PostgresExclusionConstraint(
                condition=models.Q(("role", "substitute")),
                expressions=[
                    ("seat", "="),
                    (
                        kkr.constraints.DateRangeFunc(
                            "starts_on",
                            "ends_on",
                            django.contrib.postgres.fields.ranges.RangeBoundary(
                                inclusive_lower=True, inclusive_upper=True
                            ),
                        ),
                        "&&",
                    ),
                ],
                name="appointment_one_substitute_per_seat_a_day",
            ),
        ),
    ]
