from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "appointments"
    verbose_name = "Udpegninger"

    def ready(self):
        from . import checks  # noqa: F401 - registers the database check of SPEC §4's one holder a day
