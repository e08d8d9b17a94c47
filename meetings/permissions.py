"""Who may see and do what with meetings (SPEC §6), built on ``members.permissions``.

Staff of the council manage; its members and substitutes read everything including closed items; the
public sees meetings whose agenda is published and only the public versions. A lookup raises 404 when the
user may not see the object and 403 (``PermissionDenied``) when they may see it but not act.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from members import permissions as council_permissions
from members.deadlines import COPENHAGEN
from members.models import Membership, Person, SubstituteAssignment, current_on

from . import queries
from .models import (
    AbsenceNotice,
    AgendaItem,
    Attachment,
    CalendarFeed,
    ItemProposal,
    Meeting,
    Publication,
    StandingItem,
    Vote,
)

get_council = council_permissions.get_council
get_council_for_staff = council_permissions.get_council_for_staff
get_council_for_members = council_permissions.get_council_for_members


def get_meeting_for_staff(user, slug, pk) -> Meeting:
    return _meeting_of(get_council_for_staff(user, slug), pk)


def get_meeting_for_members(user, slug, pk) -> Meeting:
    return _meeting_of(get_council_for_members(user, slug), pk)


def _meeting_of(council, pk) -> Meeting:
    """The council's meeting with its period's rule set; the council is the one already found (the user's roles:
    no join to read it again)."""
    meeting = get_object_or_404(Meeting.objects.select_related("period__rule_set"), council=council, pk=pk)
    meeting.council = council
    return meeting


def get_public_meeting(slug, pk) -> Meeting:
    """Only a meeting whose agenda has been published exists for the public."""
    return get_object_or_404(
        Meeting.objects.with_published_agenda().select_related("council", "period__rule_set"), council__slug=slug, pk=pk
    )


def get_item_for_staff(user, slug, pk) -> AgendaItem:
    council = get_council_for_staff(user, slug)
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting__council", "meeting__period__rule_set"),
        meeting__council=council,
        pk=pk,
    )


def get_vote_for_staff(user, slug, pk) -> Vote:
    council = get_council_for_staff(user, slug)
    queryset = Vote.objects.select_related("item__meeting__council", "item__meeting__period__rule_set")
    return get_object_or_404(queryset, item__meeting__council=council, pk=pk)


def get_proposal_for_staff(user, slug, pk) -> ItemProposal:
    council = get_council_for_staff(user, slug)
    queryset = ItemProposal.objects.select_related("meeting__council", "meeting__period__rule_set", "proposer")
    return get_object_or_404(queryset, meeting__council=council, pk=pk)


def get_standing_item_for_staff(user, slug, pk) -> StandingItem:
    council = get_council_for_staff(user, slug)
    return get_object_or_404(StandingItem.objects.select_related("council"), council=council, pk=pk)


def get_calendar_feed(token) -> CalendarFeed:
    """The secret address is the only key: an unknown (or renewed-away) token is 404."""
    return get_object_or_404(CalendarFeed.objects.select_related("person"), token=token)


def get_publication_for_staff(user, slug, pk) -> Publication:
    council = get_council_for_staff(user, slug)
    return get_object_or_404(Publication.objects.select_related("meeting__council"), meeting__council=council, pk=pk)


def get_publication_for_download(user, pk) -> Publication:
    """A ready PDF: the public version for anyone, the members' version only inside the council."""
    publication = get_object_or_404(Publication.objects.ready().select_related("meeting__council"), pk=pk)
    if not publication.is_public and not can_read_closed_of(user, publication.meeting):
        raise Http404("Ingen adgang")
    return publication


def can_read_closed_of(user, meeting) -> bool:
    """Closed items and the members' version of one meeting: staff and the council's members; a personal
    substitute only for a meeting they are summoned to (their member sent an afbud, B1 1.8). Staff and today's
    members without a query; anyone else as ``meetings_read_in_full`` says."""
    council, mine = meeting.council, council_permissions.roles_of(user)
    if mine.manages(council) or council.pk in mine.seated_in:  # staff, or a member today (no query)
        return True
    if not user.is_authenticated:
        return False
    return meetings_read_in_full(user).filter(pk=meeting.pk).exists()


def meetings_read_in_full(user) -> QuerySet:
    """The meetings whose members' version (closed items included) ``user`` reads (SPEC §6, B1 1.8): every meeting
    of a council they manage or hold a seat in today; a meeting of a council where they held a seat on the
    meeting day; a meeting their member sent an afbud to, for a personal substitute on that day. The one
    definition behind ``can_read_closed_of`` (the meeting pages, PDFs and bilag) and ``shown_publications``
    (search)."""
    mine = council_permissions.roles_of(user)
    if not user.is_authenticated:
        return Meeting.objects.none()
    own = [council.pk for council in mine.managed] + list(mine.seated_in)

    seat = Membership.objects.filter(current_on(OuterRef("day")), council=OuterRef("council"), person__user=user)
    substitute = SubstituteAssignment.objects.filter(
        current_on(OuterRef(OuterRef("day"))),
        membership=OuterRef("membership"),
        membership__council=OuterRef(OuterRef("council")),
        person__user=user,
    )
    summoned = AbsenceNotice.objects.filter(Exists(substitute), meeting=OuterRef("pk"))
    meetings = Meeting.objects.alias(day=TruncDate("starts_at", tzinfo=COPENHAGEN))  # ``meets_on``
    return meetings.filter(Q(council__in=own) | Exists(seat) | Exists(summoned))


def shown_publications(user, meetings: list[int] | None = None) -> RawSQL:
    """The publications whose content one of ``user``'s meeting pages shows, as an SQL subquery of their ids (for
    ``pk__in``, or ``IN`` in plain SQL): what search reads outside the councils the user manages, whose pages show
    the live items (SPEC §6, FO 3.0, FO 3.3, FO 3.4). ``meetings``: only those of these meetings (a page's
    meetings), so that the database decides it for them alone, not for every meeting there is.

    - In a council they hold a seat in today: the members' version (they read every meeting there in full).
    - In a council where they are a personal substitute: the members' version of a meeting they read in full
      (``meetings_read_in_full``), else the public version (``member_meeting``).
    - Elsewhere: the public version of a meeting whose public agenda is out (``public_meeting``).
    - Of those, the versions the meeting's page shows (``queries.on_page_sql``): the newest minutes once they
      are out, else the newest agenda and Tillæg. Never a version older than the page shows, never a live row.
    """
    mine = council_permissions.roles_of(user)
    managed = [council.pk for council in mine.managed]
    seated = [pk for pk in sorted(mine.seated_in) if pk not in managed]
    substitute = [c.pk for c in mine.member_of if c.pk not in managed and c.pk not in mine.seated_in]
    members, public = Publication.Audience.MEMBERS.value, Publication.Audience.PUBLIC.value
    agenda_out = f"""EXISTS (SELECT 1 FROM {PUBLICATION} g WHERE g.meeting_id = p.meeting_id
        AND g.kind = '{Publication.Kind.AGENDA.value}' AND g.audience = '{public}')"""
    params: list = []
    where = [queries.on_page_sql("p")]
    if meetings is not None:
        where.append(f"p.meeting_id IN ({_marks(meetings)})" if meetings else "1 = 0")
        params += meetings
    if managed:
        where.append(f"m.council_id NOT IN ({_marks(managed)})")
        params += managed
    own = seated + substitute
    elsewhere = f"p.audience = '{public}' AND {agenda_out}"
    if own:
        elsewhere += f" AND m.council_id NOT IN ({_marks(own)})"
    branches, branch_params = [f"({elsewhere})"], [*own]
    if seated:  # they read every meeting there in full (``meetings_read_in_full``): no need to ask
        branches.append(f"(m.council_id IN ({_marks(seated)}) AND p.audience = '{members}')")
        branch_params += seated
    if substitute:
        full = meetings_read_in_full(user).order_by()
        if meetings is not None:
            full = full.filter(pk__in=meetings)
        full_sql, full_params = full.values("pk").query.sql_with_params()
        branches.append(
            f"""(m.council_id IN ({_marks(substitute)}) AND p.audience = CASE WHEN m.id IN ({full_sql})
                THEN '{members}' ELSE '{public}' END)"""
        )
        branch_params += [*substitute, *full_params]
    where.append(f"({' OR '.join(branches)})")
    params += branch_params
    sql = f"""SELECT p.id FROM {PUBLICATION} p JOIN {Meeting._meta.db_table} m ON m.id = p.meeting_id
        WHERE {" AND ".join(where)}"""
    return RawSQL(sql, params)


def entries_shown_sql(user, e: str = "e") -> list[tuple[str, list]]:
    """``shown_publications`` on the search index (``searchindex.SearchEntry`` as ``e``): SQL conditions with their
    parameters, one per kind of council, each simple enough for an index on (audience, date) or (council,
    audience, date) to serve (the union of their rows is what the user's pages show). The index holds only the
    versions the meeting pages show, a public one only once the public agenda is out
    (``searchindex.sync_meetings``), so what is left to decide is the audience per council: where the user holds
    a seat today the members' version (they read every meeting there in full, ``meetings_read_in_full``); where
    they are a personal substitute the members' version of a meeting they read in full, else the public one;
    elsewhere the public one; never a council they manage (their search reads the live items)."""
    mine = council_permissions.roles_of(user)
    managed = [council.pk for council in mine.managed]
    seated = [pk for pk in sorted(mine.seated_in) if pk not in managed]
    substitute = [c.pk for c in mine.member_of if c.pk not in managed and c.pk not in mine.seated_in]
    members, public = Publication.Audience.MEMBERS.value, Publication.Audience.PUBLIC.value
    own = managed + seated + substitute
    elsewhere = f"{e}.audience = '{public}'" + (f" AND {e}.council_id NOT IN ({_marks(own)})" if own else "")
    branches = [(elsewhere, own)]
    if seated:
        branches.append((f"{e}.audience = '{members}' AND {e}.council_id IN ({_marks(seated)})", seated))
    if substitute:
        full_sql, full_params = meetings_read_in_full(user).values("pk").query.sql_with_params()
        branches.append(
            (
                f"""{e}.council_id IN ({_marks(substitute)}) AND {e}.audience = CASE WHEN {e}.meeting_id IN
                    ({full_sql}) THEN '{members}' ELSE '{public}' END""",
                [*substitute, *full_params],
            )
        )
    return branches


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


PUBLICATION = Publication._meta.db_table


def seated_person(user, council) -> Person:
    """The member or substitute acting in the portal (proposals, notices). Staff without a seat get 403."""
    on = timezone.localdate()
    person = Person.objects.filter(user=user).first() if user.is_authenticated else None
    if person is not None and (
        Membership.objects.current(on).filter(council=council, person=person).exists()
        or SubstituteAssignment.objects.current(on).filter(membership__council=council, person=person).exists()
    ):
        return person
    raise PermissionDenied("Kun rådets medlemmer og stedfortrædere kan dette")


def own_membership(person, council) -> Membership:
    """The member's own seat, for an absence notice (FO 3.9); a substitute has none (403)."""
    membership = Membership.objects.current(timezone.localdate()).filter(council=council, person=person).first()
    if membership is None:
        raise PermissionDenied("Kun medlemmer kan melde afbud; stedfortrædere inviteres af sekretariatet")
    return membership


def get_attachment_for_staff(user, slug, pk) -> Attachment:
    council = get_council_for_staff(user, slug)
    return get_object_or_404(
        Attachment.objects.select_related("item__meeting__council"), item__meeting__council=council, pk=pk
    )


@dataclass(frozen=True)
class BilagFile:
    """A bilag as one user may read it (``get_attachment_for_download``): ``name`` is the stored file to serve,
    ``is_public`` whether it came from a public version (a shared cache may keep it)."""

    attachment: Attachment
    name: str
    is_public: bool


def get_attachment_for_download(user, pk) -> BilagFile:
    """One bilag on its own (SPEC §6, FO 3.3): staff of the council the live bilag; anyone else only a bilag
    listed in a version one of their meeting pages shows (``shown_publications``: members the members' version,
    everyone else the public one, which lists no closed item's bilag), in the file that version recorded when it
    was published: a bilag added after sending waits for its Tillæg, and a file replaced afterwards is not what
    was sent. Anyone else gets 404."""
    attachment = get_object_or_404(Attachment.objects.select_related("item__meeting__council"), pk=pk)
    if council_permissions.can_manage(user, attachment.item.meeting.council):
        return BilagFile(attachment, attachment.file.name, is_public=False)
    meeting = [attachment.item.meeting_id]
    shown = Publication.objects.filter(pk__in=shown_publications(user, meeting), meeting=meeting[0])
    for audience, content in shown.order_by("-pk").values_list("audience", "content"):
        for item in content.get("items", ()):
            for listed in item.get("attachments", ()):
                if listed["pk"] == attachment.pk:
                    # A snapshot from before the file was recorded lists only the bilag (docs/meetings.md).
                    name = listed.get("file") or attachment.file.name
                    return BilagFile(attachment, name, is_public=audience == Publication.Audience.PUBLIC)
    raise Http404("Ingen adgang")
