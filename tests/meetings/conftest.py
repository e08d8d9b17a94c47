"""Meeting fixtures: a council with seated members, a chair and vice-chair, and a planned ordinary meeting."""

import pytest

from meetings.models import Meeting
from tests.builders import at, seat_members


@pytest.fixture
def members(nordjylland, period):
    return seat_members(nordjylland, period, 4)


@pytest.fixture
def meeting(nordjylland, period):
    """An ordinary meeting on Tuesday 12 May 2026 at 10: FO 3.2 deadline 2 May, FO 3.3 deadline 5 May."""
    return Meeting.objects.create(
        council=nordjylland, period=period, starts_at=at(2026, 5, 12, 10), location="Aalborg Rådhus"
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded attachments and rendered PDFs go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
