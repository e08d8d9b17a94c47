"""HTTP for the open-data API (docs/api.md): ETag and conditional GET, CORS for GET without credentials, a rate
limit per client address kept in the cache with a Danish 429, and no writes."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_unchanged_answer_is_a_304_without_body_for_the_etag_the_client_has(sent):
    client = Client()
    first = client.get("/api/v1/moeder/")
    assert first.status_code == 200 and first["ETag"].startswith('"')
    again = client.get("/api/v1/moeder/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    assert again["Access-Control-Allow-Origin"] == "*"


def test_a_changed_answer_gets_a_new_etag_and_the_old_one_a_full_answer(sent):
    client = Client()
    old = client.get(f"/api/v1/moeder/{sent.pk}/")["ETag"]
    type(sent).objects.filter(pk=sent.pk).update(location="Nyt sted")
    changed = client.get(f"/api/v1/moeder/{sent.pk}/", HTTP_IF_NONE_MATCH=old)
    assert changed.status_code == 200 and changed["ETag"] != old and changed.json()["location"] == "Nyt sted"


def test_any_origin_may_read_the_api_but_never_with_credentials(reference_data):
    response = Client().get("/api/v1/raad/", HTTP_ORIGIN="https://avis.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "Access-Control-Allow-Origin" not in Client().get("/kkr/nordjylland/")  # only the API


def test_too_many_requests_from_one_address_get_a_danish_429_json_with_retry_after(reference_data, settings):
    settings.API_RATE_LIMIT = "3/m"
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert [client.get("/api/v1/raad/").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/valgperioder/")
    assert refused.status_code == 429
    assert refused.json()["detail"] == "For mange forespørgsler. Vent lidt, og prøv igen."
    assert int(refused["Retry-After"]) >= 1
    assert Client(REMOTE_ADDR="203.0.113.10").get("/api/v1/raad/").status_code == 200  # per address


def test_a_client_cannot_escape_the_rate_limit_by_sending_a_new_forwarded_for_address(reference_data, settings):
    settings.API_RATE_LIMIT = "2/m"
    client = Client(REMOTE_ADDR="203.0.113.11")
    codes = [client.get("/api/v1/raad/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]


def test_the_api_only_reads_a_post_is_refused_and_changes_nothing(sent):
    from meetings.models import Meeting

    before = list(Meeting.objects.values())
    for url in ("/api/v1/moeder/", f"/api/v1/moeder/{sent.pk}/", "/api/v1/raad/"):
        response = Client().post(url, {"location": "x"})
        assert response.status_code == 405 and response.json()["detail"].startswith("API'et kan kun læses")
        assert "GET" in response["Allow"]
    assert list(Meeting.objects.values()) == before


def test_head_is_the_get_answer_without_its_body(reference_data):
    get, head = Client().get("/api/v1/raad/"), Client().head("/api/v1/raad/")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"] and head["Content-Length"] == str(len(get.content))
    assert head["Access-Control-Allow-Origin"] == "*"


def test_a_browsers_preflight_is_allowed_for_reading_with_an_etag_only(reference_data):
    response = Client().options(
        "/api/v1/moeder/", HTTP_ORIGIN="https://kommune.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response.status_code == 204 and response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert response["Access-Control-Allow-Headers"] == "If-None-Match"
    assert "Access-Control-Allow-Credentials" not in response


def test_a_cache_outage_lifts_the_rate_limit_instead_of_taking_the_api_down(reference_data, settings, monkeypatch):
    from api.views import AnonymousRate

    class DownCache:
        def get(self, *args, **kwargs):
            raise ConnectionError("Redis svarer ikke")

        set = get

    settings.API_RATE_LIMIT = "1/m"
    monkeypatch.setattr(AnonymousRate, "cache", DownCache())
    client = Client(raise_request_exception=False)
    assert [client.get("/api/v1/raad/").status_code for _ in range(2)] == [200, 200]
