from tests.appointments.conftest import bodies  # noqa: F401  (the reference bodies of the appointments tests)
