"""``make run``: a newcomer finds the demo users at the end of what the demo command prints."""

import sys

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_users_are_printed_after_the_e_mails_the_demo_sends(settings, capsys, reference_data):
    settings.DEV_MODE = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # as in make run

    call_command("load_demo_data", stdout=sys.stdout)

    out = capsys.readouterr().out
    assert "Subject:" in out  # the demo publishes an agenda, whose notices go to the console
    assert out.rindex("Subject:") < out.index("Demo-brugere")
    assert out.rstrip().splitlines()[-1].lstrip().startswith("medlem-nordjylland")
