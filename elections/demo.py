"""The real KV25 result for the demo (KKR Nordjylland 2026-2030), and the constituent meeting that elects the
demo's chair and vice-chair from it (B1 1.3-1.4).

`data/kv25-nordjylland.csv` is the official result of the municipal election of 18 November 2025 in the 11
municipalities (votes and seats from the final count, the mayor's list after the constitution), in the
application's own import format; `data/README.md` says where it comes from. It goes through the ordinary
import service, so the demo data is exactly what an import of the real file stores. Under the 2018 rules
the uncapped size is above the cap, so the cap binds: 2 × 11 = 22 members (seed 004).
"""

from datetime import datetime
from pathlib import Path

from django.contrib.auth import get_user_model

from kkr.formats import format_date
from meetings.deadlines import COPENHAGEN
from meetings.models import AgendaItem, Meeting
from meetings.queries import attendance_sheet
from meetings.services import approve_minutes, plan_meeting, record_attendance, update_item
from members.models import Council, ElectionPeriod, Membership

from .constituent import services as constituent_services
from .importing import parse_results
from .models import ChairElection, ElectionResultSet
from .services import import_results

KV25_NORDJYLLAND = Path(__file__).resolve().parent / "data" / "kv25-nordjylland.csv"
# The demo council took office on Tuesday 20 January 2026 (members.demo.CONSTITUTED): its constituent meeting.
CONSTITUENT_AT = datetime(2026, 1, 20, 10, tzinfo=COPENHAGEN)
# The person each unit's group names when it wins the chair or vice-chair (invented names, members.demo).
NAMED_BY_GROUP = {"A": "Lene Thorsager", "V": "Henrik Brix"}
CHAIR_ITEM = (
    "KKR vælger på det konstituerende møde formand og næstformand for perioden 2026-2030 ved forholdstalsvalg på "
    "grundlag af enhedernes stemmetal ved kommunalvalget i regionen. Valgforbund skulle anmeldes til "
    "sekretariatet senest tre hverdage før mødet.",
    "Det indstilles, at KKR Nordjylland vælger formand og næstformand.",
)


def demo_csv(council=None) -> str:
    """The KV25 result for KKR Nordjylland as import CSV."""
    return KV25_NORDJYLLAND.read_text(encoding="utf-8")


def load_demo_results(council, period, *, actor=None):
    """Import the KV25 result for `council` and `period` (a new result set each call)."""
    parsed = parse_results(demo_csv(council), council)
    if not parsed.is_valid:
        raise ValueError(f"{KV25_NORDJYLLAND.name}: {parsed.problems}")
    return import_results(
        parsed, period=period, actor=actor, source_name=KV25_NORDJYLLAND.name, note="KV25, endelig optælling"
    )


def load_demo() -> str:
    """The real KV25 result for KKR Nordjylland 2026-2030 (once)."""
    council = Council.objects.get(slug="nordjylland")
    period = ElectionPeriod.objects.get(name="2026-2030")
    if not ElectionResultSet.objects.filter(council=council, period=period).exists():
        load_demo_results(council, period)
    constituted = load_constituent_meeting(council, period)
    return f"Valgresultater (KV25): {council.name} {period.name}" + (
        f"; konstituerende møde {format_date(CONSTITUENT_AT)} med valg af formandskab" if constituted else ""
    )


def load_constituent_meeting(council, period) -> bool:
    """The demo's constituent meeting (B1 1.3-1.4), held through the ordinary services: planned with its items,
    everyone seated present, the chair election run and confirmed, so the chair roles are the election's result
    and its paragraph stands in the approved minutes. Once (False when the council already has a chair election)."""
    if ChairElection.objects.filter(constituent__council=council, constituent__period=period).exists():
        return False
    actor = get_user_model().objects.filter(username=f"sekretariat-{council.slug}").first()
    meeting = Meeting.objects.filter(council=council, kind=Meeting.Kind.CONSTITUENT, starts_at=CONSTITUENT_AT).first()
    if meeting is None:
        meeting = plan_meeting(
            council, actor=actor, kind=Meeting.Kind.CONSTITUENT, starts_at=CONSTITUENT_AT, location="Aalborg Rådhus"
        )
    item = meeting.items.get(step=AgendaItem.Step.CHAIR_ELECTION)
    case, recommendation = CHAIR_ITEM
    update_item(
        item, actor=actor, kind=item.kind, title=item.title, case_presentation=case, recommendation=recommendation,
        is_closed=False,
    )  # fmt: skip
    record = constituent_services.register_constituent_meeting(meeting, period=period, actor=actor)
    for row in attendance_sheet(meeting):
        if row.holds_seat:
            record_attendance(meeting, person=row.person, is_present=True, actor=actor)
    election = constituent_services.run_chair_election(record, actor=actor)
    chair, vice_chair = (_named(council, period, party) for party in (election.chair_party, election.vice_chair_party))
    constituent_services.confirm_chair_election(election, chair=chair, vice_chair=vice_chair, actor=actor)
    approve_minutes(meeting, actor=actor)
    return True


def _named(council, period, party) -> Membership:
    members = Membership.objects.current(CONSTITUENT_AT.date()).filter(council=council, period=period, party=party)
    return members.filter(person__name=NAMED_BY_GROUP.get(party.letter, "")).first() or members.order_by("pk").first()
