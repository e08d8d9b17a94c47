"""The data set's people (``benchmarks/generate.py``): each council's roster in a period through
``members.services.add_member``, the old period's seats ended, the bench users, and every 2026-2030 seat of
the regional bodies filled through ``appointments.services``. Imported once Django is set up."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from guardian.shortcuts import assign_perm

from members import services as member_services
from members.models import ChairRole, EndReason, Membership, MunicipalOffice, Person, SeatEntitlement

PASSWORD = "kkr-bench-2026"
LETTERS = ("A", "V", "C", "F", "Æ", "Ø", "I", "O")
FIRST = ("Anne", "Bent", "Camilla", "Dorte", "Erik", "Frederik", "Gitte", "Hans", "Inge", "Jens", "Karen", "Lars")
LAST = ("Andersen", "Bach", "Christensen", "Dahl", "Eriksen", "Friis", "Hansen", "Jensen", "Kjær", "Lund", "Madsen")


class Names:
    def __init__(self, rng: random.Random):
        self.rng, self.used = rng, set()

    def __call__(self) -> str:
        while True:
            name = f"{self.rng.choice(FIRST)} {self.rng.choice(FIRST)[0]}. {self.rng.choice(LAST)}"
            if name not in self.used:
                self.used.add(name)
                return name


def build_roster(council, period, starts_on, rng, names, parties) -> list[Membership]:
    """A mayor and a party-elected member per municipality, added through ``add_member`` (B1 1.0)."""
    towns = list(council.municipalities.order_by("name"))
    ends_on = period.ends_on
    plan = [(town, kind, rng.choice(LETTERS)) for town in towns for kind in ("mayor", "member")]
    seats = {}
    for _, kind, letter in plan:
        total, mayors = seats.get(letter, (0, 0))
        seats[letter] = (total + 1, mayors + (kind == "mayor"))
    for letter, (total, mayors) in seats.items():
        SeatEntitlement.objects.create(
            council=council, period=period, party=parties[letter], seats=total, mayors=mayors, note="Benchmark"
        )
    memberships = []
    for town, kind, letter in plan:
        name = names()
        person = Person.objects.create(
            name=name, municipality=town, party=parties[letter], email=f"{name.lower().replace(' ', '.')}@bench.example"
        )
        office_kind = MunicipalOffice.Kind.MAYOR if kind == "mayor" else MunicipalOffice.Kind.COUNCIL_MEMBER
        office_from = date(starts_on.year, 1, 1)
        for office in {office_kind, MunicipalOffice.Kind.COUNCIL_MEMBER}:
            MunicipalOffice.objects.create(
                person=person,
                municipality=town,
                kind=office,
                party=parties[letter],
                starts_on=office_from,
                ends_on=ends_on if ends_on.year < 2026 else None,
                mayor_since=office_from if office == MunicipalOffice.Kind.MAYOR else None,
            )
        memberships.append(member_services.add_member(council, person=person, starts_on=starts_on, actor=None))
    for role, membership in zip((ChairRole.Role.CHAIR, ChairRole.Role.VICE_CHAIR), memberships[::2], strict=False):
        ChairRole.objects.create(council=council, period=period, membership=membership, role=role, starts_on=starts_on)
    return memberships


def end_period(period) -> None:
    """The old period's seats and chair roles end with it (a new period, new people)."""
    Membership.objects.filter(period=period).update(ends_on=period.ends_on, end_reason=EndReason.PERIOD_ENDED)
    ChairRole.objects.filter(period=period).update(ends_on=period.ends_on, end_reason=EndReason.PERIOD_ENDED)


def appoint(council, rng, staff) -> int:
    """Every seat of ``council`` in 2026-2030 filled through ``appointments.services``: political seats by
    current members (by a group, proportionally, or by majority), the others by representatives nominated for
    them; a personal substitute where the body has them; every third seat's first holder replaced after 150 days (the
    register's history). Its own ``rng``, after the meetings: the rest of the data set is as before."""
    from appointments import services as appointment_services
    from appointments.models import Appointment, Seat

    members = [m.person for m in council.memberships.filter(period__name="2026-2030").select_related("person")]
    rng.shuffle(members)
    people, made = iter(members * 4), 0

    def fill(seat, role, starts_on, method):
        person = next(people) if seat.is_political else Person.objects.create(name=f"Repræsentant {seat.pk}-{made}")
        group = "Gruppe A" if method == Appointment.Method.PROPORTIONAL else ""
        return appointment_services.appoint_representative(
            seat, person=person, role=role, starts_on=starts_on, method=method, group=group, actor=staff
        )

    seats = Seat.objects.filter(council=council, period__name="2026-2030").select_related("body", "period")
    for n, seat in enumerate(seats.order_by("body__name", "order")):
        starts_on = max(date(2026, 2, 1), appointment_services.term_of(seat)[0])
        method = Appointment.Method.NOMINATION
        if seat.is_political:
            method = Appointment.Method.PROPORTIONAL if n % 2 else Appointment.Method.MAJORITY
        role = Appointment.Role.CHAIR if seat.is_chair else Appointment.Role.MEMBER
        holder = fill(seat, role, starts_on, method)
        made += 1
        if n % 3 == 0:
            reason = Appointment.EndReason.RESIGNED
            replaced_on = starts_on + timedelta(days=150)
            appointment_services.end_appointment(holder, on=replaced_on, reason=reason, actor=staff)
            fill(seat, role, replaced_on + timedelta(days=1), method)
            made += 1
        if seat.body.has_personal_substitutes:
            fill(seat, Appointment.Role.SUBSTITUTE, starts_on, method)
            made += 1
    return made


def users(councils) -> None:
    """``sekretariat-<slug>`` (staff of the council) and ``medlem-hovedstaden`` (a seated member)."""
    User = get_user_model()
    for council in councils:
        user = User.objects.create_user(f"sekretariat-{council.slug}", password=PASSWORD, email="s@bench.example")
        assign_perm("members.manage_council", user, council)
    member = Membership.objects.current(timezone.localdate()).filter(council__slug="hovedstaden").first()
    person = member.person
    person.user = User.objects.create_user("medlem-hovedstaden", password=PASSWORD, email=person.email)
    person.save(update_fields=["user"])
