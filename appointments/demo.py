"""Demo data: the 2026-2030 register of KKR Nordjylland, partly filled, with one vacancy (§ 28); the
Sundhedssamarbejdsudvalg until it ends by law on 31.12.2026; the erhvervshus's knowledge-institution seat,
appointed without a nomination; and a body of 2022-2026 whose seats were not yet copied to 2026-2030 (the
"Næste funktionsperiode" page of the 2022-2026 register offers it).

Idempotent and safe after users changed data: the bodies come from the data migration's loader; each demo
appointment is made only when its person exists, the same appointment is not there, and the seat is free —
through `appoint_representative`, so it passes the same checks (a refusal skips that row)."""

import importlib
from datetime import date

from django.apps import apps

from kkr.errors import RuleViolation
from members.models import Council, ElectionPeriod, Person

from .models import Appointment, Representative, Seat
from .services import add_representative, add_seat, appoint_representative, create_body, end_appointment

M, P, N = Appointment.Method.MAJORITY, Appointment.Method.PROPORTIONAL, Appointment.Method.NOMINATION
MEMBER, CHAIR, SUB = Appointment.Role.MEMBER, Appointment.Role.CHAIR, Appointment.Role.SUBSTITUTE
FROM = date(2026, 2, 1)
RAR_FROM = date(2026, 6, 1)
BUSINESS = "Demo Virksomhedsleder (fiktiv)"
KNOWLEDGE = ("Demo Prorektor (fiktiv)", "Aalborg Universitet")
HEALTH = "sundhedssamarbejdsudvalg-nordjylland"
# (body key, seat order, person, role, method, group, starts_on) — names from the members demo roster
PLAN = [
    ("erhvervshus-nordjylland", 1, "Henrik Brix", CHAIR, M, "", FROM),
    ("erhvervshus-nordjylland", 2, "Lene Thorsager", MEMBER, P, "A+F", FROM),
    ("erhvervshus-nordjylland", 3, "Louise Hvid", MEMBER, P, "V+C+Æ", FROM),
    ("erhvervshus-nordjylland", 4, "Rasmus Bak", MEMBER, P, "A+F", FROM),
    ("erhvervshus-nordjylland", 5, BUSINESS, MEMBER, N, "", FROM),
    ("danmarks-erhvervsfremmebestyrelse", 1, "Mette Kragh", MEMBER, M, "", FROM),
    ("rar-nordjylland", 1, "Tina Friis", MEMBER, P, "A+F", RAR_FROM),
    ("rar-nordjylland", 1, "Thomas Aagaard", SUB, P, "A+F", RAR_FROM),
    ("rar-nordjylland", 2, "Niels Bøgh", MEMBER, P, "V+C+Æ", RAR_FROM),
    ("rar-nordjylland", 2, "Inge Thomsen", SUB, P, "V+C+Æ", RAR_FROM),
    ("rar-nordjylland", 3, "Camilla Rask", MEMBER, P, "A+F", RAR_FROM),
    ("erhvervshus-nordjylland", 9, KNOWLEDGE[0], MEMBER, M, "", FROM),  # KKR appoints, no nomination (§ 13)
    # the mayors of the sundhedsklynger, until the body ends by law on 31.12.2026 (sundhedsloven § 204)
    (HEALTH, 1, "Lene Thorsager", MEMBER, M, "", FROM),
    (HEALTH, 2, "Jonna Bisgaard", MEMBER, M, "", FROM),
    (HEALTH, 3, "Gitte Krarup", MEMBER, M, "", FROM),
]
# a body of the previous period whose seats the secretariat has not yet copied forward (docs/appointments.md)
EARLIER_BODY = {
    "name": "Professionshøjskolen UCN – bestyrelse",
    "legal_basis": "Gæt: vedtægten for Professionshøjskolen UCN",
    "notes": "Demodata: et organ fra 2022-2026, hvis pladser endnu ikke er kopieret til 2026-2030.",
    "source": "gæt",
}
EARLIER_SEATS = ["Kommunal repræsentant 1", "Kommunal repræsentant 2"]
RESIGNED = ("Rasmus Bak", date(2026, 9, 30))  # the vacancy: the group A+F names a new member (§ 28)


def load_demo() -> str:
    importlib.import_module("appointments.migrations.0010_reference_bodies_2026_2030").load_bodies(apps)
    council = Council.objects.get(slug="nordjylland")
    period = ElectionPeriod.objects.get(name="2026-2030")
    Person.objects.get_or_create(name=BUSINESS)
    if not Representative.objects.filter(person__name=KNOWLEDGE[0]).exists():
        add_representative(council, name=KNOWLEDGE[0], organisation=KNOWLEDGE[1], kind="knowledge", actor=None)
    _earlier_body(council)
    made = sum(_appoint(council, period, *row) for row in PLAN)
    _resign(*RESIGNED)
    return f"Udpegninger (demo): {council.name} {period.name}, {made} nye"


def _appoint(council, period, key, order, name, role, method, group, starts_on) -> int:
    seat = Seat.objects.filter(body__key=key, council=council, period=period, order=order).first()
    person = Person.objects.filter(name=name).order_by("pk").first()
    if seat is None or person is None or Appointment.objects.filter(seat=seat, person=person, role=role).exists():
        return 0
    try:
        appoint_representative(
            seat, person=person, role=role, starts_on=starts_on, method=method, actor=None, group=group,
            note="Demodata",
        )  # fmt: skip
    except RuleViolation:
        return 0
    return 1


def _resign(name: str, on: date) -> None:
    running = Appointment.objects.filter(person__name=name, end_reason="", starts_on__lte=on, note="Demodata")
    for appointment in running.exclude(ends_on__lt=on):
        end_appointment(appointment, on=on, reason=Appointment.EndReason.RESIGNED, actor=None)


def _earlier_body(council) -> None:
    if council.bodies.filter(name=EARLIER_BODY["name"]).exists():
        return
    body = create_body(council, actor=None, **EARLIER_BODY)
    earlier = ElectionPeriod.objects.get(name="2022-2026")
    for label in EARLIER_SEATS:
        add_seat(body, council, period=earlier, label=label, is_political=True, actor=None)
