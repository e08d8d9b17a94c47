from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "elections"
    verbose_name = "Valg og sammensætning"
