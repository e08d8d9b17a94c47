"""Who may see and change appointments (SPEC §6), through the members helpers: the council's secretariat (and
KL admins) change; the council's members get 403; others 404. The public list needs no login."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from meetings.models import Meeting
from members.models import ElectionPeriod
from members.permissions import get_council, get_council_for_staff

from .models import Appointment, Body, Election, Seat

get_public_council = get_council


def get_period(name):
    return get_object_or_404(ElectionPeriod, name=name)


def get_body_for_staff(user, slug, pk):
    council = get_council_for_staff(user, slug)
    return council, get_object_or_404(Body, pk=pk, councils=council)


def get_body_to_change(user, slug, pk):
    """A body the user may change or abolish: the council's own for its staff; a body shared by several KKR or
    national only for a KL admin (403 for the member councils' staff, who still see it)."""
    council = get_council_for_staff(user, slug)
    body = get_object_or_404(Body.objects.prefetch_related("councils"), pk=pk, councils=council)
    if body.is_shared() and not user.is_superuser:
        raise PermissionDenied(
            f"{body} deles af flere KKR eller er landsdækkende: kun KL kan ændre eller nedlægge det."
        )
    return council, body


def get_seat_for_staff(user, slug, pk):
    council = get_council_for_staff(user, slug)
    return council, get_object_or_404(Seat.objects.select_related("body", "period"), pk=pk, council=council)


def get_appointment_for_staff(user, slug, pk):
    council = get_council_for_staff(user, slug)
    queryset = Appointment.objects.select_related("seat__body", "person")
    return council, get_object_or_404(queryset, pk=pk, seat__council=council)


def get_meeting_for_staff(user, slug, pk):
    council = get_council_for_staff(user, slug)
    return council, get_object_or_404(Meeting.objects.select_related("council"), pk=pk, council=council)


def get_election_for_staff(user, slug, meeting_pk, pk):
    council, meeting = get_meeting_for_staff(user, slug, meeting_pk)
    return council, get_object_or_404(
        Election.objects.select_related("body", "agenda_item", "meeting__council"), pk=pk, meeting=meeting
    )
