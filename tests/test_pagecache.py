"""kkr.pagecache and kkr.rowurls: which requests may be served a cached page, and links reversed
once per page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import add_message, constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import reverse

from kkr import pagecache
from kkr.rowurls import RowUrl

pytestmark = pytest.mark.django_db


def anonymous_get(path="/kkr/nordjylland/moeder/1/", method="get"):
    request = getattr(RequestFactory(), method)(path)
    request.user, request.session = AnonymousUser(), SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_only_an_anonymous_get_without_a_waiting_message_is_served_from_the_cache(staff_user):
    assert pagecache.is_cacheable(anonymous_get())
    assert not pagecache.is_cacheable(anonymous_get(method="post"))
    signed_in = anonymous_get()
    signed_in.user = staff_user
    assert not pagecache.is_cacheable(signed_in)
    with_message = anonymous_get()
    add_message(with_message, constants.SUCCESS, "Du er logget ud.")
    assert not pagecache.is_cacheable(with_message)


def test_a_page_that_sets_a_cookie_or_carries_a_csrf_token_is_not_stored():
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    request = anonymous_get()
    get_token(request)  # the page printed a CSRF token
    assert not pagecache._may_store(request, HttpResponse("<p>side</p>"))
    with_cookie = HttpResponse("<p>side</p>")
    with_cookie.set_cookie("x", "1")
    assert not pagecache._may_store(anonymous_get(), with_cookie)
    assert pagecache._may_store(anonymous_get(), HttpResponse("<p>side</p>"))


def test_a_row_url_is_the_reversed_url_of_each_row():
    person = RowUrl("portal:person-detail", "nordjylland")
    for pk in (1, 42, 987654):
        assert person.of(pk) == reverse("portal:person-detail", args=["nordjylland", pk])
    election = RowUrl("appointments:election-detail", "nordjylland", 12)  # the row's id last, digits before it
    assert election.of(12) == reverse("appointments:election-detail", args=["nordjylland", 12, 12])


def test_a_deploy_that_changes_only_python_code_gets_new_page_and_dashboard_keys(tmp_path, settings):
    """Rendering lives in Python too (row builders, formats): a release with only a changed .py file must not
    keep serving the old HTML until the cache expires."""
    for folder in pagecache.RELEASE_SOURCES:
        (tmp_path / folder).mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>{{ x }}</p>")
    code = tmp_path / "meetings" / "rows.py"
    code.write_text("LABEL = 'Dagsorden'\n")
    settings.BASE_DIR = tmp_path
    pagecache.release.cache_clear()
    before = pagecache.page_key("agenda", 1)
    code.write_text("LABEL = 'Dagsorden (rettet)'\n")
    pagecache.release.cache_clear()
    try:
        assert pagecache.page_key("agenda", 1) != before
    finally:
        pagecache.release.cache_clear()
