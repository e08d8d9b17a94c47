"""Security controls of docs/security.md: production settings, CSP, sessions, password reset, throttling,
cache headers."""

import re
from pathlib import Path

import pytest
from django.core import mail

from tests.test_settings import PRODUCTION, ROOT
from tests.test_settings import run as run_with_env

pytestmark = pytest.mark.django_db

PASSWORD = "hemmelig-kode-42"
DEPLOY = {**PRODUCTION, "SECRET_KEY": "k" * 20 + "x9#Q-long-random-production-secret-key-abcdefghij"}


def run(args, **env):
    """A subprocess in production mode (the test session's DJANGO_ALLOW_ASYNC_UNSAFE left out)."""
    return run_with_env(args, DJANGO_ALLOW_ASYNC_UNSAFE="", **env)


def test_check_deploy_is_clean_in_production_mode():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **DEPLOY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_behind_a_tls_proxy_the_redirect_may_be_off_and_the_proxy_header_is_trusted_only_when_configured():
    show = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kkr.settings'; django.setup();"
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER)"
    )
    assert run(["-c", show], **DEPLOY).stdout.split() == ["True", "None"]
    behind_proxy = run(["-c", show], **DEPLOY, SECURE_SSL_REDIRECT="0", SECURE_PROXY_SSL_HEADER="1")
    assert behind_proxy.stdout.strip() == "False ('HTTP_X_FORWARDED_PROTO', 'https')"
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **DEPLOY,
        SECURE_SSL_REDIRECT="0",
        SECURE_PROXY_SSL_HEADER="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_carry_a_content_security_policy_without_inline_script_or_style(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_template_has_inline_script_or_style():
    """The CSP forbids them, so the templates (PDF templates aside: WeasyPrint, not a browser) have none."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        if "pdf" in path.parts or "emails" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"<style|\sstyle=|\son[a-z]+=", text):
            offenders.append(str(Path(path).relative_to(ROOT)))
    assert offenders == []


def test_a_staff_session_ends_with_the_browser_and_a_members_lasts_a_working_day(client, staff_user, member_user):
    client.post("/konto/login/", {"username": staff_user.username, "password": PASSWORD})
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 8 * 60 * 60
    client.post("/konto/logout/")
    client.post("/konto/login/", {"username": member_user.username, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_the_password_reset_link_comes_from_site_url_not_the_host_header(client, staff_user, settings):
    settings.SITE_URL = "https://kkr.example.dk"
    settings.ALLOWED_HOSTS = ["*"]
    client.post("/konto/password_reset/", {"email": staff_user.email}, HTTP_HOST="evil.example.com")
    body = mail.outbox[0].body
    assert "https://kkr.example.dk/konto/reset/" in body
    assert "evil.example.com" not in body


def wrong(client, username, address="10.0.0.1"):
    return client.post("/konto/login/", {"username": username, "password": "forkert"}, REMOTE_ADDR=address)


def test_login_is_locked_after_five_failures_for_a_user_name_with_a_danish_message(client, staff_user):
    for _ in range(4):
        assert wrong(client, staff_user.username, address="10.0.0.1").status_code == 200
    # The fifth failure, from another address, still counts against the user name.
    locked = wrong(client, staff_user.username, address="10.0.0.2")
    assert locked.status_code == 429
    assert "Log ind er midlertidigt spærret" in locked.content.decode()
    right = client.post(
        "/konto/login/", {"username": staff_user.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.3"
    )
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_is_locked_after_five_failures_from_one_address_whatever_the_user_name(client, member_user):
    for number in range(5):
        response = wrong(client, f"gaet-{number}", address="10.0.0.9")
    assert response.status_code == 429
    right = client.post(
        "/konto/login/", {"username": member_user.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert right.status_code == 429
    # Another address with the right password is let in.
    other = client.post(
        "/konto/login/", {"username": member_user.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.10"
    )
    assert other.status_code == 302


def test_an_addresss_failures_count_across_users_whatever_successes_come_between(client, member_user):
    """Logging into one's own account between guesses must not wipe the address's count: twelve guesses at
    other users' passwords from one address lock it, and it stays locked for the right password too."""
    answers = []
    for number in range(12):
        answers.append(wrong(client, f"offer-{number}", address="10.0.0.7").status_code)
        own = client.post(
            "/konto/login/", {"username": member_user.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
        )
        client.post("/konto/logout/")
    assert answers[:4] == [200] * 4 and set(answers[4:]) == {429}
    locked = client.post(
        "/konto/login/", {"username": member_user.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert locked.status_code == own.status_code == 429
    assert "Log ind er midlertidigt spærret" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_login_forgives_only_the_users_own_typos_from_that_address(client, member_user):
    """A member who mistyped and then got in is not counted against later: the office behind one address
    keeps working."""
    for _ in range(4):
        wrong(client, member_user.username, address="10.0.0.8")
    right = client.post(
        "/konto/login/", {"username": member_user.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.8"
    )
    assert right.status_code == 302
    client.post("/konto/logout/")
    for _ in range(4):
        assert wrong(client, member_user.username, address="10.0.0.8").status_code == 200


def test_throttling_is_on_in_dev_mode_too(settings):
    assert settings.DEV_MODE and settings.AXES_ENABLED


def test_a_signed_in_users_pages_are_never_stored_by_a_cache(client, member_user):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    client.force_login(member_user)
    cache_control = client.get("/").headers["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+45 12 34 56 78", "'+45 12 34 56 78"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("  =1+1", "'  =1+1"),
        ("Anne Hansen", "Anne Hansen"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(cell, shown):
    from kkr.csvfiles import neutralise

    assert neutralise(cell) == shown


def test_the_blaa_bog_export_is_neutralised_and_private(client, member_user):
    from members.models import Person

    Person.objects.filter(user=member_user).update(name='=HYPERLINK("http://evil.example","Klik")', phone="+4512345678")
    client.force_login(member_user)
    response = client.get("/kkr/nordjylland/blaa-bog.csv")
    assert response.status_code == 200, response
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+4512345678" in text
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
