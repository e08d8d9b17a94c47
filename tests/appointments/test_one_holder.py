"""SPEC §4: on any day a seat has at most one holder (member or chair) and at most one personal substitute.
The service checks the whole date range in Danish; PostgreSQL's exclusion constraint holds it against every
path (an insert around the service, two staff appointing at once)."""

import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from appointments import queries, services
from appointments.models import Appointment, Seat
from kkr.errors import RuleViolation
from tests.builders import make_staff, politician
from tests.concurrency import at_once
from tests.conftest import skip_or_fail

from .conftest import political_seats

pytestmark = pytest.mark.django_db
TERM_END = date(2029, 12, 31)


def appoint(seat_, person, **kwargs):
    kwargs.setdefault("starts_on", date(2026, 3, 10))
    kwargs.setdefault("method", Appointment.Method.MAJORITY)
    return services.appoint_representative(seat_, person=person, actor=kwargs.pop("actor", None), **kwargs)


def require_postgres():
    if connection.vendor != "postgresql":
        skip_or_fail("KKR_REQUIRE_POSTGRES", "kræver PostgreSQL (DATABASE_URL)")


def test_an_appointment_starting_before_an_existing_one_is_refused_naming_the_holder_on_the_clashing_day(
    nordjylland, erhvervshus, aalborg_politician
):
    target = political_seats(erhvervshus, nordjylland)[0]
    appoint(target, aalborg_politician, starts_on=date(2026, 6, 1))
    with pytest.raises(RuleViolation) as refused:
        appoint(target, politician("Carl Hjørring", "Hjørring"), starts_on=date(2026, 3, 10))
    assert "besat af Anna Aalborg den 1. juni 2026" in str(refused.value)
    assert Appointment.objects.count() == 1


def test_the_successor_may_start_the_day_after_the_last_day_not_on_it(nordjylland, erhvervshus, aalborg_politician):
    target = political_seats(erhvervshus, nordjylland)[0]
    first = appoint(target, aalborg_politician)
    services.end_appointment(first, on=date(2026, 9, 30), reason=Appointment.EndReason.RESIGNED, actor=None)
    successor = politician("Carl Hjørring", "Hjørring")
    with pytest.raises(RuleViolation, match="den 30. september 2026"):
        appoint(target, successor, starts_on=date(2026, 9, 30))
    assert appoint(target, successor, starts_on=date(2026, 10, 1)).ends_on == TERM_END


def test_a_chair_and_a_member_are_both_the_holder_and_a_substitute_is_counted_apart(nordjylland, rar):
    target = political_seats(rar, nordjylland)[0]
    june = date(2026, 6, 1)
    appoint(target, politician("Medlem Mia"), starts_on=june)
    appoint(target, politician("Stedfortræder Sif"), role=Appointment.Role.SUBSTITUTE, starts_on=june)
    with pytest.raises(RuleViolation, match="personlig stedfortræder Stedfortræder Sif den 1. juli 2026"):
        appoint(target, politician("Anden Stedfortræder"), role=Appointment.Role.SUBSTITUTE, starts_on=date(2026, 7, 1))


def test_the_database_refuses_a_second_holder_inserted_around_the_service(nordjylland, erhvervshus):
    require_postgres()
    target = political_seats(erhvervshus, nordjylland)[0]
    appoint(target, politician("Første Holder"), starts_on=date(2026, 6, 1))
    with pytest.raises(IntegrityError, match="appointment_one_holder_per_seat_a_day"), transaction.atomic():
        Appointment.objects.create(
            seat=target, person=politician("Anden Holder"), method="majority", starts_on=date(2026, 3, 1), ends_on=None
        )
    assert Appointment.objects.count() == 1


def test_the_database_lets_a_holder_and_a_substitute_share_the_days(nordjylland, rar):
    require_postgres()
    target = political_seats(rar, nordjylland)[0]
    days = {"starts_on": date(2026, 6, 1), "ends_on": date(2030, 5, 31), "method": "majority", "seat": target}
    Appointment.objects.create(person=politician("Medlem Mia"), role="member", **days)
    Appointment.objects.create(person=politician("Stedfortræder Sif"), role="substitute", **days)
    with pytest.raises(IntegrityError, match="appointment_one_substitute_per_seat_a_day"), transaction.atomic():
        Appointment.objects.create(person=politician("Anden Sif"), role="substitute", **{**days, "ends_on": None})


def overlapping_rows_around_the_service(nordjylland, erhvervshus):
    """Two holders of one seat, written around the service (only SQLite lets this through)."""
    target = political_seats(erhvervshus, nordjylland)[0]
    first = appoint(target, politician("Første Holder"), starts_on=date(2026, 6, 1))
    second = Appointment.objects.create(
        seat=target, person=politician("Anden Holder"), method="majority", starts_on=date(2026, 3, 1), ends_on=TERM_END
    )
    return first, second


def test_the_overlap_listing_names_both_holders_and_the_first_shared_day(nordjylland, erhvervshus, capsys):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL refuses the overlapping rows themselves (the tests above)")
    first, second = overlapping_rows_around_the_service(nordjylland, erhvervshus)
    assert [(a.pk, b.pk) for a, b in queries.seat_overlaps()] == [(second.pk, first.pk)]
    with pytest.raises(CommandError, match="1 overlap"):
        call_command("seat_overlaps")
    out = capsys.readouterr().out
    assert "Anden Holder" in out and "Første Holder" in out and "1. juni 2026" in out


def test_the_migration_stops_with_a_danish_list_of_existing_overlaps(nordjylland, erhvervshus):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL refuses the overlapping rows themselves (the tests above)")
    overlapping_rows_around_the_service(nordjylland, erhvervshus)
    migration = importlib.import_module("appointments.migrations.0003_one_holder_per_seat_a_day")
    with pytest.raises(CommandError, match="to indehavere af samme plads") as stopped:
        migration.refuse_existing_overlaps(django_apps, None)
    assert "Anden Holder" in str(stopped.value) and "Første Holder" in str(stopped.value)


def test_no_overlaps_no_listing(nordjylland, erhvervshus, aalborg_politician, capsys):
    appoint(political_seats(erhvervshus, nordjylland)[0], aalborg_politician)
    call_command("seat_overlaps")
    assert "Ingen pladser" in capsys.readouterr().out
    importlib.import_module("appointments.migrations.0003_one_holder_per_seat_a_day").refuse_existing_overlaps(
        django_apps, None
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("body", "role", "starts_on", "taken"),
    [
        ("erhvervshus-nordjylland", Appointment.Role.MEMBER, date(2026, 3, 10), "besat af"),
        ("rar-nordjylland", Appointment.Role.SUBSTITUTE, date(2026, 6, 1), "personlig stedfortræder"),
    ],
    ids=["holder", "substitute"],
)
def test_two_staff_appointing_to_one_seat_at_once_one_succeeds_the_other_gets_the_danish_message(
    reference_data, bodies, body, role, starts_on, taken
):
    require_postgres()
    from members.models import Council

    nordjylland = Council.objects.get(slug="nordjylland")
    target = political_seats(bodies.get(key=body), nordjylland)[0]
    staff = make_staff(nordjylland, "sekretariat-samtidig")
    people = [politician("Samtidig Et"), politician("Samtidig To", "Hjørring")]
    given = {"role": role, "starts_on": starts_on, "actor": staff}
    results = at_once([lambda p=p: appoint(Seat.objects.get(pk=target.pk), p, **given) for p in people])
    made = [r for r in results if isinstance(r, Appointment)]
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(made) == 1 and len(refused) == 1, results
    assert f"{taken} {made[0].person}" in str(refused[0])
    assert Appointment.objects.filter(role=role).count() == Appointment.objects.count() == 1
