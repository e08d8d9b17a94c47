"""The meeting list of the API (``/api/v1/moeder/``) kept in the cache like the public pages (``api.cache``): the
cached answer is byte for byte the uncached one with the same headers, served before the session and
authentication middleware; a publish shows in the very next answer, the rate limit and CORS still apply, and the
number of queries does not grow with the data."""

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting, Publication
from tests.builders import at

from .conftest import AGENDA_ITEMS, publish

pytestmark = pytest.mark.django_db

LIST = "/api/v1/moeder/?antal=100"


def get(path=LIST, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path, **headers)
    return response, len(queries)


def meetings(council, period, count, *, start=1):
    for day in range(start, start + count):
        meeting = Meeting.objects.create(
            council=council, period=period, starts_at=at(2026, 3, day, 10), location=f"Sted {day}"
        )
        publish(meeting, Publication.Kind.AGENDA, AGENDA_ITEMS)


@pytest.mark.postgresql("the cached answers are keyed on write counts kept by PostgreSQL triggers")
def test_the_cached_meeting_list_is_the_uncached_answer_byte_for_byte_with_the_same_etag(sent, settings):
    first, first_queries = get()
    again, again_queries = get()
    assert again_queries < first_queries  # the second came from the cache
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    uncached, _ = get()
    for response in (first, again):
        assert response.status_code == 200
        assert response.content == uncached.content
        assert response["ETag"] == uncached["ETag"]
        assert response["Content-Type"] == uncached["Content-Type"]


@pytest.mark.postgresql("the cached answers are keyed on write counts kept by PostgreSQL triggers")
def test_a_hit_has_every_header_and_byte_of_the_miss_and_the_uncached_answer(sent, settings):
    """Headers set by the middleware a hit skips (CSP, frame options, length, Vary, language) and by the ones it
    passes (ETag, CORS, the security headers) alike."""
    miss, _ = get(HTTP_ORIGIN="https://avis.example")
    hit, hit_queries = get(HTTP_ORIGIN="https://avis.example")
    assert hit_queries == 1
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    uncached, _ = get(HTTP_ORIGIN="https://avis.example")
    assert dict(hit.headers) == dict(miss.headers) == dict(uncached.headers)
    assert hit.content == miss.content == uncached.content
    assert {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Vary"} <= set(hit.headers)


@pytest.mark.postgresql("the cached answers are keyed on write counts kept by PostgreSQL triggers")
def test_a_hit_is_answered_before_the_session_and_authentication_middleware(sent, monkeypatch):
    entered = []
    process_request = SessionMiddleware.process_request
    monkeypatch.setattr(
        SessionMiddleware, "process_request", lambda self, request: entered.append(1) or process_request(self, request)
    )
    get()
    assert len(entered) == 1
    get()
    get(HTTP_IF_NONE_MATCH='"x"')
    Client().head(LIST)
    assert len(entered) == 1


def test_a_request_with_a_session_cookie_is_never_answered_from_the_cache(sent, member_user):
    """A signed-in user's answer is private (``PrivateCacheMiddleware``), which only the full stack adds."""
    anonymous, _ = get()
    get()
    client = Client()
    client.force_login(member_user)
    with CaptureQueriesContext(connection) as queries:
        signed_in = client.get(LIST)
    assert len(queries) > 1 and signed_in.content == anonymous.content
    assert "private" in signed_in["Cache-Control"] and "Cache-Control" not in anonymous


def test_an_etag_from_the_cached_list_gives_304_and_head_the_same_etag(sent):
    first, _ = get()
    cached, _ = get(HTTP_IF_NONE_MATCH=first["ETag"])
    assert cached.status_code == 304 and cached.content == b""
    head = Client().head(LIST)
    assert head["ETag"] == first["ETag"] and head.content == b""


def test_publishing_a_new_version_shows_in_the_next_api_answer(sent):
    get()
    publish(sent, Publication.Kind.AGENDA, AGENDA_ITEMS, version=2)
    versions = {(d["kind"], d["version"]) for d in get()[0].json()["results"][0]["documents"]}
    assert ("agenda", 2) in versions


def test_a_publication_becoming_ready_and_a_changed_meeting_show_in_the_next_api_answer(sent):
    queued = publish(sent, Publication.Kind.MINUTES, [], version=2)
    Publication.objects.filter(pk=queued.pk).update(state=Publication.State.QUEUED)
    assert queued.pk not in {d["id"] for d in get()[0].json()["results"][0]["documents"]}
    Publication.objects.filter(pk=queued.pk).update(state=Publication.State.READY)
    assert queued.pk in {d["id"] for d in get()[0].json()["results"][0]["documents"]}
    Meeting.objects.filter(pk=sent.pk).update(location="Nyt sted", status=Meeting.Status.CANCELLED)
    shown = get()[0].json()["results"][0]
    assert shown["location"] == "Nyt sted" and shown["status"] == "cancelled"


def test_a_newly_published_meeting_shows_in_the_next_api_answer(sent, nordjylland, period):
    assert get()[0].json()["count"] == 1
    meetings(nordjylland, period, 1)
    assert get()[0].json()["count"] == 2


def test_each_filter_and_page_has_its_own_cached_answer(sent, nordjylland, period):
    meetings(nordjylland, period, 3)
    assert get("/api/v1/moeder/?antal=1")[0].json()["results"][0]["id"] == sent.pk
    assert get("/api/v1/moeder/?antal=1&side=2")[0].json()["results"][0]["id"] != sent.pk
    assert get("/api/v1/moeder/?raad=syddanmark")[0].json()["count"] == 0


def test_the_rate_limit_and_cors_still_apply_to_a_cached_answer(sent, settings):
    settings.API_RATE_LIMIT = "3/m"
    answers = [get(HTTP_ORIGIN="https://avis.example")[0] for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert all(a["Access-Control-Allow-Origin"] == "*" for a in answers)


@pytest.mark.postgresql("the cached answers are keyed on write counts kept by PostgreSQL triggers")
def test_the_meeting_list_query_count_is_constant_in_the_data_size(sent, nordjylland, period):
    _, small_miss = get()
    _, small_hit = get()
    meetings(nordjylland, period, 30)
    _, large_miss = get()
    _, large_hit = get()
    assert (large_miss, large_hit) == (small_miss, small_hit)
    assert large_hit == 1  # the stamp of the data (``api.changes``)


def test_a_filter_with_a_nul_character_is_a_json_404_not_a_server_error(sent):
    for path in ("/api/v1/moeder/?raad=a%00b", "/api/v1/moeder/?periode=a%00b", "/api/v1/udpegninger/?raad=%00"):
        response = Client().get(path)
        assert response.status_code == 404 and response.json()["detail"]
