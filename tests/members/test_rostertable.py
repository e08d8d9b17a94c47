"""The roster page's rows as plain values (``members.rostertable``): the same text and links the
template printed from the models, escaped once."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from members.models import Leave, Party, SeatEntitlement
from members.queries import group_by_party, roster
from members.rostertable import entitlements_on, party_tables
from members.views.roster import _row_links
from tests.builders import entitle, leave, politician, seat, substitute

pytestmark = pytest.mark.django_db


def test_the_entitlements_are_those_the_orm_reads_with_their_parties(nordjylland, period):
    entitle(nordjylland, period, "V", seats=6)
    entitle(nordjylland, period, "A", seats=2)
    on = date(2026, 4, 1)
    expected = SeatEntitlement.objects.filter(
        council=nordjylland, period__starts_on__lte=on, period__ends_on__gte=on
    ).select_related("party")
    found = entitlements_on(nordjylland.pk, on)
    assert [(e.pk, e.seats, e.party.letter, e.party.name) for e in found] == [
        (e.pk, e.seats, e.party.letter, e.party.name) for e in expected
    ]
    assert entitlements_on(nordjylland.pk, date(2001, 1, 1)) == []


def test_a_row_holds_each_cell_escaped_once_and_the_staff_links(nordjylland, period):
    member = seat(nordjylland, period, politician("Anna <Ø> & co"))
    deputy = substitute(member, politician("Bo"))
    pending = leave(member, kind=Leave.Kind.PREVENTED, status=Leave.Status.AWAITING_DECISION)
    person = member.person
    person.party = Party.objects.get(letter="A")
    person.save()
    on = date(2026, 4, 1)
    board = roster(nordjylland, on=on)
    links = _row_links(nordjylland.slug, True)
    (table,) = party_tables(group_by_party(board.seats, []), links, can_manage=True)
    (row,) = table["rows"]
    assert row["name"] == escape("Anna <Ø> & co") and row["now_party"] == "A"
    assert row["pending"] == "Forhindret (B1 1.7) 01.03.2026–30.06.2026" and row["leave"] == ""
    assert row["pending_url"] == reverse("members:leave-decide", args=["nordjylland", pending.pk])
    assert row["substitute_end_url"] == reverse("members:substitute-depart", args=["nordjylland", deputy.pk])
    assert row["party_switch_url"] == ""  # party-elected, not a mayor
    members_view = party_tables(group_by_party(board.seats, []), _row_links("nordjylland", False), can_manage=False)
    assert "depart_url" not in members_view[0]["rows"][0]
