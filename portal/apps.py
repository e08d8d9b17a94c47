from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages that show several apps at once: home, council pages, navigation, the demo command."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "Portal"
