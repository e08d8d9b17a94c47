"""The open-data API's answers (docs/api.md): councils, periods, meetings with their public documents and items,
appointments; pagination and filters; Danish JSON errors; OpenAPI 3.1."""

import pytest
from django.test import Client

from meetings.models import Meeting, Publication
from tests.api.conftest import AGENDA_ITEMS, publish
from tests.builders import at

pytestmark = pytest.mark.django_db


def get(url, **headers):
    return Client().get(url, **headers)


def test_councils_are_listed_with_their_municipalities_and_found_by_slug(reference_data):
    councils = get("/api/v1/raad/").json()
    assert len(councils) == 5
    one = get("/api/v1/raad/nordjylland/").json()
    assert one["name"] == "KKR Nordjylland" and {"code", "name"} <= set(one["municipalities"][0])
    assert one["url"].endswith("/kkr/nordjylland/")


def test_election_periods_are_listed_oldest_first(reference_data):
    names = [p["name"] for p in get("/api/v1/valgperioder/").json()]
    assert "2026-2030" in names and names == sorted(names)


def test_only_meetings_with_a_public_agenda_are_listed_with_their_public_pdfs(sent, unsent, other):
    page = get("/api/v1/moeder/").json()
    assert [m["id"] for m in page["results"]] == [other.pk, sent.pk]
    first = page["results"][1]
    assert first["location"] == "Aalborg Rådhus" and first["status"] == "held"
    assert {d["kind"] for d in first["documents"]} == {"agenda", "minutes"}  # not the members' version
    assert all(d["pdf_url"].endswith(".pdf") for d in first["documents"])
    assert get(f"/api/v1/moeder/{unsent.pk}/").status_code == 404


def test_meetings_are_filtered_on_council_period_and_date_range(sent, other):
    assert [m["id"] for m in get("/api/v1/moeder/?raad=nordjylland").json()["results"]] == [sent.pk]
    assert get("/api/v1/moeder/?periode=2026-2030").json()["count"] == 2
    assert get("/api/v1/moeder/?periode=2022-2026").json()["count"] == 0
    assert [m["id"] for m in get("/api/v1/moeder/?fra=2026-05-12&til=2026-05-31").json()["results"]] == [sent.pk]
    assert get("/api/v1/moeder/?fra=2026-05-13&til=2026-06-01").json()["count"] == 0


def test_meetings_are_paginated_with_links_to_the_next_and_previous_page(sent, other):
    first = get("/api/v1/moeder/?antal=1").json()
    assert (first["count"], first["pages"], first["previous"]) == (2, 2, None)
    second = Client().get(first["next"]).json()
    assert second["results"][0]["id"] == sent.pk and second["next"] is None
    assert get("/api/v1/moeder/?antal=1&side=3").status_code == 404


def test_a_meeting_shows_its_published_items_with_the_decision_and_a_closed_item_only_by_title(sent):
    body = get(f"/api/v1/moeder/{sent.pk}/").json()
    assert (body["agenda_version"], body["minutes_version"]) == (1, 1)
    open_item, closed = body["items"]
    assert open_item["decision"] == "<p>Godkendt</p>" and open_item["votes"] == ["Vedtaget med 5 stemmer for."]
    assert open_item["attachments"][0]["url"].endswith("/bilag/4242.pdf")
    assert closed == {
        "number": 2,
        "title": "Lukket punkt",
        "kind": "Beslutning",
        "is_closed": True,
        "is_supplementary": False,
        "status_label": "",
        "case_presentation": "",
        "recommendation": "",
        "decision": "",
        "votes": [],
        "attachments": [],
    }
    assert "HEMMELIG" not in str(body)


def test_before_the_minutes_an_item_has_no_decision(other):
    item = get(f"/api/v1/moeder/{other.pk}/").json()["items"][0]
    assert item["decision"] == "" and item["case_presentation"] == "<p>Sagen</p>"


def test_unknown_objects_and_addresses_are_a_danish_json_404(reference_data):
    for url in ("/api/v1/moeder/999999/", "/api/v1/raad/findes-ikke/", "/api/v1/moeder/?raad=nej", "/api/v2/x"):
        response = get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json") and "Findes ikke" in response.json()["detail"]


def test_invalid_parameters_are_a_danish_json_422_naming_each_parameter(reference_data):
    response = get("/api/v1/moeder/?fra=igaar&side=0&antal=x")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Ugyldige parametre."
    problems = {e["field"]: e["message"] for e in body["errors"]}
    assert problems["fra"].startswith("skal være en dato") and problems["antal"] == "skal være et heltal"
    assert problems["side"].startswith("er for lille")


def test_the_openapi_document_is_3_1_with_danish_descriptions_for_every_operation(reference_data):
    document = get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert len(operations) == 9
    assert all(op.get("description") and op.get("summary") for op in operations)
    assert "offentlige sider" in document["info"]["description"]


def test_a_signed_in_member_gets_the_same_public_answer(sent, member_user):
    client = Client()
    client.force_login(member_user)
    assert client.get(f"/api/v1/moeder/{sent.pk}/").json() == get(f"/api/v1/moeder/{sent.pk}/").json()


def test_the_public_council_page_links_to_the_api(reference_data):
    page = Client().get("/kkr/nordjylland/").content.decode()
    assert 'href="/api/v1/moeder/?raad=nordjylland"' in page and 'href="/api/v1/openapi.json"' in page


def test_the_api_root_answers_json_with_links_to_every_list_and_the_description(reference_data):
    links = get("/api/v1/").json()["links"]
    assert links["openapi"].endswith("/api/v1/openapi.json")
    assert all(get(url).status_code == 200 for url in links.values())


def test_a_date_must_be_written_as_a_date_not_a_number_read_as_unix_time(reference_data):
    for query in ("til=0", "fra=1700000000", "fra=2026-13-40"):
        response = get(f"/api/v1/moeder/?{query}")
        assert response.status_code == 422, query
        assert response.json()["errors"][0]["message"] == "skal være en dato (ÅÅÅÅ-MM-DD)"
    assert get("/api/v1/udpegninger/?dato=0").status_code == 422


@pytest.mark.postgresql("the query counts of the API cache's PostgreSQL path")
def test_the_lists_read_a_constant_number_of_queries_whatever_their_length(
    sent, other, nordjylland, period, django_assert_num_queries
):
    with django_assert_num_queries(4):  # the cache key's stamp (tests/api/test_cache.py), count, meetings, PDFs
        assert get("/api/v1/moeder/").json()["count"] == 2
    for day in range(1, 6):
        extra = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2026, 3, day, 10), location="X")
        publish(extra, Publication.Kind.AGENDA, AGENDA_ITEMS)
    with django_assert_num_queries(4):
        assert get("/api/v1/moeder/").json()["count"] == 7
    with django_assert_num_queries(7):  # the stamp, the councils, and the public list's query per council
        get("/api/v1/udpegninger/")
