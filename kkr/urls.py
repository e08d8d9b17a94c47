from django.contrib import admin
from django.urls import include, path

from kkr.accounts import PasswordResetView
from kkr.health import healthz

handler500 = "kkr.middleware.database_unavailable_or_500"

admin.site.site_header = "KKR-sekretariat – administration"
admin.site.site_title = "KKR-sekretariat"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("konto/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("konto/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("portal.urls")),
    path("", include("members.urls")),
    path("", include("meetings.urls")),
    path("", include("elections.urls")),
    path("", include("appointments.urls")),
]
# Uploaded files (bilag, publications) are never served from MEDIA_URL, not even in dev mode: every download
# goes through a permission-checked view (docs/security.md).
