"""Two-factor login (docs/security.md): a TOTP app (django-otp) plus one-time recovery codes.

Who must use it: secretariat staff and KL admins (``kkr.security.is_staff``) whenever ``KKR_REQUIRE_2FA`` is
on (always in production; dev mode relaxes it by default so the demo works without a phone, see README), and
every user who has set it up voluntarily (members may). The Django admin is behind it like every other page.

How it is enforced without a query per request: at login (``user_logged_in``) we store in the session whether
this user needs a second factor; ``TwoFactorMiddleware`` then only compares two session keys. A session that
needs it and is not verified reaches only the views named in ``OPEN_VIEWS`` (by URL name, never by path
prefix) and the set-up of a first app; everything else sends it to the verify step. When the user's rights
or second factor change later, ``kkr.security.end_sessions`` ends their other sessions (docs/architecture.md).
Every view that changes a second factor checks for a verified session itself too, so a path the middleware
lets through by mistake still cannot replace an app, make recovery codes or turn two-factor login off.
"""

from base64 import b32encode
from urllib.parse import quote

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from kkr.middleware import mark_private
from kkr.security import CURRENT_REQUEST, is_staff

REQUIRED_KEY = "kkr_2fa_required"
SETUP_KEY = "kkr_2fa_setup_key"
APP_NAME = "Autentificeringsapp"
CODES_NAME = "Gendannelseskoder"
RECOVERY_CODES = 10
# The views (URL names) a session that still owes its second factor may reach: the verify step, logging out,
# the health check. Static files are served before the middleware (WhiteNoise). The set-up page is reachable
# too, but only while the user has no second factor at all (``FIRST_SETUP_VIEW``).
OPEN_VIEWS = frozenset({"two-factor-verify", "logout", "healthz"})
FIRST_SETUP_VIEW = "two-factor-setup"


def required_by_policy(user) -> bool:
    return bool(settings.KKR_REQUIRE_2FA and is_staff(user))


def has_second_factor(user) -> bool:
    """An app or recovery codes: from then on only a verified session may change them."""
    return user_has_device(user, confirmed=True)


def needs_second_factor(user) -> bool:
    """Staff and KL admins under the policy; anyone who has an app set up (members opt in)."""
    return required_by_policy(user) or has_second_factor(user)


def remember_requirement(sender, request, user, **kwargs):
    """On login: note in the session whether this user needs a second factor (no query per request later)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[REQUIRED_KEY] = needs_second_factor(user)


def is_verified(request) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def _with_next(view_name: str, target: str) -> str:
    """The page's URL with ``next=target``, encoded whole: a target's own query (``?q=a&b=c``) stays in it."""
    return f"{reverse(view_name)}?next={quote(target, safe='/')}"


def redirect_to_verify(request, target: str | None = None) -> HttpResponseRedirect:
    """To the verify step, and back to ``target`` (the page asked for) afterwards; never kept by a cache."""
    location = _with_next("two-factor-verify", target or request.get_full_path())
    response = HttpResponseRedirect(location)
    if request.headers.get("HX-Request"):
        response["HX-Redirect"] = location
    return mark_private(response)


class TwoFactorMiddleware:
    """Sends a signed-in session that needs a second factor and has not given one to the verify page.

    The check runs in ``process_view``, where the URL is resolved, so the open views are matched by name. It
    also keeps the current request where ``kkr.security.end_sessions`` finds it (the session of the request
    that changes its own user's rights is kept and re-decided instead of ended mid-request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = CURRENT_REQUEST.set(request)
        try:
            response = self.get_response(request)
        finally:
            CURRENT_REQUEST.reset(token)
        if getattr(request, "resolver_match", None) is None and _owes_second_factor(request):
            # No view matched (a 404 page, which shows the navigation): the verify step instead, as for a view.
            return redirect_to_verify(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        session = request.session
        if REQUIRED_KEY not in session:  # a session from before the policy, or one whose user's rights changed
            session[REQUIRED_KEY] = needs_second_factor(user)
        elif not session[REQUIRED_KEY] and required_by_flags(user):
            # Made KL admin (or given the admin flag) after this login, in a way no signal saw (a bulk update):
            # the user row is loaded anyway, so this costs nothing. Log in again, under the new rights.
            logout(request)
            response = redirect_to_login(request.get_full_path())
            if request.headers.get("HX-Request"):
                response["HX-Redirect"] = response["Location"]
            return mark_private(response)
        if not session[REQUIRED_KEY] or is_verified(request):
            return None
        name = request.resolver_match.view_name
        if name in OPEN_VIEWS or (name == FIRST_SETUP_VIEW and not has_second_factor(user)):
            return None
        return redirect_to_verify(request)


def _owes_second_factor(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return bool(request.session.get(REQUIRED_KEY)) and not is_verified(request)


def required_by_flags(user) -> bool:
    """The part of the policy the user row itself shows (no query)."""
    return bool(settings.KKR_REQUIRE_2FA and (user.is_superuser or user.is_staff))


# --- Forms ------------------------------------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Kode",
        max_length=16,
        help_text="De 6 cifre fra din autentificeringsapp, eller en af dine gendannelseskoder.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).replace("-", "")
        if not code.isascii() or not code.isalnum():
            raise forms.ValidationError("Skriv koden med cifre og bogstaver, uden andre tegn.")
        return code.lower()


class ConfirmForm(forms.Form):
    """An explicit yes for an action that cannot be undone."""

    confirm = forms.BooleanField(label="Ja, jeg forstår det", required=True)


# --- Helpers ----------------------------------------------------------------------------------------------------


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("portal:home")


def _app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _secret(device) -> str:
    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with ten new ones (each works once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _matches(device, code: str) -> bool:
    """A code of a device not saved yet (set-up), checked without touching the database."""
    if not code.isdigit():
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return bool(totp.verify(int(code), device.tolerance))


def _verified_with(request, device) -> None:
    otp_login(request, device)
    request.session[REQUIRED_KEY] = needs_second_factor(request.user)


# --- Views ------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def verify(request):
    """Second step of the login: a code from the app or a recovery code."""
    if not has_second_factor(request.user):
        return redirect(_with_next("two-factor-setup", _next_url(request)))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device, waiting = None, False
        for candidate in devices_for_user(request.user, confirmed=True):
            allowed, _ = candidate.verify_is_allowed()
            if not allowed:
                waiting = True
                continue
            if candidate.verify_token(form.cleaned_data["code"]):
                device = candidate
                break
        if device is not None:
            _verified_with(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    f"Du loggede ind med en gendannelseskode; du har {left} tilbage. "
                    "Lav nye koder under «To-trins-login», hvis du er ved at løbe tør.",
                )
            return redirect(_next_url(request))
        if waiting:
            form.add_error("code", "For mange forkerte koder i træk. Vent et øjeblik, og prøv igen.")
        else:
            form.add_error("code", "Koden er forkert eller udløbet. Prøv med den kode, appen viser nu.")
    context = {"form": form, "next": _next_url(request)}
    return render(request, "registration/two_factor_verify.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def setup(request):
    """Set up (or replace) the authenticator app: a QR code and the secret, confirmed by one code; then ten
    recovery codes shown once."""
    if has_second_factor(request.user) and not is_verified(request):
        # Replacing the app needs the old one (or a recovery code) first.
        return redirect_to_verify(request, reverse("two-factor-setup"))
    # The new app's key waits in the session until a code confirms it: a refused try changes no row.
    key = request.session.get(SETUP_KEY) or random_hex(20)
    request.session[SETUP_KEY] = key
    device = TOTPDevice(user=request.user, name=APP_NAME, key=key, confirmed=True)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if _matches(device, form.cleaned_data["code"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=request.user).delete()
                device.save()
                codes = _new_recovery_codes(request.user)
            del request.session[SETUP_KEY]
            _verified_with(request, device)
            context = {"codes": codes, "next": _next_url(request), "first_time": True}
            return render(request, "registration/two_factor_codes.html", context)
        form.add_error("code", "Koden passer ikke. Tjek at appen viser koden for «KKR-sekretariat», og prøv igen.")
    context = {
        "form": form,
        "qr": segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR-kode til autentificeringsappen"),
        "secret": _secret(device),
        "next": _next_url(request),
        "required": required_by_policy(request.user),
    }
    return render(request, "registration/two_factor_setup.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET"])
@login_required
def overview(request):
    """The user's two-factor settings."""
    codes = StaticToken.objects.filter(device__user=request.user).count()
    context = {"app": _app(request.user), "codes_left": codes, "required": required_by_policy(request.user)}
    return render(request, "registration/two_factor_overview.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def new_codes(request):
    """Ten new recovery codes; the old ones stop working (asks first). Only a verified session: with the password
    alone they would be a second factor of the attacker's own."""
    if _app(request.user) is None:
        return redirect("two-factor-setup")
    if not is_verified(request):
        return redirect_to_verify(request, reverse("two-factor-new-codes"))
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = _new_recovery_codes(request.user)
        return render(request, "registration/two_factor_codes.html", {"codes": codes, "next": reverse("portal:home")})
    context = {
        "form": form,
        "title": "Nye gendannelseskoder",
        "text": "Du får ti nye gendannelseskoder. Dine gamle koder holder op med at virke med det samme.",
        "button": "Lav nye koder",
    }
    return render(request, "registration/two_factor_confirm.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def disable(request):
    """Members may turn two-factor login off again (asks first) from a verified session; staff and KL admins
    may not."""
    if has_second_factor(request.user) and not is_verified(request):
        return redirect_to_verify(request, reverse("two-factor-disable"))
    if required_by_policy(request.user):
        messages.error(request, "Sekretariatsmedarbejdere og KL-administratorer skal bruge to-trins-login.")
        return redirect("two-factor-overview")
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=request.user).delete()
            StaticDevice.objects.filter(user=request.user).delete()
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        request.session[REQUIRED_KEY] = False
        messages.success(request, "To-trins-login er slået fra. Du logger nu ind med adgangskoden alene.")
        return redirect("two-factor-overview")
    context = {
        "form": form,
        "title": "Slå to-trins-login fra",
        "text": "Appen og dine gendannelseskoder slettes, og du logger derefter ind med adgangskoden alene.",
        "button": "Slå to-trins-login fra",
        "danger": True,
    }
    return render(request, "registration/two_factor_confirm.html", context, status=400 if form.errors else 200)
