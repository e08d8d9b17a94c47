"""The database down and restarted under a real gunicorn: a Danish 503 with Retry-After instead of a 500,
/healthz answers 503 (database) and the first request after a restart works (connection health checks).
A form sent while the database is down is not saved, and the 503 page says so."""

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.faults.servers import Postgres, free_port, wait_for_port

pytestmark = pytest.mark.faults


@pytest.fixture(scope="module")
def stack():
    """Our own PostgreSQL cluster and a gunicorn (one worker, persistent connections) in front of it."""
    postgres = Postgres().start()
    port = free_port()
    env = {
        **os.environ,
        "KKR_DEV": "1",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": postgres.url,
        "DB_CONN_MAX_AGE": "600",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_DOWN_RETRY_AFTER": "20",
    }
    env.pop("CELERY_BROKER_URL", None)
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kkr.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--timeout", "30"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield postgres, f"http://127.0.0.1:{port}"
    finally:
        gunicorn.kill()
        gunicorn.wait()
        postgres.remove()


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_after_a_database_restart_the_first_request_works(stack):
    postgres, base = stack
    assert get(f"{base}/healthz")[0] == 200  # the worker now holds a persistent connection
    postgres.stop()
    postgres.start()
    status, _, body = get(f"{base}/healthz")
    assert status == 200, body  # CONN_HEALTH_CHECKS: the dead connection is replaced, not used


def test_with_the_database_down_pages_answer_a_danish_503_with_retry_after(stack):
    postgres, base = stack
    postgres.stop()
    try:
        status, headers, body = get(f"{base}/kkr/nordjylland/moeder/")
        assert status == 503 and headers["Retry-After"] == "20"
        assert "Prøv igen om lidt" in body
        health_status, _, health = get(f"{base}/healthz")
        assert health_status == 503 and '"database": "fejl"' in health
    finally:
        postgres.start()


def test_a_form_sent_with_the_database_down_gets_a_503_saying_it_was_not_saved(stack):
    """Before: "intet af det, du har gemt, er gået tabt" to a user whose just-sent form was rolled back."""
    postgres, base = stack
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with browser.open(f"{base}/konto/login/", timeout=10) as page:  # the database is up: the form and its token
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    form = {"csrfmiddlewaretoken": token, "username": "sekretariat", "password": "forkert"}
    postgres.stop()
    try:
        browser.open(f"{base}/konto/login/", urllib.parse.urlencode(form).encode(), timeout=10)
        raise AssertionError("the login was answered while the database was down")
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    finally:
        postgres.start()
    assert status == 503 and "Det, du lige har sendt, er ikke gemt" in body and "send det igen" in body
    assert "intet af det, du har gemt, er gået tabt" not in body
