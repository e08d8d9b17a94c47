from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from kkr.health import healthz

handler500 = "kkr.middleware.database_unavailable_or_500"

admin.site.site_header = "KKR-sekretariat – administration"
admin.site.site_title = "KKR-sekretariat"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("konto/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("portal.urls")),
    path("", include("members.urls")),
    path("", include("meetings.urls")),
    path("", include("elections.urls")),
    path("", include("appointments.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
