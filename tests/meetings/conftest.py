"""Meeting fixtures: a council with seated members, a chair and vice-chair, and a planned ordinary meeting."""

from datetime import date, datetime

import pytest

from meetings.deadlines import COPENHAGEN
from meetings.models import Meeting
from members.models import ChairRole, Membership, Party, Person

SEATED_ON = date(2026, 1, 20)


def at(*args) -> datetime:
    """An aware Copenhagen datetime: ``at(2026, 5, 12, 10)``."""
    return datetime(*args, tzinfo=COPENHAGEN)


def seat_members(council, period, count, *, prefix="Medlem") -> list[Membership]:
    """``count`` party-elected members seated from 20 January 2026; the first chairs, the second is vice-chair."""
    municipality = council.municipalities.order_by("name").first()
    party = Party.objects.get(letter="A")
    memberships = []
    for n in range(1, count + 1):
        person = Person.objects.create(
            name=f"{prefix} {n:02d}", municipality=municipality, party=party, email=f"{prefix.lower()}{n}@kkr.example"
        )
        memberships.append(
            Membership.objects.create(
                council=council,
                period=period,
                person=person,
                kind=Membership.Kind.PARTY_ELECTED,
                party=party,
                municipality=municipality,
                starts_on=SEATED_ON,
            )
        )
    for role, membership in zip(ChairRole.Role, memberships[:2], strict=False):
        ChairRole.objects.create(council=council, period=period, membership=membership, role=role, starts_on=SEATED_ON)
    return memberships


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


def pdf_file(name="bilag.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
