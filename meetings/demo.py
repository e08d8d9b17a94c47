"""Demo meetings for KKR Nordjylland (``make run``): a held meeting with published agenda and minutes and bilag
of every kind (a text PDF, a scan, a tagged PDF, one on a closed item, made here: no file from outside), an
upcoming one with a member's proposal, and next year's plan of five ordinary meetings (FO 3.1). Once. The
council numbers its agendas block.item under its standing blocks (``numbering``), as KKR agendas since 2021 do."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.deadlines import is_working_day
from members.models import Council, Person

from . import demobilag, queries, services
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


# The items that go under the block "Udpegninger" (an appointment), and each item's case number.
APPOINTMENTS = {"Indstilling af medlem til Erhvervshusets bestyrelse"}
CASE_NUMBERS = {
    "Fælles kommunal praktikpladsindsats": "26/00412",
    "Det nære sundhedsvæsen: status på sundhedsklyngerne": "26/00388",
    "Indstilling af medlem til Erhvervshusets bestyrelse": "26/00501",
    "Orientering fra KL's bestyrelse": "26/00077",
}
# The texts of the standing items the demo's agendas get, and the decisions of the held meeting on them.
STANDING_TEXTS = {
    "Godkendelse af referat fra forrige møde": (
        "Referatet fra KKR Nordjyllands forrige møde er udsendt til medlemmerne og offentliggjort.",
        "Det indstilles, at KKR Nordjylland godkender referatet.",
        "Godkendt.",
    ),
    "Meddelelser": (
        "Formanden og sekretariatet orienterer om aktuelle sager fra KL og de nordjyske kommuner.",
        "Det indstilles, at KKR Nordjylland tager meddelelserne til efterretning.",
        "Taget til efterretning.",
    ),
    "Punkter til næste møde": (
        "Sekretariatet har samlet de sager, der forventes på de kommende møder.",
        "Det indstilles, at KKR Nordjylland drøfter sagerne til kommende møder.",
        "Drøftet. Kollektiv trafik i yderområderne tages op på næste møde.",
    ),
}
# (item title, bilag title, maker): a text PDF, a scan, a tagged PDF, and one on the closed item.
BILAG = [
    ("Fælles kommunal praktikpladsindsats", "Notat om praktikpladsindsatsen 2027-2028", demobilag.text_pdf),
    ("Fælles kommunal praktikpladsindsats", "Underskrevet samarbejdsaftale (scannet)", demobilag.scan_pdf),
    ("Det nære sundhedsvæsen: status på sundhedsklyngerne", "Status fra sundhedsklyngerne", demobilag.tagged_pdf),
    ("Indstilling af medlem til Erhvervshusets bestyrelse", "Kandidaternes baggrund", demobilag.closed_pdf),
]
STAFF_PRESENT = "Mette Vang, KKR-konsulent\nJonas Krogh, chefkonsulent, KL"


@dataclass(frozen=True)
class Days:
    """The demo's meeting times from the day it is loaded: held nine weeks before, the next three weeks on, and
    next year's plan; each stepped back to a working day (``at``)."""

    held: datetime
    upcoming: datetime
    plan: list[datetime]


def days(today: date) -> Days:
    return Days(
        held=at(today - timedelta(days=63)),
        upcoming=at(today + timedelta(days=21)),
        plan=[at(date(today.year + 1, month, day)) for month, day in ((3, 12), (5, 7), (6, 18), (9, 24), (11, 26))],
    )


def at(day: date, hour=10) -> datetime:
    """10 o'clock on the Friday on or before ``day``, or the working day before it when that Friday is a public
    holiday or a closed day (Langfredag, Juledag; meetings are held on working days)."""
    day -= timedelta(days=(day.weekday() - 4) % 7)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=COPENHAGEN)


def _build_agenda(meeting, actor):
    udpegninger = meeting.items.filter(is_section=True, title="Udpegninger").first()
    for kind, title, is_closed, case, recommendation, _ in ITEMS:
        services.add_item(
            meeting,
            actor=actor,
            kind=kind,
            title=title,
            is_closed=is_closed,
            case_presentation=case,
            recommendation=recommendation,
            case_number=CASE_NUMBERS.get(title, ""),
            section=udpegninger if title in APPOINTMENTS else None,
        )


def _add_bilag(meeting, actor):
    items = {item.title: item for item in meeting.items.all()}
    for title, bilag_title, make in BILAG:
        upload = SimpleUploadedFile("bilag.pdf", make(bilag_title), content_type="application/pdf")
        services.add_attachment(items[title], actor=actor, title=bilag_title, file=upload)


def _hold(meeting, actor):
    """Everyone present but two: one sent an afbud and the personal substitute came, one stayed away without."""
    sheet = queries.attendance_sheet(meeting)
    seats = [row for row in sheet if row.holds_seat and row.membership.kind != "mayor"]
    noticed = next((row for row in reversed(seats) if row.uninvited is not None), None)
    if noticed is not None:
        services.record_absence_notice(
            meeting, membership=noticed.membership, actor=actor, note="Anden mødeaktivitet",
            now=meeting.starts_at - timedelta(days=2),
        )  # fmt: skip
    absent = next((row for row in reversed(seats) if noticed is None or row.person != noticed.person), None)
    for row in queries.attendance_sheet(meeting):
        if row.holds_seat or row.is_substitute:
            present = not (noticed and row.person == noticed.person) and not (absent and row.person == absent.person)
            services.record_attendance(meeting, person=row.person, is_present=present, actor=actor)
    services.record_staff_present(meeting, actor=actor, staff_present=STAFF_PRESENT)
    decisions = {title: decision for _, title, _, _, _, decision in ITEMS}
    decisions.update({title: texts[2] for title, texts in STANDING_TEXTS.items()})
    for item in meeting.items.all():
        title = "Godkendelse af referat fra forrige møde" if item.is_previous_minutes else item.title
        if title in decisions:
            services.record_decision(item, actor=actor, decision=decisions[title])
    services.approve_minutes(meeting, actor=actor)


def _standing_items(council, actor):
    """The standing sections of real agendas in blocks, with the texts a secretariat would give them."""
    for standing in services.create_default_standing_items(council, actor=actor, blocks=True):
        if standing.title in STANDING_TEXTS:
            standing.case_presentation, standing.recommendation, _ = STANDING_TEXTS[standing.title]
            services.save_standing_item(standing, actor=actor)


def load_demo(today: date | None = None) -> str:
    council = Council.objects.get(slug="nordjylland")
    if council.meetings.exclude(kind=Meeting.Kind.CONSTITUENT).exists():  # the constituent one comes first
        return "Møder: findes allerede for KKR Nordjylland"
    when = days(today or timezone.localdate())
    actor = get_user_model().objects.filter(username="sekretariat-nordjylland").first()
    # The standing sections of real agendas: the upcoming meeting opens with the approval of the held meeting's
    # minutes, linked to them; the held one with the constituent meeting's.
    if not council.standing_items.exists():
        _standing_items(council, actor)
    held = services.plan_meeting(
        council, actor=actor, kind=Meeting.Kind.ORDINARY, starts_at=when.held, location="Aalborg Rådhus"
    )
    _build_agenda(held, actor)
    _add_bilag(held, actor)
    services.publish_agenda(held, actor=actor, now=held.starts_at - timedelta(days=8))
    _hold(held, actor)
    services.publish_minutes(held, actor=actor, now=held.starts_at + timedelta(days=3))
    upcoming = services.plan_meeting(
        council, actor=actor, kind=Meeting.Kind.ORDINARY, starts_at=when.upcoming, location="Hjørring Rådhus"
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
    for starts_at in when.plan:
        services.plan_meeting(
            council, actor=actor, kind=Meeting.Kind.ORDINARY, starts_at=starts_at, location="Aalborg Rådhus"
        )
    return (
        "Møder: KKR Nordjylland – ét afholdt møde med dagsorden, referat og bilag, ét kommende, mødeplan for næste år"
    )
