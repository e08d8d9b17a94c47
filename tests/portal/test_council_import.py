"""a new council for a new period from one CSV — full preview, all-or-nothing apply (B1 1.0, 1.2)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import Membership, Person, SubstituteAssignment
from members.services.council_import import apply_council, parse_council
from tests.builders import entitle
from tests.portal.council_csv import council_csv

pytestmark = pytest.mark.django_db
ON = date(2026, 1, 20)


@pytest.fixture
def entitled(nordjylland, period):
    entitle(nordjylland, period, "A", seats=2)
    entitle(nordjylland, period, "V", seats=11, mayors=11)


def counts():
    return Person.objects.count(), Membership.objects.count(), SubstituteAssignment.objects.count()


def test_b1_1_0_a_council_is_set_up_from_one_csv(nordjylland, entitled, staff_user):
    parsed = parse_council(council_csv(), nordjylland, starts_on=ON)
    assert parsed.is_valid, [row.problems for row in parsed.rows] + parsed.problems
    summary = apply_council(parsed, actor=staff_user)
    assert (summary.members, summary.substitutes, summary.new_people) == (13, 3, 16)
    assert Membership.objects.current(ON).filter(council=nordjylland, kind="mayor").count() == 11
    anna = Membership.objects.get(person__name="Anna Andersen")
    assert anna.substitutes.get().person.name == "Carla Carlsen"
    assert Membership.objects.get(person__name="Borgmester Aalborg").substitutes.get().person.name == "Dan Dahl"


def test_b1_1_2_the_preview_reports_every_problem_and_nothing_is_stored(nordjylland, entitled):
    text = council_csv(
        drop_mayor="Læsø",
        extra=[
            "0851;Jens Jensen;A;medlem;;",
            "0851;Frida Fri;V;stedfortræder;Jens Jensen;",
            "0851;Karl Karlsen;A;stedfortræder;Anna Andersen;",
            "9999;Gorm Gæst;A;medlem;;",
            "0851;Hans Hansen;Q;kasserer;;ikke-mail",
            "0851;Ida Ikke;A;stedfortræder;Ukendt Person;",
        ],
    )
    before = counts()
    parsed = parse_council(text, nordjylland, starts_on=ON)
    assert not parsed.is_valid
    problems = " ".join(parsed.problems + [p for row in parsed.rows for p in row.problems])
    for expected in (
        "Borgmesteren for Læsø mangler",
        "samme parti",
        "hører ikke til rådets kommuner",
        "Partibogstavet «Q»",
        "Rollen «kasserer»",
        "ikke gyldig",
        "«Ukendt Person» er ikke medlem i filen",
    ):
        assert expected in problems
    assert counts() == before


def test_all_or_nothing_a_refusal_by_the_services_rolls_everything_back(nordjylland, period, staff_user):
    entitle(nordjylland, period, "A", seats=1)  # the file seats two A members: B1 1.1 refuses the second
    parsed = parse_council(council_csv(), nordjylland, starts_on=ON)
    before = counts()
    with pytest.raises(Exception, match="pladser er allerede besat"):
        apply_council(parsed, actor=staff_user)
    assert counts() == before


def test_a_council_that_already_has_members_is_refused(nordjylland, entitled, staff_user):
    apply_council(parse_council(council_csv(), nordjylland, starts_on=ON), actor=staff_user)
    again = parse_council(council_csv(), nordjylland, starts_on=ON)
    assert any("har allerede medlemmer" in p for p in again.problems)


def test_the_pages_preview_then_apply(client, nordjylland, entitled, staff_user):
    client.force_login(staff_user)
    url = reverse("members:council-import", args=["nordjylland"])
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("raad.csv", council_csv().encode("utf-8-sig"), content_type="text/csv")
    preview = client.post(url, {"file": upload, "starts_on": "2026-01-20"})
    assert preview.status_code == 200 and "Ingen fejl: 13 medlemmer og 3 stedfortrædere" in preview.text
    assert Membership.objects.count() == 0
    done = client.post(url, {"content": council_csv(), "starts_on": "2026-01-20"})
    assert done.status_code == 302 and done.url.endswith("?dato=2026-01-20")
    assert Membership.objects.count() == 13


def test_a_refusal_on_apply_is_shown_and_nothing_stored(client, nordjylland, period, staff_user):
    entitle(nordjylland, period, "A", seats=1)
    client.force_login(staff_user)
    response = client.post(
        reverse("members:council-import", args=["nordjylland"]), {"content": council_csv(), "starts_on": "2026-01-20"}
    )
    assert response.status_code == 400 and "Intet er indlæst" in response.text and "B1 1.1" in response.text
    assert Membership.objects.count() == 0


def test_members_may_not_set_up_a_council(client, member_user):
    client.force_login(member_user)
    assert client.get(reverse("members:council-import", args=["nordjylland"])).status_code == 403
