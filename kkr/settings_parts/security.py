"""Security settings (docs/security.md): sessions, HTTPS, the Content-Security-Policy, login throttling and
two-factor login."""

from datetime import timedelta

from .env import DEV_MODE, env_bool, env_int

# --- Security (docs/security.md) -------------------------------------------------------------------------
# The object permission that makes a user secretariat staff of a council. kkr is the bottom layer and names the
# permission here instead of importing the app that defines it (members.permissions.MANAGE reads it back).
KKR_STAFF_PERMISSION = "members.manage_council"
# Sessions: a working day by default; staff sessions also end when the browser closes
# (kkr.security.staff_session_ends_with_browser, on login).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie; either way is fine
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEV_MODE)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEV_MODE)
# HTTPS: redirect plain HTTP unless a TLS-terminating proxy does it (SECURE_SSL_REDIRECT=0 then).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEV_MODE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container healthcheck speaks plain HTTP inside the network
# Trust X-Forwarded-Proto only when told a proxy sets it (a client could send it otherwise).
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEV_MODE else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Silenced only for what is configured on purpose: the redirect left to a TLS-terminating proxy, and the HSTS
# preload list, a one-way decision for the domain's owner (SECURE_HSTS_PRELOAD=1 opts in).
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_SSL_REDIRECT else ["security.W008"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]

# Content-Security-Policy (django-csp 4): everything from our own origin, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes), in every mode: after AXES_FAILURE_LIMIT failures for a user name, or from
# an address, further attempts are refused for AXES_COOLOFF_MINUTES.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# A successful login forgives only that user name's failures from that address, never the address's guesses at
# other user names (kkr/throttle.py).
AXES_HANDLER = "kkr.throttle.LoginThrottle"
AXES_RESET_ON_SUCCESS = True
# Behind a proxy, the client's address is in X-Forwarded-For (AXES_PROXY_COUNT proxies in front); only then.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_VERBOSE = False
# The API's rate limit counts the same client address (django-ninja trusts X-Forwarded-For only behind that many
# proxies; with 0 a client could send a new X-Forwarded-For on every request and never be limited).
NINJA_NUM_PROXIES = AXES_IPWARE_PROXY_COUNT

# Two-factor login (django-otp; kkr/twofactor.py): required for secretariat staff and KL admins. Production
# never relaxes it; dev mode relaxes it unless KKR_REQUIRE_2FA=1, so the demo works without a phone.
KKR_REQUIRE_2FA = env_bool("KKR_REQUIRE_2FA", False) if DEV_MODE else True
OTP_TOTP_ISSUER = "KKR-sekretariat"
OTP_TOTP_THROTTLE_FACTOR = 1  # 1, 2, 4, 8 … seconds between tries after wrong codes (max 1 hour)
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # a KL admin can reset a user's app in the admin, never read its secret
