"""The open-data API shows no more than the public pages (docs/api.md): on the security matrix's world, no
closed, unsent or other-council-only marker text, and nothing edited after sending, appears in any API answer,
whoever asks; a meeting the public pages do not show is 404 in the API too."""

import pytest
from django.test import Client

from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting
from tests.security.world import B_MARKERS, CLOSED_MARKERS, ROLES, UNPUBLISHED_MARKERS

pytestmark = pytest.mark.django_db

EDITED_MARKER = "MARKOER-RETTET-EFTER-UDSENDELSE"


def every_api_answer(client, world) -> dict[str, str]:
    """Every list page and every object the API has, by its own links (plus the objects the public cannot
    see, asked for directly): url -> body."""
    bodies = {}

    def get(url):
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        bodies[url] = response.content.decode()
        return response

    get("/api/v1/raad/")
    get("/api/v1/valgperioder/")
    get("/api/v1/openapi.json")
    for slug in ("nordjylland", "hovedstaden"):
        get(f"/api/v1/raad/{slug}/")
        get(f"/api/v1/udpegninger/?raad={slug}")
        get(f"/api/v1/raad/{slug}/medlemmer/")
        get(f"/api/v1/raad/{slug}/sammensaetning/")
    get("/api/v1/udpegninger/")
    url = "/api/v1/moeder/?antal=100"
    while url:
        page = get(url).json()
        for meeting in page["results"]:
            get(f"/api/v1/moeder/{meeting['id']}/")
        url = page["next"]
    url = "/api/v1/punkter/?antal=100"
    while url:
        url = get(url).json()["next"]
    for marker in (*CLOSED_MARKERS, *UNPUBLISHED_MARKERS, *B_MARKERS, EDITED_MARKER):
        get(f"/api/v1/punkter/?q={marker}")
    for hidden in (world.objects["upcoming"], world.objects["b_meeting"]):
        assert get(f"/api/v1/moeder/{hidden.pk}/").status_code == 404
    return bodies


def test_no_api_answer_shows_closed_unsent_other_council_or_later_edited_text_to_anyone(security_world):
    world = security_world
    staff = world.users["staff_a"]
    # A meeting sent now with a closed item: its members' version holds the closed markers, the public one not.
    published = world.a.meetings.with_published_agenda().values("pk")
    fresh = (
        world.a.meetings.filter(status=Meeting.Status.PLANNED)
        .exclude(pk__in=published)
        .exclude(pk=world.objects["upcoming"].pk)
        .order_by("starts_at")
        .first()
    )
    meeting_services.add_item(fresh, actor=staff, title="Åbent punkt", case_presentation="<p>Udsendt tekst</p>")
    meeting_services.add_item(
        fresh, actor=staff, title=CLOSED_MARKERS[0], case_presentation=CLOSED_MARKERS[1], is_closed=True
    )
    meeting_services.publish_agenda(fresh, actor=staff, late_reason="Testens udsendelse")
    meeting_services.add_item(fresh, actor=staff, title=EDITED_MARKER)  # after sending: not in the sent version
    sent = world.a.meetings.with_published_agenda().exclude(pk=fresh.pk).order_by("-starts_at").first()
    # Edited after sending: a new item and a changed open item on a sent agenda are not in the sent version.
    AgendaItem.objects.create(meeting=sent, position=sent.items.count() + 60, title=EDITED_MARKER)
    AgendaItem.objects.filter(meeting__in=[sent, fresh], is_closed=False).update(case_presentation=EDITED_MARKER)
    hidden = CLOSED_MARKERS + UNPUBLISHED_MARKERS + B_MARKERS + (EDITED_MARKER,)

    problems = []
    for role in ROLES:
        client = Client()
        if world.users[role] is not None:
            client.force_login(world.users[role])  # the API ignores who asks: members get the public answer
        for url, body in every_api_answer(client, world).items():
            problems += [f"{role} {url}: {marker}" for marker in hidden if marker in body]
    assert problems == []
    items = Client().get(f"/api/v1/moeder/{fresh.pk}/").json()["items"]
    assert [(i["title"], i["case_presentation"]) for i in items if i["is_closed"]] == [("Lukket punkt", "")]
    assert "<p>Udsendt tekst</p>" in [i["case_presentation"] for i in items]
    # ... and it lists exactly the meetings the public pages show.
    listed = {meeting["id"] for meeting in Client().get("/api/v1/moeder/?antal=100").json()["results"]}
    assert listed == set(Meeting.objects.with_published_agenda().values_list("pk", flat=True))
