"""The demo's constituent meeting (B1 1.3-1.4): its chair and vice-chair are the result of its chair election,
run through the ordinary services, so the demo's chair roles never block the constituent flow."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from elections.models import ChairElection
from meetings.models import AgendaItem
from members.models import ChairRole

pytestmark = pytest.mark.django_db


def test_b1_1_4_the_demos_chair_roles_come_from_its_constituent_meetings_chair_election(
    client, nordjylland, period, settings
):
    settings.DEV_MODE = True
    call_command("load_demo_data", stdout=StringIO())
    election = ChairElection.objects.get(constituent__council=nordjylland, constituent__period=period)
    assert election.state == ChairElection.State.CONFIRMED
    current = ChairRole.objects.filter(council=nordjylland, period=period, ends_on__isnull=True)
    assert set(current) == {election.chair_role, election.vice_chair_role}
    assert election.chair_role.membership.party == election.chair_party
    item = AgendaItem.objects.get(meeting=election.constituent.meeting, step=AgendaItem.Step.CHAIR_ELECTION)
    assert election.chair_role.membership.person.name in item.decision
    client.force_login(get_user_model().objects.get(username="sekretariat-nordjylland"))
    page = client.get(reverse("elections:constituent-detail", args=[nordjylland.slug, period.name]))
    assert page.status_code == 200
    assert election.chair_role.membership.person.name in page.text


def test_b1_1_4_a_chair_role_entered_for_the_period_before_the_constituent_meeting_is_what_blocked_the_demo(
    nordjylland, period, settings
):
    """The demo once entered its chair roles by hand from the day the council took office; the constituent
    meeting could then never confirm its own election. Loading the demo twice keeps one election and two roles."""
    settings.DEV_MODE = True
    call_command("load_demo_data", stdout=StringIO())
    call_command("load_demo_data", stdout=StringIO())
    assert ChairElection.objects.filter(constituent__council=nordjylland).count() == 1
    assert ChairRole.objects.filter(council=nordjylland, ends_on__isnull=True).count() == 2


def test_fo_3_5_the_demos_held_meeting_names_its_meeting_leader_in_the_minutes(nordjylland, period, settings):
    """The chair is elected at the constituent meeting before the demo's later meetings are held, so their
    minutes name the meeting leader."""
    from meetings.models import Meeting, Publication

    settings.DEV_MODE = True
    call_command("load_demo_data", stdout=StringIO())
    chair = ChairRole.objects.get(council=nordjylland, period=period, role=ChairRole.Role.CHAIR)
    held = Meeting.objects.get(council=nordjylland, kind=Meeting.Kind.ORDINARY, status=Meeting.Status.HELD)
    for minutes in Publication.objects.filter(meeting=held, kind=Publication.Kind.MINUTES):
        assert minutes.content["leader"] == chair.membership.person.name, minutes.audience
