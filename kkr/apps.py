from django.apps import AppConfig

# Django imports this module once while it loads the apps: the import registers the system checks there, with
# nothing in ``ready``.
from . import checks  # noqa: F401


class KkrConfig(AppConfig):
    """The project package as an app only for its security wiring (kkr/security.py, kkr/twofactor.py)."""

    name = "kkr"
    verbose_name = "KKR-sekretariat"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .security import connect_session_ending, staff_session_ends_with_browser
        from .twofactor import remember_requirement

        user_logged_in.connect(staff_session_ends_with_browser, dispatch_uid="kkr-staff-session")
        user_logged_in.connect(remember_requirement, dispatch_uid="kkr-two-factor")
        connect_session_ending()
