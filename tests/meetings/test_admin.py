"""The meetings admin: rows only the services change are read-only there (docs/architecture.md)."""

import pytest
from django.urls import reverse

from meetings import services

from .conftest import at

pytestmark = pytest.mark.django_db


def test_meetings_publications_votes_and_attendance_are_read_only_in_the_admin(
    client, admin_user_kl, meeting, staff_user
):
    services.add_item(meeting, actor=staff_user, title="Punkt")
    [publication, _] = services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 1, 12))
    client.force_login(admin_user_kl)

    for model in ("meeting", "publication", "vote", "attendance"):
        assert client.get(reverse(f"admin:meetings_{model}_add")).status_code == 403
    change = reverse("admin:meetings_publication_change", args=[publication.pk])
    assert client.get(change).status_code == 200  # viewable
    assert client.post(change, {"state": "failed"}).status_code == 403
    assert client.post(reverse("admin:meetings_publication_delete", args=[publication.pk])).status_code == 403
    publication.refresh_from_db()
    assert publication.state != "failed"
    meeting_change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    assert client.post(meeting_change, {"location": "Andetsteds"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.location == "Aalborg Rådhus"
