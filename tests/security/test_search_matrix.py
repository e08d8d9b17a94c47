"""Search ≡ pages (SPEC §6, FO 3.0, FO 3.3, FO 3.4), on the authorization matrix's world: for anonymous, a member of
A, a member of B, staff of A, staff of B and a KL admin, a marker word of a closed, never-sent, other-council or
later-edited item appears in a search result only when one of that role's pages shows it, and an item is found
only by the roles the table names (members read the agenda and minutes as sent, staff their council's live
items, everyone else the public versions)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.world import B_MARKERS, CLOSED_MARKERS, LATER_MARKERS, ROLES, UNPUBLISHED_MARKERS

pytestmark = pytest.mark.django_db

MARKERS = CLOSED_MARKERS + UNPUBLISHED_MARKERS + B_MARKERS + LATER_MARKERS
STAFF_A, STAFF_B = frozenset({"staff_a", "admin"}), frozenset({"staff_b", "admin"})

# Who finds an agenda item by the marker (the bilag's title and the meeting's place are no item text).
ITEM_FOUND_BY = {
    "MARKOER-LUKKET-TITEL": STAFF_A,  # a closed item never sent, and one added after sending
    "MARKOER-LUKKET-TEKST": STAFF_A,
    "MARKOER-BILAG": frozenset(),
    "MARKOER-UPUBLICERET-STED": frozenset(),
    "MARKOER-UPUBLICERET-PUNKT": STAFF_A,  # an open item on an agenda never sent
    "MARKOER-RAAD-B": STAFF_B,  # council B's item on an agenda never sent
    "MARKOER-RETTET-EFTER-UDSENDELSE": STAFF_A,  # added to a sent item afterwards
}


def page_urls(world) -> list[str]:
    """Every page that shows a meeting's items, for each meeting of both councils: the public and members' meeting
    and agenda pages, the secretariat's meeting and item pages, the lists, the archives and the Atom feeds."""
    from meetings.models import Meeting

    urls = []
    for council in (world.a, world.b):
        urls += [
            reverse(name, args=[council.slug])
            for name in (
                "meetings:public-meeting-list",
                "meetings:member-meeting-list",
                "meetings:publication-feed",
                "portal:archive",
            )
        ]
        for meeting in Meeting.objects.filter(council=council).prefetch_related("items"):
            args = [council.slug, meeting.pk]
            urls += [
                reverse(name, args=args)
                for name in (
                    "meetings:public-meeting",
                    "meetings:public-meeting-agenda",
                    "meetings:member-meeting",
                    "meetings:member-meeting-agenda",
                    "meetings:meeting-detail",
                )
            ]
            urls += [reverse("meetings:item-update", args=[council.slug, item.pk]) for item in meeting.items.all()]
    return urls


def test_spec_6_search_shows_each_role_only_what_its_pages_show(security_world):
    world = security_world
    urls = page_urls(world)
    problems = []
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if world.users[role] is not None:
            client.force_login(world.users[role])
        pages = ""
        for url in urls:
            response = client.get(url)
            if response.status_code == 200:
                pages += response.content.decode()
        for marker in MARKERS:
            # Typed in lower case: the page repeats the query, the results show the text as written.
            response = client.get(reverse("portal:search"), {"q": marker.lower()})
            assert response.status_code == 200
            found = bool(response.context["hits"])
            if found != (role in ITEM_FOUND_BY[marker]):
                problems.append(f"{role} søger {marker}: fandt punkter={found}, forventet {not found}")
            if marker in response.text and marker not in pages:
                problems.append(f"{role} søger {marker}: resultatet viser det, som rollens sider ikke viser")
        # The later-edited item is still found by its title as sent, on the page of the role's meeting version.
        later, sent = world.objects["later_item"], world.objects["sent"]
        response = client.get(reverse("portal:search"), {"q": later.title})
        if not any(
            hit.item.meeting.pk == sent.pk and hit.item.title == later.title for hit in response.context["hits"]
        ):
            problems.append(f"{role} finder ikke det udsendte punkt «{later.title}»")
    assert problems == [], "\n".join(problems)
