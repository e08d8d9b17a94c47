"""Demo meetings for KKR Nordjylland (``make run``): a held meeting with published agenda and minutes, an
upcoming one with a member's proposal, and next year's plan of five ordinary meetings (FO 3.1). Once."""

from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from members.models import Council, Person

from . import queries, services
from .deadlines import COPENHAGEN
from .models import AgendaItem, Meeting

ITEMS = [
    (AgendaItem.Kind.DECISION, "Fælles kommunal praktikpladsindsats", False),
    (AgendaItem.Kind.DISCUSSION, "Det nære sundhedsvæsen: status på sundhedsklyngerne", False),
    (AgendaItem.Kind.DECISION, "Indstilling af medlem til Erhvervshusets bestyrelse", True),
    (AgendaItem.Kind.ORIENTATION, "Orientering fra KL's bestyrelse", False),
]


def at(day: date, hour=10) -> datetime:
    """10 o'clock on the Friday on or before ``day`` (meetings are held on weekdays)."""
    day -= timedelta(days=(day.weekday() - 4) % 7)
    return datetime(day.year, day.month, day.day, hour, tzinfo=COPENHAGEN)


def _build_agenda(meeting, actor):
    for kind, title, is_closed in ITEMS:
        services.add_item(
            meeting,
            actor=actor,
            kind=kind,
            title=title,
            is_closed=is_closed,
            case_presentation=f"Sagsfremstilling: {title}. Sekretariatet har forberedt sagen med materiale.",
            recommendation="Det indstilles, at KKR Nordjylland tiltræder indstillingen." if kind == "decision" else "",
        )


def _hold(meeting, actor):
    for row in queries.attendance_sheet(meeting):
        if row.holds_seat:
            services.record_attendance(meeting, person=row.person, is_present=True, actor=actor)
    for item in meeting.items.all():
        services.record_decision(item, actor=actor, decision="Indstillingen blev tiltrådt.")
    services.approve_minutes(meeting, actor=actor)


def load_demo() -> str:
    council = Council.objects.get(slug="nordjylland")
    if council.meetings.exists():
        return "Møder: findes allerede for KKR Nordjylland"
    today = timezone.localdate()
    actor = get_user_model().objects.filter(username="sekretariat-nordjylland").first()
    held = services.plan_meeting(
        council,
        actor=actor,
        kind=Meeting.Kind.ORDINARY,
        starts_at=at(today - timedelta(days=63)),
        location="Aalborg Rådhus",
    )
    _build_agenda(held, actor)
    services.publish_agenda(held, actor=actor, now=held.starts_at - timedelta(days=8))
    _hold(held, actor)
    services.publish_minutes(held, actor=actor, now=held.starts_at + timedelta(days=3))
    upcoming = services.plan_meeting(
        council,
        actor=actor,
        kind=Meeting.Kind.ORDINARY,
        starts_at=at(today + timedelta(days=21)),
        location="Hjørring Rådhus",
    )
    _build_agenda(upcoming, actor)
    proposer = Person.objects.filter(user__username="medlem-nordjylland").first()
    if proposer is not None:
        services.submit_proposal(
            upcoming,
            proposer=proposer,
            actor=proposer.user,
            title="Kollektiv trafik i yderområderne",
            text="Jeg foreslår, at KKR drøfter en fælles indsats for busbetjeningen.",
        )
    for month, day in ((3, 12), (5, 7), (6, 18), (9, 24), (11, 26)):
        starts_on = date(today.year + 1, month, day)
        services.plan_meeting(
            council, actor=actor, kind=Meeting.Kind.ORDINARY, starts_at=at(starts_on), location="Aalborg Rådhus"
        )
    return "Møder: KKR Nordjylland – ét afholdt møde med dagsorden og referat, ét kommende, mødeplan for næste år"
