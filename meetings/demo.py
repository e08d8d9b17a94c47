"""Demo meetings for KKR Nordjylland (``make run``): a held meeting with published agenda and minutes, an
upcoming one with a member's proposal, and next year's plan of five ordinary meetings (FO 3.1). Once."""

from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from members.deadlines import is_working_day
from members.models import Council, Person

from . import queries, services
from .deadlines import COPENHAGEN
from .models import AgendaItem, Meeting

# kind, title, closed, case presentation, recommendation, decision (as a secretariat would write them)
ITEMS = [
    (
        AgendaItem.Kind.DECISION,
        "Fælles kommunal praktikpladsindsats",
        False,
        "De nordjyske kommuner har siden 2024 samarbejdet om at skaffe flere praktikpladser til elever på "
        "erhvervsuddannelserne. Samarbejdet udløber ved årets udgang, og KKR-styregruppen for uddannelse "
        "foreslår at videreføre det i 2027-2028 med en fælles koordinator finansieret efter indbyggertal.",
        "Det indstilles, at KKR Nordjylland godkender, at praktikpladsindsatsen videreføres i 2027-2028, og at "
        "udgiften fordeles mellem kommunerne efter indbyggertal.",
        "Godkendt som indstillet. Thisted Kommune tog forbehold for den endelige finansiering, som forelægges "
        "kommunalbestyrelsen.",
    ),
    (
        AgendaItem.Kind.DISCUSSION,
        "Det nære sundhedsvæsen: status på sundhedsklyngerne",
        False,
        "Sekretariatet giver en status på arbejdet i de fire nordjyske sundhedsklynger efter sundhedsreformen, "
        "herunder fremskudte funktioner og fælles akutpladser. Punktet lægger op til en drøftelse af, hvilke "
        "temaer KKR ønsker at prioritere i dialogen med regionen.",
        "Det indstilles, at KKR Nordjylland drøfter status og peger på temaer for det videre arbejde.",
        "Drøftet. KKR lagde vægt på rekruttering af sundhedspersonale og på akutpladser i yderområderne, som "
        "sekretariatet tager med i dialogen med regionen.",
    ),
    (
        AgendaItem.Kind.DECISION,
        "Indstilling af medlem til Erhvervshusets bestyrelse",
        True,
        "KKR skal indstille et medlem til bestyrelsen for Erhvervshus Nordjylland for den kommende periode.",
        "Det indstilles, at KKR Nordjylland indstiller et medlem til bestyrelsen.",
        "Tiltrådt. Indstillingen meddeles Erhvervshuset.",
    ),
    (
        AgendaItem.Kind.ORIENTATION,
        "Orientering fra KL's bestyrelse",
        False,
        "Formanden orienterer om drøftelserne på KL's seneste bestyrelsesmøde, herunder økonomiforhandlingerne.",
        "Det indstilles, at KKR Nordjylland tager orienteringen til efterretning.",
        "Taget til efterretning.",
    ),
]


def at(day: date, hour=10) -> datetime:
    """10 o'clock on the Friday on or before ``day``, or the working day before it when that Friday is a public
    holiday or a closed day (Langfredag, Juledag; meetings are held on working days)."""
    day -= timedelta(days=(day.weekday() - 4) % 7)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=COPENHAGEN)


def _build_agenda(meeting, actor):
    for kind, title, is_closed, case, recommendation, _ in ITEMS:
        services.add_item(
            meeting,
            actor=actor,
            kind=kind,
            title=title,
            is_closed=is_closed,
            case_presentation=case,
            recommendation=recommendation,
        )


def _hold(meeting, actor):
    for row in queries.attendance_sheet(meeting):
        if row.holds_seat:
            services.record_attendance(meeting, person=row.person, is_present=True, actor=actor)
    decisions = {title: decision for _, title, _, _, _, decision in ITEMS}
    for item in meeting.items.all():
        services.record_decision(item, actor=actor, decision=decisions[item.title])
    services.approve_minutes(meeting, actor=actor)


def load_demo() -> str:
    council = Council.objects.get(slug="nordjylland")
    if council.meetings.exclude(kind=Meeting.Kind.CONSTITUENT).exists():  # the constituent one comes first
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
    # The standing sections of real agendas from here on: the upcoming meeting opens with the approval of the
    # held meeting's minutes, linked to them.
    if not council.standing_items.exists():
        services.create_default_standing_items(council, actor=actor)
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
