"""The layers (docs/architecture.md): the portal calls the apps' panels and demo loaders directly; no app registers
hooks at start-up, and a panel can't silently overwrite another's values."""

import pytest
from django.apps import AppConfig, apps

from portal.panels import with_panels


@pytest.mark.parametrize("label", ["members", "meetings", "elections", "appointments", "portal"])
def test_no_app_registers_anything_at_start_up(label):
    assert type(apps.get_app_config(label)).ready is AppConfig.ready


def test_two_panels_using_one_name_are_refused():
    assert with_panels({"council": 1}, {"a": 2}, {"b": 3}) == {"council": 1, "a": 2, "b": 3}
    with pytest.raises(ValueError, match="upcoming_meetings"):
        with_panels({"council": 1}, {"upcoming_meetings": []}, {"upcoming_meetings": []})
