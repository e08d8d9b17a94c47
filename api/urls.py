from django.urls import path, re_path
from django.views.decorators.http import require_safe

from .views import api, index, unknown

urlpatterns = [
    path("api/v1/", require_safe(index), name="api-index"),
    path("api/v1/", api.urls),
    # Anything else under /api/ is a JSON 404 in Danish, not the site's HTML page.
    re_path(r"^api/", unknown, name="api-unknown"),
]
