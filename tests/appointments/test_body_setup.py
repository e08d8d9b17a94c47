"""Staff add their council's bodies and seats (SPEC §4, FO 2.2): name, legal basis, kind, term rule, personal
substitutes; seats political or not, nominated by whom, chair. A shared or national body only by a KL admin.
Everything is kept in the history."""

from datetime import date

import pytest
from django.urls import reverse

from appointments import queries, services
from appointments.models import Body, Seat
from kkr.errors import RuleViolation
from tests.builders import politician

pytestmark = pytest.mark.django_db


@pytest.fixture
def vaekstforum(nordjylland, staff_user):
    return services.create_body(
        nordjylland,
        name="Vækstforum Nordjylland",
        legal_basis="Aftale mellem KKR og regionen",
        kind=Body.Kind.APPOINTS,
        term=Body.Term.FIXED_START,
        term_start_month=6,
        term_start_day=1,
        has_personal_substitutes=True,
        actor=staff_user,
    )


def test_staff_create_a_body_for_their_council_with_its_term_rule_in_history(
    vaekstforum, nordjylland, period, staff_user
):
    assert list(vaekstforum.councils.all()) == [nordjylland]
    assert vaekstforum.term_for(period) == (date(2026, 6, 1), date(2030, 5, 31))
    assert not vaekstforum.is_shared()
    created = vaekstforum.history.get()
    assert (created.history_user, created.history_change_reason) == (staff_user, "Organ oprettet af KKR Nordjylland")


def test_a_fixed_term_needs_a_real_start_day(nordjylland):
    with pytest.raises(RuleViolation, match="gyldig dag og måned"):
        services.create_body(
            nordjylland, name="Forum", term=Body.Term.FIXED_START, term_start_month=2, term_start_day=30, actor=None
        )
    assert not Body.objects.filter(name="Forum").exists()


def test_the_same_name_twice_in_one_council_is_refused(vaekstforum, nordjylland):
    with pytest.raises(RuleViolation, match="allerede et organ"):
        services.create_body(nordjylland, name="vækstforum nordjylland", actor=None)


def test_seats_get_the_next_order_a_chair_is_political_and_one(vaekstforum, nordjylland, period, staff_user):
    chair = services.add_seat(
        vaekstforum, nordjylland, period=period, label="Formand", is_political=True, is_chair=True, actor=staff_user
    )
    other = services.add_seat(
        vaekstforum, nordjylland, period=period, label="Erhvervsrepræsentant", is_political=False,
        nominated_by="Dansk Erhverv", actor=staff_user,
    )  # fmt: skip
    assert (chair.order, other.order, other.nominated_by) == (1, 2, "Dansk Erhverv")
    with pytest.raises(RuleViolation, match="politisk plads"):
        services.add_seat(
            vaekstforum, nordjylland, period=period, label="X", is_political=False, is_chair=True, actor=None
        )
    with pytest.raises(RuleViolation, match="allerede en formandsplads"):
        services.add_seat(
            vaekstforum, nordjylland, period=period, label="Y", is_political=True, is_chair=True, actor=None
        )
    assert other.history.get().history_user == staff_user
    lines = queries.register_lines(nordjylland, period, today=date(2026, 7, 1), body=vaekstforum)
    assert [line.seat.label for line in lines] == ["Formand", "Erhvervsrepræsentant"]


def test_a_created_seat_takes_an_appointment(vaekstforum, nordjylland, period):
    seat = services.add_seat(vaekstforum, nordjylland, period=period, label="Medlem", is_political=True, actor=None)
    appointed = services.appoint_representative(
        seat, person=politician("Anna Aalborg", letter="A"), starts_on=date(2026, 6, 1), method="majority", actor=None
    )
    assert appointed.ends_on == date(2030, 5, 31)


def test_the_body_form_keeps_what_was_typed_on_a_refusal(client, staff_user, nordjylland):
    client.force_login(staff_user)
    url = reverse("appointments:body-create", args=[nordjylland.slug])
    data = {
        "name": "Vækstforum",
        "legal_basis": "Aftale",
        "kind": "appoints",
        "term": "fixed_start",
        "term_start_month": 2,
    }
    refused = client.post(url, {**data, "term_start_day": 30})
    assert refused.status_code == 400 and "gyldig dag og måned" in refused.text and "Aftale" in refused.text
    assert client.post(url, {**data, "term_start_day": 1}).status_code == 302
    body = Body.objects.get(name="Vækstforum")
    update = reverse("appointments:body-update", args=[nordjylland.slug, body.pk])
    assert client.post(update, {**data, "term": "municipal_period", "legal_basis": "Ny aftale"}).status_code == 302
    body.refresh_from_db()
    assert (body.legal_basis, body.term_start_month) == ("Ny aftale", None)
    assert [h.history_change_reason for h in body.history.order_by("history_date")] == [
        "Organ oprettet af KKR Nordjylland",
        "Organet rettet",
    ]


def test_the_seat_form_adds_a_seat(client, staff_user, nordjylland, vaekstforum, period):
    client.force_login(staff_user)
    url = reverse("appointments:seat-create", args=[nordjylland.slug, vaekstforum.pk])
    assert client.get(url).status_code == 200
    data = {"label": "Fagbevægelsen", "period": period.pk, "nominated_by": "FH Nordjylland"}
    assert client.post(url, data).status_code == 302
    seat = Seat.objects.get(body=vaekstforum)
    assert (seat.is_political, seat.nominated_by, seat.council) == (False, "FH Nordjylland", nordjylland)


@pytest.mark.parametrize("name", ["body-update", "seat-create", "body-abolish"])
def test_a_member_councils_staff_can_not_change_a_shared_body(client, staff_user, nordjylland, bodies, name):
    deb = Body.objects.get(key="danmarks-erhvervsfremmebestyrelse")
    client.force_login(staff_user)
    url = reverse(f"appointments:{name}", args=[nordjylland.slug, deb.pk])
    assert client.post(url, {"name": "Hacket", "label": "Ekstra", "on": "2026-06-30"}).status_code == 403
    deb.refresh_from_db()
    assert (deb.name, deb.ends_on, Seat.objects.filter(body=deb, label="Ekstra").exists()) == (
        "Danmarks Erhvervsfremmebestyrelse",
        None,
        False,
    )
    page = client.get(reverse("appointments:body-detail", args=[nordjylland.slug, deb.pk])).text
    assert "kun KL kan ændre eller nedlægge det" in page and "Registrér som nedlagt" not in page


def test_a_kl_admin_adds_a_seat_to_a_shared_body(client, admin_user_kl, nordjylland, bodies, period):
    deb = Body.objects.get(key="danmarks-erhvervsfremmebestyrelse")
    client.force_login(admin_user_kl)
    url = reverse("appointments:seat-create", args=[nordjylland.slug, deb.pk])
    assert client.post(url, {"label": "Suppleant", "period": period.pk, "is_political": "on"}).status_code == 302


def test_another_councils_staff_can_not_see_or_change_our_body(client, other_staff_user, hovedstaden, vaekstforum):
    client.force_login(other_staff_user)
    url = reverse("appointments:body-update", args=[hovedstaden.slug, vaekstforum.pk])
    assert client.post(url, {"name": "Hacket"}).status_code == 404
