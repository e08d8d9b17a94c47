"""In a real browser: a member finds last year's minutes through the archive and through
search; the public search finds no closed item; staff set up a council from a CSV; a KL admin grants staff
rights and the grant shows in the history."""

import pytest

from members.models import Membership, StaffGrant
from tests.builders import entitle
from tests.e2e.a11y import assert_accessible, assert_fits
from tests.e2e.conftest import log_in
from tests.portal.council_csv import council_csv
from tests.portal.finding import at, held_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OPEN = ("Fælles praktikpladsindsats", "Kommunerne samarbejder om praktikpladser.", "Godkendt som indstillet.", False)
CLOSED = ("Indstilling til Erhvervshusets bestyrelse", "Kandidater og praktikpladser.", "Tiltrådt.", True)


@pytest.fixture
def last_year(nordjylland):
    return held_meeting(nordjylland, at(2025, 9, 12, 10), [OPEN, CLOSED])


def test_a_member_finds_last_years_minutes_through_the_archive_and_search(page, live_server, member_user, last_year):
    log_in(page, live_server, member_user.username)
    page.wait_for_url("**/kkr/nordjylland/medlem/")
    page.get_by_role("link", name="Arkiv: tidligere møder med referater").click()
    page.wait_for_url("**/kkr/nordjylland/arkiv/")
    meeting = page.locator(".archive-meeting").first
    assert "12. september 2025" in meeting.inner_text()
    assert "Indstilling til Erhvervshusets bestyrelse" in meeting.inner_text()  # closed items for members
    assert meeting.get_by_role("link", name="Referat (PDF, v1)").is_visible()

    page.get_by_role("link", name="Søg", exact=True).first.click()
    page.get_by_label("Søg i møder").fill("Erhvervshusets")
    page.get_by_label("Søg i møder").press("Enter")
    page.wait_for_url("**/soeg/?q=Erhvervshusets")
    hit = page.locator(".search-results li").first
    assert "Indstilling til Erhvervshusets bestyrelse" in hit.inner_text() and "Lukket punkt" in hit.inner_text()
    assert page.locator(".search-results mark").count() >= 1
    assert_accessible(page)

    page.get_by_label("Søg i møder").fill("september 2025")  # the meeting by its date
    page.get_by_label("Søg i møder").press("Enter")
    page.get_by_role("link", name="Ordinært møde fredag den 12. september 2025 kl. 10.00 · Aalborg Rådhus").click()
    page.wait_for_url(f"**/kkr/nordjylland/medlem/moeder/{last_year.pk}/")


def test_the_public_search_finds_no_closed_item(page, live_server, last_year):
    page.goto(f"{live_server.url}/soeg/")
    page.get_by_label("Søg i møder").fill("praktikpladser")
    page.get_by_role("button", name="Søg").click()
    page.wait_for_url("**/soeg/?q=praktikpladser")
    results = page.locator(".search-results").inner_text()
    assert "Fælles praktikpladsindsats" in results
    assert "Erhvervshuset" not in page.content()
    page.goto(f"{live_server.url}/kkr/nordjylland/arkiv/")
    assert "Erhvervshuset" not in page.content() and "Fælles praktikpladsindsats" in page.content()


def test_staff_set_up_a_council_from_a_csv(page, live_server, staff_user, nordjylland, period):
    entitle(nordjylland, period, "A", seats=2)
    entitle(nordjylland, period, "V", seats=11, mayors=11)
    log_in(page, live_server, staff_user.username)
    page.wait_for_url("**/kkr/nordjylland/sekretariat/")
    page.get_by_role("link", name="Nyt råd fra CSV").click()
    page.get_by_label("CSV-fil med rådets medlemmer og stedfortrædere").set_input_files(
        {"name": "raad.csv", "mimeType": "text/csv", "buffer": council_csv().encode("utf-8")}
    )
    page.get_by_label("Rådet gælder fra").fill("2026-01-20")
    page.get_by_role("button", name="Vis gennemsyn").click()
    assert page.get_by_text("Ingen fejl: 13 medlemmer og 3 stedfortrædere er klar.").is_visible()
    assert_fits(page, 390)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Opret rådet (16 rækker)").click()
    page.wait_for_url("**/kkr/nordjylland/medlemmer/?dato=2026-01-20")
    assert page.get_by_text("Rådet er oprettet: 13 medlemmer og 3 stedfortrædere").is_visible()
    assert Membership.objects.filter(council=nordjylland).count() == 13


def test_an_admin_grants_staff_rights_and_the_grant_shows_in_the_history(
    page, live_server, admin_user_kl, plain_user, nordjylland
):
    log_in(page, live_server, admin_user_kl.username)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Sekretariatsrettigheder").click()
    page.get_by_label("Bruger", exact=True).select_option(label=f"{plain_user.username} ({plain_user.username})")
    page.locator("#id_council").first.select_option(label="KKR Nordjylland")
    page.get_by_role("button", name="Giv ret").click()
    assert page.get_by_text("borger er nu sekretariat for KKR Nordjylland.").is_visible()
    history = page.get_by_role("table").last
    row = history.get_by_role("row").filter(has_text="borger")
    assert "KKR Nordjylland" in row.inner_text() and "af kl-admin" in row.inner_text()
    assert StaffGrant.objects.get().granted_by == admin_user_kl
    assert_accessible(page)
