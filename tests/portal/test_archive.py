"""The archive as plain values (``portal.archive``): the same queries whatever the number of meetings and items, for
staff, members and the public, and the items and documents each of them saw before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Publication
from tests.builders import make_member
from tests.portal.finding import at, held_meeting

pytestmark = pytest.mark.django_db


def _archive(client, **query):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("portal:archive", args=["nordjylland"]), query)
    assert response.status_code == 200
    return response, len(captured)


def _items(n: int, month: int) -> list[tuple]:
    return [(f"Punkt {month}.{k}", "Sagen.", f"Beslutning {month}.{k}", k % 5 == 0) for k in range(1, n + 1)]


@pytest.mark.parametrize("who", ["staff", "member", "public"])
def test_the_archive_runs_the_same_queries_for_one_meeting_and_for_pages_of_forty_item_meetings(
    client, nordjylland, period, staff_user, who
):
    if who == "staff":
        client.force_login(staff_user)
    elif who == "member":
        client.force_login(make_member(nordjylland, period))
    held_meeting(nordjylland, at(2025, 1, 6, 10), _items(1, 1))
    _response, one = _archive(client)
    for day in range(1, 26):
        held_meeting(nordjylland, at(2024, 1 + day % 12, day, 10), _items(40, day), minutes=day % 3 != 0)
    first, many = _archive(client)
    second, on_page_two = _archive(client, side=2)
    assert len(first.context["page"].object_list) == 20 and len(second.context["page"].object_list) == 6
    assert many == one and on_page_two == one
    assert "Punkt 1.1" in second.text


def test_the_archive_lists_each_version_newest_first_by_kind_and_the_items_by_number(
    client, nordjylland, period, staff_user
):
    meeting = held_meeting(
        nordjylland, at(2025, 9, 12, 10), [("Første", "", "Vedtaget.", False), ("Andet", "", "", True)]
    )
    newer = meeting.publications.get(kind=Publication.Kind.AGENDA, audience=Publication.Audience.PUBLIC)
    newer.pk, newer.version = None, 2
    newer.save()
    response, _ = _archive(client)
    [shown] = response.context["page"].object_list
    assert [(d["label"], d["version"]) for d in shown.documents] == [("Dagsorden", 2), ("Referat", 1)]
    assert reverse("meetings:publication-pdf", args=[newer.pk]) == shown.documents[0]["url"]
    assert shown.url == reverse("meetings:public-meeting", args=["nordjylland", meeting.pk])
    # the items of the public minutes (the version the meeting's page shows): a closed item's public title only
    assert str(shown.items) == (
        '<li>Første<div class="rule">Beslutning: Vedtaget.</div></li>'
        '<li>Lukket punkt <span class="tag">Lukket punkt</span></li>'
    )
    client.force_login(staff_user)
    [live] = _archive(client)[0].context["page"].object_list
    assert live.url == reverse("meetings:member-meeting", args=["nordjylland", meeting.pk])
    assert str(live.items) == (
        '<li>Første<div class="rule">Beslutning: Vedtaget.</div></li>'
        '<li>Andet <span class="tag">Lukket punkt</span></li>'
    )


def test_the_archive_escapes_titles_and_decisions_as_the_template_would(client, nordjylland, staff_user, member_user):
    held_meeting(nordjylland, at(2025, 9, 12, 10), [('<script>alert(1)</script> & "x"', "", "<b>'ja'</b>", False)])
    for user in (None, member_user, staff_user):
        if user:
            client.force_login(user)
        text = _archive(client)[0].text
        assert "<script>alert(1)</script>" not in text and "<b>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in text
        assert "Beslutning: &lt;b&gt;&#x27;ja&#x27;&lt;/b&gt;" in text
