"""The open-data API's items (``/api/v1/punkter/``) with the full-text ``q`` filter: read from the public's rows
of the search index, so an item is found as the public version was published (never an edit made since, never a
closed item's text, never an agenda not sent), with the council, period and date filters beside it."""

import pytest

from tests.portal.finding import at, held_meeting

pytestmark = pytest.mark.django_db


def items(client, **params) -> dict:
    response = client.get("/api/v1/punkter/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_fo_3_0_q_finds_an_item_as_published_and_never_what_the_public_may_not_read(client, nordjylland, hovedstaden):
    meeting = held_meeting(
        nordjylland,
        at(2026, 3, 12, 10),
        [("Cykelstier i Aalborg", "Om cykelstierne.", "", False), ("Personsag", "Fortroligtord.", "", True)],
        minutes=False,
    )
    meeting.items.filter(position=1).update(case_presentation="Rettetefterord.")
    held_meeting(hovedstaden, at(2026, 4, 12, 10), [("Aldrig sendt", "Usendtord.", "", False)], published=False)
    found = items(client, q="cykelstierne")
    assert found["count"] == 1
    [item] = found["results"]
    assert item["meeting"] == meeting.pk and item["number"] == 1 and item["document"] == "agenda"
    assert item["title"] == "Cykelstier i Aalborg" and "cykelstierne" in item["text"]
    assert item["url"].endswith(f"/kkr/nordjylland/moeder/{meeting.pk}/")
    for word in ("Rettetefterord", "Fortroligtord", "Personsag", "Usendtord"):
        assert items(client, q=word)["count"] == 0, word
    closed = [row for row in items(client)["results"] if row["is_closed"]]
    assert [(row["title"], row["text"]) for row in closed] == [("Lukket punkt", "")]


def test_q_combines_with_the_council_and_date_filters(client, nordjylland, hovedstaden):
    held_meeting(nordjylland, at(2025, 3, 12, 10), [("Klimaplan", "Om klima.", "Vedtaget.", False)])
    held_meeting(hovedstaden, at(2026, 3, 12, 10), [("Klimaplan", "Om klima.", "", False)], minutes=False)
    assert items(client, q="klima")["count"] == 2
    assert items(client, q="klima", raad="hovedstaden")["count"] == 1
    [row] = items(client, q="klima", fra="2026-01-01")["results"]
    assert row["council"] == "hovedstaden"
    [row] = items(client, q="klima", til="2025-12-31")["results"]
    assert row["document"] == "minutes" and "Vedtaget" in row["text"]
    assert client.get("/api/v1/punkter/", {"q": "klima", "raad": "ingen"}).status_code == 404
