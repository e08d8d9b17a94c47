"""Reference data 2026-2030 (migration ``0010_reference_bodies_2026_2030``, SPEC §4, FO 2.2): eight RAR,
Bornholm's observer on the erhvervshus board, the Sundhedssamarbejdsudvalg until 31.12.2026, the knowledge-
institution seat appointed without a nomination, and Danmarks Erhvervsfremmebestyrelse's two terms in a row
(erhvervsfremmeloven § 10 stk. 3). Every fact is marked with its source or as a guess."""

import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps

from appointments import queries, services
from appointments.models import Appointment, Body, Seat
from kkr.errors import RuleViolation
from members.models import ElectionPeriod, MunicipalOffice
from tests.builders import politician

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("appointments.migrations.0010_reference_bodies_2026_2030")
REFERENCE_KEYS = ("erhvervshus-", "rar-", "danmarks-erhvervsfremmebestyrelse", "sundhedssamarbejdsudvalg-")


def councils_of(key):
    return sorted(Body.objects.get(key=key).councils.values_list("slug", flat=True))


def test_fo_2_2_eight_rar_with_the_kkr_that_nominates_to_each(bodies, period):
    rar = {body.key: [c.slug for c in body.councils.all()] for body in Body.objects.filter(key__startswith="rar-")}
    assert rar == {
        "rar-nordjylland": ["nordjylland"],
        "rar-oestjylland": ["midtjylland"],
        "rar-vestjylland": ["midtjylland"],
        "rar-sydjylland": ["syddanmark"],
        "rar-fyn": ["syddanmark"],
        "rar-hovedstaden": ["hovedstaden"],
        "rar-bornholm": ["hovedstaden"],
        "rar-sjaelland": ["sjaelland"],
    }
    for body in Body.objects.filter(key__startswith="rar-"):
        assert body.kind == Body.Kind.NOMINATES and body.has_personal_substitutes
        assert body.term_for(period) == (date(2026, 6, 1), date(2030, 5, 31))
        assert Seat.objects.filter(body=body, period=period, is_political=True).count() == 5
    assert Body.objects.get(key="rar-bornholm").seats.first().is_guessed  # its composition is not in the sources
    assert not Body.objects.get(key="rar-fyn").seats.first().is_guessed


def test_every_reference_body_and_seat_names_its_source_or_says_it_is_a_guess(bodies):
    reference = [body for body in Body.objects.all() if body.key.startswith(REFERENCE_KEYS)]
    assert len(reference) == 6 + 1 + 8 + 5
    for body in reference:
        assert body.source and ("§" in body.source or body.is_guessed), body.key
        for seat in body.seats.all():
            assert seat.source and ("§" in seat.source or seat.is_guessed), (body.key, seat.label)
    guessed = {seat.body.key for seat in Seat.objects.select_related("body") if seat.is_guessed}
    assert "danmarks-erhvervsfremmebestyrelse" in guessed  # one of the five per KKR
    assert "sundhedssamarbejdsudvalg-nordjylland" in guessed  # the number of sundhedsklynger


def test_bornholm_is_an_observer_on_erhvervshus_hovedstadens_board(bodies, hovedstaden, period):
    """Erhvervsfremmeloven § 13 stk. 5: an observer for the particular Bornholm circumstances in the board, not
    a board of its own."""
    observer = Seat.objects.get(body__key="erhvervshus-hovedstaden", council=hovedstaden, period=period, order=11)
    assert observer.label == "Observatør for de særlige bornholmske forhold" and not observer.is_political
    assert "§ 13 stk. 5" in observer.source and observer.is_guessed  # who appoints the observer is a guess
    assert not Body.objects.filter(name__icontains="erhvervshus bornholm").exists()


def test_the_knowledge_institution_seat_of_an_erhvervshus_is_appointed_by_the_kkr_without_nomination(
    erhvervshus, nordjylland, period
):
    """Erhvervsfremmeloven § 13 stk. 2 nr. 4: "udpeges af kommunekontaktrådene blandt repræsentanter fra en
    videninstitution" — no organisation nominates, so the empty seat asks the KKR, not for a nomination."""
    seat = Seat.objects.get(body=erhvervshus, council=nordjylland, period=period, order=9)
    assert seat.nominated_by == "" and "§ 13 stk. 2 nr. 4" in seat.source
    assert seat.kind_label == "Udpeges af KKR uden indstilling"
    line = next(line for line in queries.body_lines(erhvervshus, today=date(2026, 6, 1)) if line.seat == seat)
    assert line.follow_up == queries.FOLLOW_UP_DIRECT
    business = Seat.objects.get(body=erhvervshus, council=nordjylland, period=period, order=5)
    line = next(line for line in queries.body_lines(erhvervshus, today=date(2026, 6, 1)) if line.seat == business)
    assert line.follow_up == "Ny indstilling fra erhvervsorganisationerne"


@pytest.fixture
def health(bodies, nordjylland):
    return Body.objects.get(key="sundhedssamarbejdsudvalg-nordjylland")


def test_the_sundhedssamarbejdsudvalg_ends_by_law_on_31_12_2026_and_leaves_no_vacancy(health, nordjylland, period):
    mayor = politician("Borgmester Aalborg", kind=MunicipalOffice.Kind.MAYOR)
    seats = list(Seat.objects.filter(body=health, council=nordjylland, period=period).order_by("order"))
    assert len(seats) == 4 and all(seat.is_political for seat in seats)
    appointment = services.appoint_representative(
        seats[0], person=mayor, starts_on=date(2026, 2, 1), method="majority", actor=None
    )
    assert appointment.ends_on == date(2026, 12, 31)  # the term is cut at the body's end

    def lines(on):
        return [line for line in queries.register_lines(nordjylland, period, today=on) if line.seat.body == health]

    last_day, after = lines(date(2026, 12, 31)), lines(date(2027, 1, 1))
    assert last_day[0].holder == appointment and not last_day[0].is_vacant
    assert last_day[1].is_vacant  # an empty seat while the body lasts
    assert all(line.follow_up == queries.FOLLOW_UP_ABOLISHED and not line.is_vacant for line in after)
    register = queries.register_lines(nordjylland, period, today=date(2027, 1, 1))
    assert queries.vacancy_summary(nordjylland, period, today=date(2027, 1, 1)).vacant == sum(
        line.is_vacant for line in register if line.seat.body != health
    )
    with pytest.raises(RuleViolation, match="nedlagt"):
        services.appoint_representative(
            seats[1], person=mayor, starts_on=date(2027, 1, 1), method="majority", actor=None
        )


def test_the_sundhedssamarbejdsudvalg_is_not_on_the_public_list_from_1_1_2027(client, health, nordjylland, period):
    mayor = politician("Borgmester Aalborg", kind=MunicipalOffice.Kind.MAYOR)
    seat = Seat.objects.filter(body=health, council=nordjylland).order_by("order").first()
    services.appoint_representative(seat, person=mayor, starts_on=date(2026, 2, 1), method="majority", actor=None)
    assert [a.person for a in queries.public_appointees(nordjylland, today=date(2026, 12, 31))] == [mayor]
    assert queries.public_appointees(nordjylland, today=date(2027, 1, 1)) == []


@pytest.fixture
def deb(bodies):
    return Body.objects.get(key="danmarks-erhvervsfremmebestyrelse")


def held_deb_in(deb, council, person, *names):
    """Earlier terms on DEB, entered as rows (the history before the register)."""
    for name in names:
        period = ElectionPeriod.objects.get(name=name)
        seat, _ = Seat.objects.get_or_create(
            body=deb, council=council, period=period, order=1, label="Kommunalt medlem"
        )
        Appointment.objects.create(
            seat=seat, person=person, method="majority", starts_on=period.starts_on, ends_on=period.ends_on,
            end_reason=Appointment.EndReason.TERM_ENDED,
        )  # fmt: skip


def deb_seat(deb, council, period):
    return Seat.objects.get(body=deb, council=council, period=period)


def test_section_10_3_deb_refuses_a_third_term_in_a_row(deb, nordjylland, period):
    """Erhvervsfremmeloven § 10 stk. 3: "for op til 4 år ad gangen med mulighed for genudpegelse én gang"."""
    assert deb.max_consecutive_terms == 2 and deb.term_limit_basis == "erhvervsfremmeloven § 10 stk. 3"
    veteran = politician("Vera Veteran", letter="A")
    held_deb_in(deb, nordjylland, veteran, "2018-2022", "2022-2026")
    with pytest.raises(RuleViolation) as refused:
        services.appoint_representative(
            deb_seat(deb, nordjylland, period), person=veteran, starts_on=date(2026, 2, 1), method="majority",
            actor=None,
        )  # fmt: skip
    assert str(refused.value) == (
        "Vera Veteran har allerede været udpeget til Danmarks Erhvervsfremmebestyrelse i 2018-2022 og 2022-2026; "
        "et medlem kan højst udpeges for 2 perioder i træk og kan derfor ikke udpeges igen for 2026-2030. "
        "(erhvervsfremmeloven § 10 stk. 3)"
    )
    assert not Appointment.objects.filter(person=veteran, seat__period=period).exists()


def test_section_10_3_deb_allows_one_reappointment_and_a_return_after_a_break(deb, nordjylland, period):
    once = politician("Ole Enkelt", letter="V")
    held_deb_in(deb, nordjylland, once, "2022-2026")
    seat = deb_seat(deb, nordjylland, period)
    services.appoint_representative(seat, person=once, starts_on=date(2026, 2, 1), method="majority", actor=None)
    back = politician("Birthe Pause", letter="V")
    held_deb_in(deb, nordjylland, back, "2014-2018", "2018-2022")  # not in 2022-2026: the row is broken
    assert queries.consecutive_terms(deb.pk, back.pk, period) == []


def test_section_10_3_a_nomination_for_a_third_term_is_refused_too(deb, nordjylland, period):
    veteran = politician("Vera Veteran", letter="A")
    held_deb_in(deb, nordjylland, veteran, "2018-2022", "2022-2026")
    with pytest.raises(RuleViolation, match="højst udpeges for 2 perioder i træk"):
        services.record_nomination(
            deb_seat(deb, nordjylland, period), person=veteran, nominated_by="KKR Nordjylland",
            nominated_on=date(2026, 2, 1), actor=None,
        )  # fmt: skip


def test_the_data_migration_is_idempotent_and_reversible(bodies):
    def state():
        return (
            sorted(Body.objects.values_list("key", "source", "max_consecutive_terms", "ends_on")),
            sorted(Seat.objects.values_list("body__key", "council__slug", "order", "label", "source")),
        )

    after = state()
    MIGRATION.update_bodies(django_apps)
    assert state() == after  # a second run changes nothing
    MIGRATION.undo(django_apps)
    keys = set(Body.objects.values_list("key", flat=True))
    assert {"rar-midtjylland", "rar-syddanmark"} <= keys and "rar-fyn" not in keys
    assert not any(k.startswith("sundhedssamarbejdsudvalg-") for k in keys)
    assert not Body.objects.exclude(source="").exists() and not Seat.objects.exclude(source="").exists()
    MIGRATION.update_bodies(django_apps)
    assert state() == after


def test_the_migration_keeps_a_region_wide_rar_that_has_appointments(bodies, midtjylland_period_seat):
    """Removing a wrong body must not lose an appointment: one that is used stays, with a note."""
    MIGRATION.undo(django_apps)
    seat = Seat.objects.filter(body__key="rar-midtjylland").order_by("order").first()
    Appointment.objects.create(seat=seat, person=midtjylland_period_seat, method="majority", starts_on=date(2026, 6, 1))
    MIGRATION.update_bodies(django_apps)
    kept = Body.objects.get(key="rar-midtjylland")
    assert "bør ikke findes" in kept.notes
    assert not Body.objects.filter(key="rar-syddanmark").exists()


@pytest.fixture
def midtjylland_period_seat(reference_data):
    return politician("Aarhus Politiker", "Aarhus", letter="A")
