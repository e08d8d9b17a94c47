"""In a real browser: staff add a body for their council with a fixed term and personal substitutes, then a
political chair seat and a seat nominated by an organisation, and see them on the body page; on Danmarks
Erhvervsfremmebestyrelse, which all five KKR share, they find no way to change or abolish it."""

import pytest

from appointments.models import Body, Seat
from tests.e2e.conftest import _reference_data, log_in, page  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_add_a_body_and_its_seats_and_can_not_change_a_shared_one(
    page,  # noqa: F811
    live_server,
    staff_user,
    bodies,
):
    log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/organer/")
    page.get_by_role("link", name="Nyt organ").click()
    page.get_by_label("Navn").fill("Vækstforum Nordjylland")
    page.get_by_label("Hjemmel").fill("Aftale mellem KKR og Region Nordjylland")
    page.get_by_label("Funktionsperiode").select_option(label="Fire år fra en fast dato året efter kommunalvalget")
    page.get_by_label("Fast periodestart: måned (1-12)").fill("6")
    page.get_by_label("Fast periodestart: dag").fill("1")
    page.get_by_label("Personlige stedfortrædere").check()
    page.get_by_role("button", name="Opret organet").click()
    page.get_by_text("Vækstforum Nordjylland er oprettet").wait_for()

    page.get_by_role("link", name="Tilføj en plads").click()
    page.get_by_label("Plads", exact=True).fill("Formand")
    page.get_by_label("Organets formand").check()
    page.get_by_role("button", name="Opret pladsen").click()
    page.get_by_text("Pladsen Formand er oprettet").wait_for()
    page.get_by_role("link", name="Tilføj en plads").click()
    page.get_by_label("Plads", exact=True).fill("Erhvervsrepræsentant")
    page.get_by_label("Politisk plads (FO 3.8)").uncheck()
    page.get_by_label("Indstilles af").fill("Dansk Erhverv")
    page.get_by_role("button", name="Opret pladsen").click()
    page.get_by_text("Pladsen Erhvervsrepræsentant er oprettet").wait_for()
    assert (
        page.locator("section[aria-label='Erhvervsrepræsentant']")
        .get_by_text("Indstillet af Dansk Erhverv")
        .is_visible()
    )
    body = Body.objects.get(name="Vækstforum Nordjylland")
    assert (body.term_start_month, body.term_start_day, body.has_personal_substitutes) == (6, 1, True)
    assert list(Seat.objects.filter(body=body).values_list("label", "is_chair", "is_political")) == [
        ("Formand", True, True),
        ("Erhvervsrepræsentant", False, False),
    ]

    deb = Body.objects.get(key="danmarks-erhvervsfremmebestyrelse")
    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/organer/{deb.pk}/")
    page.get_by_text("kun KL kan ændre eller nedlægge det").wait_for()
    assert page.get_by_role("link", name="Ret organet").count() == 0
    assert page.get_by_role("button", name="Registrér som nedlagt").count() == 0
