"""Account views hardened for public-sector use (docs/security.md): password-reset links point at
settings.SITE_URL, never at the Host header a visitor sent."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm


class SiteUrlPasswordResetForm(PasswordResetForm):
    """The link in the e-mail is built from SITE_URL's scheme and host (a forged Host header cannot send a
    member a link to somebody else's site)."""

    def save(self, **kwargs):
        site = urlsplit(settings.SITE_URL)
        kwargs["domain_override"] = site.netloc
        kwargs["use_https"] = site.scheme == "https"
        return super().save(**kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = SiteUrlPasswordResetForm
