from django.contrib import admin
from django.urls import include, path

from kkr import twofactor
from kkr.accounts import PasswordResetView
from kkr.health import healthz

handler500 = "kkr.middleware.database_unavailable_or_500"

admin.site.site_header = "KKR-sekretariat – administration"
admin.site.site_title = "KKR-sekretariat"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("konto/to-trins/", twofactor.verify, name="two-factor-verify"),
    path("konto/to-trins/opret/", twofactor.setup, name="two-factor-setup"),
    path("konto/to-trins/indstillinger/", twofactor.overview, name="two-factor-overview"),
    path("konto/to-trins/nye-koder/", twofactor.new_codes, name="two-factor-new-codes"),
    path("konto/to-trins/fra/", twofactor.disable, name="two-factor-disable"),
    path("konto/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("konto/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("portal.urls")),
    path("", include("members.urls")),
    path("", include("meetings.urls")),
    path("", include("elections.urls")),
    path("", include("appointments.urls")),
    path("", include("api.urls")),
]
# Uploaded files (bilag, publications) are never served from MEDIA_URL, not even in dev mode: every download
# goes through a permission-checked view (docs/security.md).
