"""SPEC §4 (policy) as an attacker tries it: an appointment decided under a closed item of a meeting whose agenda
and minutes are not published reaches no page or export outside the council (anonymous, member and staff of
another council) until that meeting's public minutes are out; then its body, seat and person do, never the item's
text. A members-only draft of the minutes releases nothing. The council's own members and staff see it at once."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.security.test_matrix import ROUTES, expected, text_of, url_for
from tests.security.world import CLOSED_MARKERS, walk

pytestmark = pytest.mark.django_db

PERSON = "MARKOER-UDPEGET-PERSON"
BODY = "MARKOER-UDPEGET-ORGAN"
SEAT = "MARKOER-UDPEGET-PLADS"
MARKERS = (PERSON, BODY, SEAT)
OUTSIDERS = ("anonymous", "member_b", "staff_b")


def _closed_item_appointment(world):
    """A political seat of a new body filled under the unpublished meeting's closed item (from today)."""
    from appointments.models import Body, Seat
    from appointments.services import appoint_representative
    from tests.builders import politician

    body = Body.objects.create(key="markoer-organ", name=BODY)
    body.councils.add(world.a)
    seat = Seat.objects.create(body=body, council=world.a, period=world.period, label=SEAT)
    person = politician(PERSON, "Aalborg", letter="A")
    return appoint_representative(
        seat,
        person=person,
        starts_on=max(timezone.localdate(), world.period.starts_on),
        method="majority",
        actor=world.users["staff_a"],
        meeting=world.objects["upcoming"],
        agenda_item=world.objects["closed_item"],
    )


def _clients(world, roles):
    clients = {}
    for role in roles:
        clients[role] = Client(raise_request_exception=False)
        if world.users[role] is not None:
            clients[role].force_login(world.users[role])
    return clients


def _pages(world):
    """Every URL pattern the public may GET (council A's objects in the parameters), and searches for the markers."""
    patterns = list(walk())
    ROUTES.update({name: route for route, name in patterns})
    urls = [url_for(route, name, world) for route, name in patterns if "anonymous" in expected(name)]
    search = reverse("portal:search")
    # a part of each marker: the page repeats the query, so the whole marker shows only as a hit
    return urls + [f"{search}?q={marker.removeprefix('MARKOER-')}" for marker in MARKERS]


def _leaks(world, clients, urls) -> list[str]:
    found = []
    for role, client in clients.items():
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                continue
            text = text_of(response)
            found += [f"GET {url} som {role} viser {marker}" for marker in MARKERS if marker in text]
    return found


def _public_list(client, world) -> str:
    return client.get(reverse("appointments:public-list", args=[world.a.slug])).text


def _publish_minutes(world, *, draft):
    from meetings import services as meeting_services
    from meetings.models import Meeting, Publication

    meeting = world.objects["upcoming"]
    if not draft:
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD, minutes_approved_at=timezone.now())
        meeting.refresh_from_db()
    note = "" if draft else "Referatet er godkendt."
    meeting_services.publish_minutes(meeting, actor=world.users["staff_a"], draft=draft, change_note=note)
    for publication in Publication.objects.exclude(state=Publication.State.READY):
        meeting_services.render_publication(publication.pk)


def test_a_closed_item_appointment_is_public_only_once_the_meetings_public_minutes_are_published(security_world):
    world = security_world
    appointment = _closed_item_appointment(world)
    outsiders = _clients(world, OUTSIDERS)
    urls = _pages(world)
    assert reverse("appointments:public-list", args=[world.a.slug]) in urls

    assert _leaks(world, outsiders, urls) == []

    # The council's own members and staff see it at once (person page, search; staff: the register).
    insiders = _clients(world, ("member_a", "staff_a"))
    person_page = reverse("portal:person-detail", args=[world.a.slug, appointment.person_id])
    for role, client in insiders.items():
        assert BODY in client.get(person_page).text, role
        assert PERSON in client.get(reverse("portal:search"), {"q": PERSON.removeprefix("MARKOER-")}).text, role
    register = reverse("appointments:register-detail", args=[world.a.slug, world.period.name])
    assert PERSON in insiders["staff_a"].get(register).text

    _publish_minutes(world, draft=True)  # a draft goes to the members only: nothing is released
    assert _leaks(world, outsiders, urls) == []

    _publish_minutes(world, draft=False)
    for role, client in outsiders.items():
        shown = _public_list(client, world)
        assert PERSON in shown and BODY in shown, role
        assert not any(marker in shown for marker in CLOSED_MARKERS), role  # never the item's text


def test_an_appointment_not_decided_at_a_meeting_is_public_at_once(client, nordjylland, period, staff_user):
    """SPEC §4: the release waits only for a meeting the appointment was decided at; one registered without
    a meeting (directly by the secretariat, a nomination) has nothing to wait for."""
    from appointments.models import Body, Seat
    from appointments.services import appoint_representative
    from tests.builders import politician

    body = Body.objects.create(key="markoer-organ", name=BODY)
    body.councils.add(nordjylland)
    seat = Seat.objects.create(body=body, council=nordjylland, period=period, label=SEAT)
    appoint_representative(
        seat,
        person=politician(PERSON, "Aalborg", letter="A"),
        starts_on=max(timezone.localdate(), period.starts_on),
        method="majority",
        actor=staff_user,
    )
    shown = client.get(reverse("appointments:public-list", args=["nordjylland"])).text
    assert PERSON in shown and BODY in shown


@pytest.mark.parametrize("decided_by", ["meeting", "agenda_item"])
def test_who_sees_an_appointment_decided_at_a_meeting_before_and_after_its_public_minutes(
    nordjylland, hovedstaden, period, staff_user, member_user, decided_by
):
    """``visible_to``: the council's members and staff at once; a member of another council and the public only
    once the meeting's public minutes are ready (a draft or a minutes version still rendering releases nothing),
    whether the appointment names the meeting or only its agenda item."""
    from appointments.models import Appointment, Body, Seat
    from appointments.services import appoint_representative
    from meetings.models import AgendaItem, Meeting, Publication
    from members.permissions import NOBODY, roles_of
    from tests.builders import at, make_member, politician

    meeting = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2026, 3, 2, 10), location="X")
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Udpegning", is_closed=True)
    body = Body.objects.create(key="markoer-organ", name=BODY)
    seat = Seat.objects.create(body=body, council=nordjylland, period=period, label=SEAT)
    where = {"meeting": meeting} if decided_by == "meeting" else {"agenda_item": item}
    appointment = appoint_representative(
        seat,
        person=politician(PERSON, "Aalborg", letter="A"),
        starts_on=date(2026, 3, 2),
        method="majority",
        actor=staff_user,
        **where,
    )
    outsider = roles_of(make_member(hovedstaden, period, "medlem-b"))
    insiders = [roles_of(member_user), roles_of(staff_user)]

    def seen_by(roles):
        return appointment in Appointment.objects.visible_to(roles)

    def publish(**fields):
        values = {"kind": "minutes", "audience": "public", "state": "ready", "is_draft": False, **fields}
        values["requested_at"] = timezone.now()
        Publication.objects.create(meeting=meeting, version=Publication.objects.count() + 1, content={}, **values)

    assert all(seen_by(roles) for roles in insiders)
    assert not seen_by(outsider) and not seen_by(NOBODY) and appointment not in Appointment.objects.public()
    publish(is_draft=True)
    publish(state="rendering")
    publish(audience="members")
    publish(kind="agenda")
    assert not seen_by(outsider) and not seen_by(NOBODY) and appointment not in Appointment.objects.public()
    publish()
    assert seen_by(outsider) and seen_by(NOBODY) and appointment in Appointment.objects.public()
