"""FO 3.8 for a personal substitute: on a political seat he sits while he holds a municipal office in the region,
as the holder does (the same set of eligible appointees, judged on the same day, ``fo38_day``). The day his
office ends he still sits; from the next day his place is vacant with the § 28 follow-up on every output that
lists substitutes: the register page, its CSV and PDF rows, the body page, the public list and the API. A seat
that is not political takes anyone, so its substitute stays."""

from datetime import date

import pytest
from django.urls import reverse

from appointments import documents, queries, services
from appointments.models import Appointment, Seat
from members.models import EndReason, MunicipalOffice
from members.services import end_office
from tests.builders import politician

from .conftest import political_seats

pytestmark = pytest.mark.django_db
LAST_DAY, NEXT_DAY = date(2026, 8, 31), date(2026, 9, 1)
DEPUTY = "Stig Stedfortræder"


def leave_the_council(person, staff_user):
    end_office(MunicipalOffice.objects.get(person=person), on=LAST_DAY, reason=EndReason.LEFT_MUNICIPAL_COUNCIL,
               actor=staff_user)  # fmt: skip


def fill(seat, *, method="majority", group="", member=None, deputy=None):
    """The seat's member and personal substitute from 1 June 2026 (a RAR's term)."""
    member = member or politician("Mette Medlem", letter="A")
    deputy = deputy or politician(DEPUTY, "Hjørring", letter="A")
    common = {"starts_on": date(2026, 6, 1), "method": method, "group": group, "actor": None}
    services.appoint_representative(seat, person=member, **common)
    services.appoint_representative(seat, person=deputy, role=Appointment.Role.SUBSTITUTE, **common)
    return member, deputy


def line_of(council, period, seat, day, **options):
    return next(line for line in queries.register_lines(council, period, today=day, **options) if line.seat == seat)


@pytest.fixture
def rar_seat(nordjylland, rar):
    return political_seats(rar, nordjylland)[0]


@pytest.mark.parametrize(("day", "sits"), [(LAST_DAY, True), (NEXT_DAY, False)], ids=["last-day", "day-after"])
def test_fo_3_8_a_substitute_who_left_the_council_sits_through_his_last_day_on_every_output(
    client, staff_user, nordjylland, period, rar, rar_seat, day, sits, monkeypatch
):
    _member, deputy = fill(rar_seat)
    leave_the_council(deputy, staff_user)
    shown = line_of(nordjylland, period, rar_seat, day, related=queries.SHOWN_RELATED)
    orm = line_of(nordjylland, period, rar_seat, day)
    for line in (shown, orm):
        assert (line.substitute is not None, line.substitute_follow_up) == (
            (True, "") if sits else (False, queries.FOLLOW_UP_SUBSTITUTE_MAJORITY)
        )
        assert line.holder.person.name == "Mette Medlem" and not line.is_vacant

    client.force_login(staff_user)
    dato = {"dato": day.isoformat()}
    args = [nordjylland.slug, period.name]
    page = client.get(reverse("appointments:register-detail", args=args), dato).text
    csv = client.get(reverse("appointments:register-csv", args=args), dato).content.decode("utf-8-sig")
    pdf_row = documents.register_row(orm)
    public = client.get(reverse("appointments:public-list", args=[nordjylland.slug]), dato).text
    api = str(client.get("/api/v1/udpegninger/", {"raad": nordjylland.slug, "antal": 100, **dato}).json())
    for output in (page, csv, " ".join(pdf_row), public, api):
        assert "Mette Medlem" in output
        assert (DEPUTY in output) == sits, output
    follow_up = queries.FOLLOW_UP_SUBSTITUTE_MAJORITY
    assert (follow_up in page, follow_up in pdf_row) == (not sits, not sits)

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)  # the body page's today
    body_page = client.get(reverse("appointments:body-detail", args=[nordjylland.slug, rar.pk])).text
    assert (f"Stedfortræder: {DEPUTY}" in body_page, follow_up in body_page) == (sits, not sits)
    assert DEPUTY in body_page  # in the seat's history either way, where staff end the appointment


def test_s_28_a_substitute_the_group_elected_is_replaced_by_the_same_group(nordjylland, period, rar_seat, staff_user):
    member, deputy = fill(rar_seat, method="proportional", group="A+F")
    leave_the_council(deputy, staff_user)
    line = line_of(nordjylland, period, rar_seat, NEXT_DAY, related=queries.SHOWN_RELATED)
    assert line.substitute_follow_up == f"{queries.FOLLOW_UP_SUBSTITUTE_SAME_GROUP}: A+F"
    assert line.holder.person == member and line.follow_up == ""


def test_fo_3_8_when_member_and_substitute_both_left_the_council_both_places_need_filling(
    nordjylland, period, rar_seat, staff_user
):
    member, deputy = fill(rar_seat)
    leave_the_council(member, staff_user)
    leave_the_council(deputy, staff_user)
    line = line_of(nordjylland, period, rar_seat, NEXT_DAY, related=queries.SHOWN_RELATED)
    assert (line.follow_up, line.substitute_follow_up) == (
        queries.FOLLOW_UP_MAJORITY,
        queries.FOLLOW_UP_SUBSTITUTE_MAJORITY,
    )
    assert line.is_vacant and line.substitute is None
    row = documents.register_row(line)
    assert queries.FOLLOW_UP_MAJORITY in row[-1] and queries.FOLLOW_UP_SUBSTITUTE_MAJORITY in row[-1]


def test_fo_3_8_the_substitute_on_a_seat_that_is_not_political_stays_after_leaving_the_council(
    nordjylland, period, rar, staff_user
):
    business = Seat.objects.create(
        body=rar, council=nordjylland, period=period, label="Erhvervsplads", order=9, is_political=False,
        nominated_by="Dansk Arbejdsgiverforening",
    )  # fmt: skip
    _member, deputy = fill(business, member=politician("Bente Erhverv", "Thisted"))
    leave_the_council(deputy, staff_user)
    for related in (queries.SHOWN_RELATED, queries.APPOINTMENT_RELATED):
        line = line_of(nordjylland, period, business, NEXT_DAY, related=related)
        assert line.substitute.person == deputy and line.substitute_follow_up == "" and line.follow_up == ""
