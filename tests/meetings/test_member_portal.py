"""What a member and a reader see on the portal pages, the agenda's item 1 and the agenda PDF's contents."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import documents, services
from meetings.models import ItemProposal, Meeting
from tests.builders import at
from tests.meetings.pdftext import pdf_pages

pytestmark = pytest.mark.django_db


def portal(client, user, **query):
    client.force_login(user)
    return client.get(reverse("meetings:member-meeting-list", args=["nordjylland"]), query).content.decode()


def upcoming_section(page: str) -> str:
    return page.split('id="upcoming"', 1)[1].split("</section>", 1)[0]


def test_a_meeting_held_today_is_not_listed_under_kommende_moeder(client, nordjylland, period, member_user):
    held = Meeting.objects.create(
        council=nordjylland,
        period=period,
        starts_at=timezone.now() + timedelta(minutes=5),
        location="Holdt i dag",
        status=Meeting.Status.HELD,
    )
    Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10), location="Kommer")

    upcoming = upcoming_section(portal(client, member_user))

    assert "Kommer" in upcoming and "Holdt i dag" not in upcoming and held.location not in upcoming


def test_alle_moeder_lists_upcoming_and_earlier_meetings_newest_first_paginated(
    client, nordjylland, period, member_user
):
    for month in range(1, 13):  # twelve earlier meetings in 2026 … a planned one in 2027
        Meeting.objects.create(
            council=nordjylland, period=period, starts_at=at(2026, month, 3, 10), status=Meeting.Status.HELD
        )
    for day in range(1, 10):
        Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, day, 10))

    first, second = portal(client, member_user), portal(client, member_user, side=2)

    assert "Alle møder" in first and "9. marts 2027" in first and "3. december 2026" in first
    assert "3. januar 2026" not in first and "3. januar 2026" in second  # 21 meetings, 20 to a page
    assert "afholdt" in first and "kommende" in first and "Side 2 af 2" in second


def test_the_meeting_pages_link_to_alle_moeder_on_the_list(client, nordjylland, period, member_user):
    meeting = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10))
    client.force_login(member_user)
    page = client.get(reverse("meetings:member-meeting", args=["nordjylland", meeting.pk])).content.decode()
    assert '/kkr/nordjylland/medlem/moeder/#all-meetings">Alle møder' in page


def test_mine_forslag_says_when_the_proposal_was_received_not_only_the_meetings_date(
    client, nordjylland, period, member_user
):
    meeting = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10))
    ItemProposal.objects.create(
        meeting=meeting,
        proposer=member_user.person,
        title="Broer",
        text="T",
        received_at=at(2027, 1, 15, 9),
        is_in_time=True,
    )
    page = portal(client, member_user)
    assert "Broer – Modtaget" in page
    assert "indsendt 15. januar 2027 til mødet 2. marts 2027" in page


def test_the_archive_says_ordinaert_moede_once(client, nordjylland, period, staff_user):
    Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2026, 3, 3, 10), status="held")
    client.force_login(staff_user)
    page = client.get(reverse("portal:archive", args=["nordjylland"])).content.decode()
    assert "Ordinært møde 3. marts 2026" in page and "møde møde" not in page


def test_FO_3_4_item_1_names_the_meeting_whose_minutes_it_approves(nordjylland, period, staff_user):
    services.create_default_standing_items(nordjylland, actor=staff_user)
    Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2026, 12, 4, 10), status="held")
    Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 1, 5, 10), status="cancelled")
    meeting = services.plan_meeting(
        nordjylland, actor=staff_user, kind=Meeting.Kind.ORDINARY, starts_at=at(2027, 3, 2, 10), location="A"
    )
    assert meeting.items.get(position=1).title == "Godkendelse af referat fra mødet den 4. december 2026"


def test_the_agenda_pdfs_contents_give_each_items_page(meeting, staff_user, members):
    long_text = "<p>" + "Lang sagsfremstilling. " * 400 + "</p>"
    services.add_item(meeting, actor=staff_user, title="Trafikplan", case_presentation=long_text)
    services.add_item(meeting, actor=staff_user, title="Budget", case_presentation=long_text)
    services.add_item(meeting, actor=staff_user, title="Eventuelt")
    [members_version, _] = services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 1, 12))

    pages = pdf_pages(documents.render_pdf(members_version))

    on = {
        title: next(n for n, page in enumerate(pages, 1) if f". {title} (" in page) for title in ("Budget", "Eventuelt")
    }
    assert on["Eventuelt"] > on["Budget"] > 1
    contents = pages[1].split("Indhold", 1)[1]  # page 2, after the front page
    assert "Budget" in contents and contents.split("Budget", 1)[1].split("\n")[0].rstrip().endswith(str(on["Budget"]))
    assert contents.split("Eventuelt", 1)[1].split("\n")[0].rstrip().endswith(str(on["Eventuelt"]))
