from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only open-data API (docs/api.md): what the public pages show, as JSON."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "Åbne data (API)"
