"""The two-factor matrix (kkr/twofactor.py, docs/security.md): every URL pattern of the project (walked from the
resolver, the admin included) × session state × role, with GET and POST.

Session states: anonymous; password only, with an app; password only, without an app (staff and KL admins
under the policy); verified. Roles: member, staff, KL admin.

A session that still owes its second factor reaches only the verify step, the set-up of a *first* app, logging
out, static files and /healthz; every other URL sends it to the verify step. Its POSTs carry what an attacker
would send (a confirmation, a code for an app of his own waiting in the session), and no second factor
(an app, recovery codes) changes without a verified session. A verified session is sent nowhere.

The URL parameters are placeholders: the middleware decides before any view looks its object up, so the
question here is only which view a path resolves to."""

import re
from contextlib import contextmanager
from unittest.mock import patch
from urllib.parse import urlencode

import pytest
from django.core.handlers.base import BaseHandler
from django.http import HttpResponse
from django.test import Client
from django.urls import resolve, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kkr.twofactor import SETUP_KEY
from tests.builders import make_staff, make_user
from tests.security.world import walk

pytestmark = pytest.mark.django_db

VERIFY = "/konto/to-trins/"
LOGIN = "/konto/login/"
ATTACKER_KEY = "42" * 20  # the attacker's own app, waiting in the session for a code
OPEN = {"two-factor-verify", "logout", "healthz"}  # by URL name
FIRST_SETUP = "two-factor-setup"


SHADOWED = {"api:api-root": "api-index"}


def sample_path(route: str) -> str:
    """A path the route matches, with placeholder parameters (an admin app index gets a real app label)."""
    path = re.sub(r"\(\?P<app_label>([a-z_]+)[^)]*\)", r"\1", route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)|\(\[\^/\]\+\)", "1", path)
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m.group(1) in ("int", None) else "x", path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\Z", "")


def patterns():
    """(name, path) for every URL pattern; the path resolves to that very pattern."""
    found = []
    for route, name in walk():
        path = sample_path(route)
        resolved = resolve(path).view_name
        unnamed = name == "admin" and resolved.startswith("admin:")  # the admin's redirects and catch-all
        # django-ninja's own root view sits under our API index at the same path: it is never reached.
        shadowed = name in SHADOWED and resolved == SHADOWED[name]
        assert resolved == name or unnamed or shadowed, (route, path, resolved)
        found.append((resolved, path))
    return found


def second_factors():
    """What changes a second factor: apps (their keys), recovery code sets and codes. Not the throttling counters
    a wrong code moves."""
    return (
        sorted(TOTPDevice.objects.values_list("pk", "user_id", "key", "confirmed")),
        sorted(StaticDevice.objects.values_list("pk", "user_id", "confirmed")),
        sorted(StaticToken.objects.values_list("device_id", "token")),
    )


def give_an_app(user):
    TOTPDevice.objects.create(user=user, name="Autentificeringsapp", key="17" * 20, confirmed=True)
    codes = StaticDevice.objects.create(user=user, name="Gendannelseskoder", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=codes, token=f"kode{n:04d}") for n in range(10))


def attackers_code() -> str:
    totp = TOTP(bytes.fromhex(ATTACKER_KEY))
    return f"{totp.token():06d}"


class Session:
    """One signed-in browser in one state."""

    def __init__(self, user, state):
        self.user, self.state = user, state
        self.client = Client(raise_request_exception=False)
        self.sign_in()

    def sign_in(self):
        if self.user is None:
            return
        self.client.force_login(self.user)  # the password step (user_logged_in decides the requirement)
        session = self.client.session
        if self.state == "verified":
            session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=self.user).persistent_id
        else:
            session[SETUP_KEY] = ATTACKER_KEY
        session.save()

    def body(self, method):
        """The client's ``generic`` arguments: the attack as a form for a POST, nothing for a GET."""
        if method == "GET":
            return ()
        return (urlencode(self.attack()), "application/x-www-form-urlencoded")

    def attack(self):
        """A POST body that would change a second factor if the view let it."""
        return {"confirm": "on", "code": attackers_code() if self.state == "app" else "000000", "next": "/"}


STATES = [("app", "member"), ("app", "staff"), ("app", "admin"), ("no-app", "staff"), ("no-app", "admin")]


@pytest.fixture
def users(settings, member_user, staff_user, admin_user_kl):
    """Per role, a user with an app (and recovery codes) and, for staff and KL admins, one without."""
    from members.models import Council

    settings.KKR_REQUIRE_2FA = True
    for user in (member_user, staff_user, admin_user_kl):
        give_an_app(user)
    return {
        ("app", "member"): member_user,
        ("app", "staff"): staff_user,
        ("app", "admin"): admin_user_kl,
        ("no-app", "staff"): make_staff(Council.objects.get(slug="nordjylland"), "sekretariat-uden-app"),
        ("no-app", "admin"): make_user("kl-admin-uden-app", is_superuser=True),
    }


@contextmanager
def views_replaced_by_a_stub():
    """Every view answers 204 without doing anything: what is left to see is the middleware's own answer."""
    with patch.object(
        BaseHandler, "make_view_atomic", lambda handler, view: lambda request, *a, **k: HttpResponse(status=204)
    ):
        yield


def reached(response) -> bool:
    """The view answered, rather than the two-factor middleware sending the session to the verify step."""
    return not (response.status_code == 302 and response["Location"].startswith(f"{VERIFY}?"))


@pytest.mark.parametrize(("state", "role"), STATES)
def test_an_unverified_session_reaches_only_verify_first_set_up_logout_static_and_healthz(users, state, role):
    """The real views run: those the session reaches must not change a second factor either."""
    urls = patterns()
    assert len(urls) > 100 and {"two-factor-new-codes", "admin:auth_user_changelist"} <= {n for n, _ in urls}
    session = Session(users[(state, role)], state)
    problems = []
    before = second_factors()
    for name, path in urls:
        allowed = name in OPEN or (name == FIRST_SETUP and state == "no-app")
        for method in ("GET", "POST"):
            response = session.client.generic(method, path, *session.body(method))
            if reached(response) != allowed or response.status_code >= 500:
                problems.append(f"{method} {path} ({name}): {response.status_code} {response.get('Location', '')}")
            if name == "logout" and method == "POST":
                session.sign_in()  # logging out worked; the attack goes on from a new password login
    for path in ("/static/favicon.svg", "/healthz"):
        if session.client.get(path).status_code != 200:
            problems.append(f"GET {path}: ikke 200")
    if reached(session.client.get("/findes-ikke/")):  # no view: the verify step, not the 404 page
        problems.append("GET /findes-ikke/ blev ikke sendt til andet trin")
    if second_factors() != before:
        problems.append("en anden faktor blev ændret uden en verificeret session")
    assert problems == [], f"{role}, {state}:\n" + "\n".join(problems)


@pytest.mark.parametrize("role", ["member", "staff", "admin"])
def test_a_verified_session_is_sent_to_the_second_step_by_no_url(users, role):
    """The middleware's answer does not depend on the method (the unverified test shows it for GET and POST)."""
    session = Session(users[("app", role)], "verified")
    with views_replaced_by_a_stub():
        sent = [path for name, path in patterns() if not reached(session.client.get(path))]
    assert sent == []


def test_an_anonymous_visitor_posting_the_attack_to_every_url_changes_no_second_factor(users):
    anonymous = Session(None, "anonymous")
    before = second_factors()
    problems = []
    for name, path in patterns():
        response = anonymous.client.post(path, anonymous.attack())
        refused = response.status_code == 405 or response.get("Location", "").startswith(LOGIN)
        if name.startswith("two-factor-") and not refused:
            problems.append(f"POST {path} som anonym: {response.status_code}")
    if second_factors() != before:
        problems.append("en anonym POST ændrede en anden faktor")
    assert problems == []


@pytest.mark.parametrize("role", ["member", "staff", "admin"])
def test_the_two_factor_pages_refuse_an_unverified_session_by_themselves(settings, users, role):
    """Defence in depth: without the middleware, a password-only session still cannot make recovery codes,
    replace the app or turn two-factor login off; each page sends it to the verify step."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "kkr.twofactor.TwoFactorMiddleware"]
    session = Session(users[("app", role)], "app")
    before = second_factors()
    for name in ("two-factor-new-codes", "two-factor-setup", "two-factor-disable"):
        response = session.client.post(reverse(name), session.attack())
        assert response.status_code == 302 and response["Location"].startswith(f"{VERIFY}?"), name
    assert second_factors() == before


def test_a_verified_session_may_replace_its_app_and_make_new_codes(users):
    """The same attack body from a verified session does what the user asks: the gate is the session, not the
    page."""
    user = users[("app", "staff")]
    session = Session(user, "verified")
    store = session.client.session
    store[SETUP_KEY] = ATTACKER_KEY
    store.save()
    replaced = session.client.post(reverse("two-factor-setup"), {"code": attackers_code()})
    assert replaced.status_code == 200
    assert TOTPDevice.objects.get(user=user).key == ATTACKER_KEY
    new = session.client.post(reverse("two-factor-new-codes"), {"confirm": "on"})
    assert new.status_code == 200 and StaticToken.objects.filter(device__user=user).count() == 10
