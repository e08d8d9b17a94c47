"""Published documents: the agenda page's rows and publications, the newest documents a meeting page shows,
the public page's cache stamp, and what "Godkendelse af referat" links to."""

from dataclasses import dataclass
from functools import cache
from typing import TypedDict

from django.db import connection
from django.urls import reverse
from django.utils.html import format_html_join

from kkr.formats import format_size
from members.models import Council, Person

from .. import numbering
from ..models import (
    AgendaItem,
    Attachment,
    Delivery,
    ItemProposal,
    Meeting,
    Publication,
)


def publication_context(meeting) -> dict:
    """Every version, newest first, and whether a render is still pending (one plain SQL query without the stored
    content; the ORM took longer to compile it than the database to answer, on every load of the agenda page).
    Each carries ``recipients`` and ``recipients_sent``: its members' e-mail's recorded recipients and how many
    were sent (``Delivery``), counted in the same query."""
    publications = list(Publication.objects.raw(_publications_sql(), {"meeting": meeting.pk}))
    pending = any(p.state in (Publication.State.QUEUED, Publication.State.RENDERING) for p in publications)
    return {"publications": publications, "pending": pending}


@cache
def _publications_sql() -> str:
    columns = ", ".join(f"p.{f.column}" for f in Publication._meta.concrete_fields if f.name != "content")
    delivery = Delivery._meta.db_table
    return f"""SELECT {columns},
            (SELECT COUNT(*) FROM {delivery} d WHERE d.publication_id = p.id) AS recipients,
            (SELECT COUNT(*) FROM {delivery} d WHERE d.publication_id = p.id AND d.sent_at IS NOT NULL)
                AS recipients_sent
        FROM {Publication._meta.db_table} p WHERE p.meeting_id = %(meeting)s
        ORDER BY p.version DESC, p.kind, p.audience"""


def meeting_proposals(meeting) -> list[ItemProposal]:
    """The members' proposals for the meeting by arrival (FO 3.2), each with ``proposer_name`` and
    ``agenda_position`` (the number of the item it became, else None) from the same plain SQL query."""
    return list(ItemProposal.objects.raw(_proposals_sql(), {"meeting": meeting.pk}))


@cache
def _proposals_sql() -> str:
    proposal, person, item = (model._meta.db_table for model in (ItemProposal, Person, AgendaItem))
    return f"""
        SELECT p.*, n.name AS proposer_name, i.position AS agenda_position
        FROM {proposal} p JOIN {person} n ON n.id = p.proposer_id LEFT JOIN {item} i ON i.id = p.agenda_item_id
        WHERE p.meeting_id = %(meeting)s ORDER BY p.received_at, p.id
    """


class AgendaRow(TypedDict):
    """One item of the secretariat's agenda page with its bilag (``agenda_rows``): a plain dict, because the
    template language finds a key at the first try where an attribute costs it a caught ``TypeError``."""

    pk: int
    position: int
    label: str  # the number it prints: the position, or "3.1" under a block (``meetings.numbering``)
    title: str
    case_number: str
    is_section: bool
    kind_label: str
    is_closed: bool
    is_active: bool
    status_label: str
    is_supplementary: bool
    is_previous_minutes: bool
    step: str  # a step with a page of its own (``portal:agenda-step``), else ""
    step_label: str
    attachments: list[dict]  # {"pk", "number" ("3.1"), "title", "size" (as text: ``format_size``)}, in bilag order


def agenda_rows(meeting) -> list[AgendaRow]:
    """The agenda's items in order, each with its bilag: one plain SQL query, items left-joined to their bilag (the
    ORM took three times as long to compile and build it as the database to answer, on every load of the page)."""
    rows: dict[int, AgendaRow] = {}
    standing: dict[int, bool] = {}
    with connection.cursor() as cursor:
        cursor.execute(_agenda_rows_sql(), {"meeting": meeting.pk})
        for pk, position, title, kind, is_closed, status, step, supplementary, *more in cursor.fetchall():
            case_number, is_section, standing_id, bilag, name, size = more
            row = rows.get(pk)
            if row is None:
                row = rows[pk] = _agenda_row(pk, position, title, kind, is_closed, status, step, supplementary)
                row.update(case_number=case_number, is_section=bool(is_section))
                standing[pk] = standing_id is not None
            if bilag is not None:
                row["attachments"].append({"pk": bilag, "title": name, "size": format_size(size)})
    labels = numbering.labels(numbering.Row(r["position"], r["is_section"], standing[pk]) for pk, r in rows.items())
    for row in rows.values():
        row["label"] = labels[row["position"]]
        for n, bilag in enumerate(row["attachments"], start=1):
            bilag["number"] = f"{row['label']}.{n}"
    return list(rows.values())


@cache
def _agenda_rows_sql() -> str:
    item, attachment = AgendaItem._meta.db_table, Attachment._meta.db_table
    return f"""
        SELECT i.id, i.position, i.title, i.kind, i.is_closed, i.status, i.step, i.is_supplementary,
               i.case_number, i.is_section, i.standing_item_id, a.id, a.title, a.size
        FROM {item} i LEFT JOIN {attachment} a ON a.item_id = i.id
        WHERE i.meeting_id = %(meeting)s ORDER BY i.position, a.id
    """


KIND_LABELS = dict(AgendaItem.Kind.choices)
STATUS_LABELS = dict(AgendaItem.Status.choices)
STEP_LABELS = dict(AgendaItem.Step.choices)


def _agenda_row(pk, position, title, kind, is_closed, status, step, is_supplementary) -> AgendaRow:
    has_page = step not in (AgendaItem.Step.NONE, AgendaItem.Step.PREVIOUS_MINUTES)
    return AgendaRow(
        pk=pk,
        position=position,
        title=title,
        kind_label=KIND_LABELS[kind],
        is_closed=bool(is_closed),
        is_active=status == AgendaItem.Status.ACTIVE,
        status_label=STATUS_LABELS[status],
        is_supplementary=bool(is_supplementary),
        is_previous_minutes=step == AgendaItem.Step.PREVIOUS_MINUTES,
        step=step if has_page else "",
        step_label=STEP_LABELS[step] if has_page else "",
        attachments=[],
    )


def latest_documents(meeting, audience) -> dict:
    """The newest agenda, Tillæg and minutes publication for ``audience``: only those rows, content included
    (one plain SQL query; the older versions' stored content is not read, and the ORM took longer to compile the
    query than the database to answer it). The Tillæg only while no newer agenda is out (``with_agenda_sql``).
    ``minutes_number``: the number of the agenda's item "Godkendelse af referat" (None: none), read in the same
    query for ``minutes_link``; None also when nothing is published."""
    params = {"meeting": meeting.pk, "audience": audience, "step": AgendaItem.Step.PREVIOUS_MINUTES}
    found = list(Publication.objects.raw(_latest_sql(), params))
    latest = {publication.kind: publication for publication in found}
    supplement = latest.get(Publication.Kind.SUPPLEMENT)
    return {
        "agenda": latest.get(Publication.Kind.AGENDA),
        "supplement": supplement if supplement and supplement.with_agenda else None,
        "minutes": latest.get(Publication.Kind.MINUTES),
        "minutes_number": found[0].minutes_number if found else None,
    }


@cache
def _latest_sql() -> str:
    publication, item = Publication._meta.db_table, AgendaItem._meta.db_table
    return f"""
        SELECT p.*, (SELECT MIN(i.position) FROM {item} i WHERE i.meeting_id = p.meeting_id AND i.step = %(step)s)
               AS minutes_number, {with_agenda_sql("p")} AS with_agenda
        FROM {publication} p
        WHERE p.meeting_id = %(meeting)s AND p.audience = %(audience)s AND {newest_sql("p")}
        ORDER BY p.id
    """


# What a meeting page shows, as SQL on a publication row ``p`` (its table's alias): the pages (``latest_documents``,
# ``shown_documents``) and search (``meetings.permissions.shown_publications``) read these, so both show the
# same versions. The kinds are the model's constant choice values, written into the text.
PUBLICATION = Publication._meta.db_table
AGENDA, MINUTES = Publication.Kind.AGENDA.value, Publication.Kind.MINUTES.value


def newest_sql(p: str) -> str:
    """True for the newest version of its kind for its meeting and audience: the one the pages show (older
    versions stay downloadable as PDFs)."""
    return f"""{p}.version = (SELECT MAX(n.version) FROM {PUBLICATION} n
        WHERE n.meeting_id = {p}.meeting_id AND n.kind = {p}.kind AND n.audience = {p}.audience)"""


def with_agenda_sql(p: str) -> str:
    """For a Tillæg: true when the agenda is out and its newest version was requested no later than the Tillæg
    (a later agenda version holds the supplementary items itself, and the page shows that instead)."""
    newest_agenda = f"""(SELECT a.requested_at FROM {PUBLICATION} a
        WHERE a.meeting_id = {p}.meeting_id AND a.audience = {p}.audience AND a.kind = '{AGENDA}'
        ORDER BY a.version DESC LIMIT 1)"""
    return f"COALESCE({newest_agenda} <= {p}.requested_at, 1 = 0)"


def on_page_sql(p: str) -> str:
    """True for a version the meeting's page for its audience shows in full (``shown_documents``): the newest
    minutes once they are out; until then the newest agenda, and the newest Tillæg while no newer agenda is."""
    minutes_out = f"""EXISTS (SELECT 1 FROM {PUBLICATION} r
        WHERE r.meeting_id = {p}.meeting_id AND r.audience = {p}.audience AND r.kind = '{MINUTES}')"""
    return f"""({newest_sql(p)} AND ({p}.kind = '{MINUTES}' OR (NOT {minutes_out}
        AND ({p}.kind = '{AGENDA}' OR {with_agenda_sql(p)}))))"""


def shown_documents(latest: dict, *, agenda_page: bool = False) -> dict:
    """Which document a meeting page shows in full and which it links to (agenda and minutes in full
    on one page made 110 KB for 40 items). The minutes once they are out, else the agenda; the agenda page
    (``agenda_page``) always the agenda, with the minutes linked. A Tillæg newer than the agenda is shown under it.
    ``shown_doc``/``supplement_doc``: their content with every key the page reads (``document_view``)."""
    agenda, minutes, supplement = latest["agenda"], latest["minutes"], latest.get("supplement")
    shown, linked = (agenda, minutes) if agenda_page or minutes is None else (minutes, agenda)
    return {
        "shown": shown,
        "linked": linked,
        "agenda_page": agenda_page,
        "supplement": supplement,
        "shown_doc": document_view(shown.content) if shown else None,
        "supplement_doc": document_view(supplement.content) if supplement else None,
    }


DOCUMENT_DEFAULTS = {"late_reason": "", "leader": "", "leader_changes": (), "attendance": None}
ITEM_DEFAULTS = {
    "is_supplementary": False,
    "status_label": "",
    "case_presentation": "",
    "recommendation": "",
    "decision": "",
    "votes": (),
    "attachments": (),
    "presence": "",  # the minutes: who was present at the item and who led (FO 3.5, 3.7)
    "casting": "",
}


def document_view(content: dict) -> dict:
    """A published snapshot (``meetings.documents``) as the meeting pages show it: the keys a snapshot leaves out
    when empty filled in (the template language pays for a missing key with three caught exceptions and a ``dir()``:
    many a page), and each item's bilag as one line of links ("3.1 Title; 3.2 Title"), not a loop."""
    items = [{**ITEM_DEFAULTS, **item, "bilag": _bilag_line(item)} for item in content.get("items", ())]
    return {**DOCUMENT_DEFAULTS, **content, "items": items}


def _bilag_line(item: dict) -> str:
    """Each bilag as a link to its permission-checked download (``permissions.get_attachment_for_download``),
    which serves the file as this version recorded it to those whose pages show the version."""
    return format_html_join(
        "; ",
        '<a href="{}" type="application/pdf">{}</a>',
        (
            (reverse("meetings:attachment-file", args=[a["pk"]]), f"{a['number']} {a['title']}".strip())
            for a in item.get("attachments", ())
        ),
    )


def public_page_stamp(slug, pk) -> tuple | None:
    """Everything a public meeting page shows, as values (one query): each public publication's id, version and
    state (a published version's content never changes), the meeting's own fields on the page, and what the item
    "Godkendelse af referat" links to (its number, the council's previous meeting and that meeting's newest ready
    public minutes, ``minutes_link``). None when the meeting has no public agenda (the page answers 404). The
    key of the page in the cache (``kkr.pagecache``); plain SQL, because it runs on every request for the page
    and the ORM took longer to compile it than the cached page takes to serve."""
    params = {
        "pk": pk,
        "slug": slug,
        "public": Publication.Audience.PUBLIC,
        "minutes": Publication.Kind.MINUTES,
        "ready": Publication.State.READY,
        "cancelled": Meeting.Status.CANCELLED,
        "step": AgendaItem.Step.PREVIOUS_MINUTES,
    }
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(), params)
        rows = tuple(cursor.fetchall())
    return rows if any(row[1] == Publication.Kind.AGENDA for row in rows) else None


@cache
def _stamp_sql() -> str:
    publication, meeting, council, item = (
        model._meta.db_table for model in (Publication, Meeting, Council, AgendaItem)
    )
    previous = f"""SELECT {{column}} FROM {meeting} b WHERE b.council_id = m.council_id AND b.starts_at < m.starts_at
        AND b.status <> %(cancelled)s ORDER BY b.starts_at DESC LIMIT 1"""
    return f"""
        SELECT p.id, p.kind, p.version, p.state, p.requested_at,
               m.kind, m.starts_at, m.ends_at, m.location, m.status, c.name,
               (SELECT MIN(i.position) FROM {item} i WHERE i.meeting_id = m.id AND i.step = %(step)s),
               ({previous.format(column="b.starts_at")}),
               (SELECT r.id FROM {publication} r WHERE r.meeting_id = ({previous.format(column="b.id")})
                    AND r.kind = %(minutes)s AND r.audience = %(public)s AND r.state = %(ready)s
                    ORDER BY r.version DESC LIMIT 1)
        FROM {publication} p JOIN {meeting} m ON m.id = p.meeting_id JOIN {council} c ON c.id = m.council_id
        WHERE p.meeting_id = %(pk)s AND c.slug = %(slug)s AND p.audience = %(public)s
        ORDER BY p.id
    """


def planned_with_standing(standing) -> int:
    """How many planned meetings have an item from ``standing`` on their agenda (they keep it when it goes)."""
    return Meeting.objects.filter(status=Meeting.Status.PLANNED, items__standing_item=standing).distinct().count()


@dataclass(frozen=True)
class PreviousMinutes:
    """What the item "Godkendelse af referat" links to: the council's previous meeting (None: there is none)
    and its newest ready minutes for the audience (None: not out yet); ``number`` is the item's number."""

    meeting: Meeting | None
    minutes: Publication | None
    number: int | None = None


def previous_minutes(meeting, audience, *, number=None) -> PreviousMinutes:
    """The council's last meeting before ``meeting`` that was not cancelled, with its minutes (two queries)."""
    previous = (
        meeting.council.meetings.filter(starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .first()
    )
    if previous is None:
        return PreviousMinutes(None, None, number)
    minutes = previous.publications.ready().filter(kind=Publication.Kind.MINUTES, audience=audience)
    return PreviousMinutes(previous, minutes.defer("content").order_by("-version").first(), number)


def minutes_link(meeting, audience, items=None) -> PreviousMinutes | None:
    """``previous_minutes`` for an agenda with a "Godkendelse af referat" item, else None (no further query).
    ``items``: the agenda's rows when already loaded (``agenda_rows``); otherwise one query finds the item's number
    (``documents_minutes_link``: with ``latest_documents``, no query)."""
    if items is None:
        found = meeting.items.filter(step=AgendaItem.Step.PREVIOUS_MINUTES).values_list("position", flat=True)
        number = found.first()
    else:
        number = next((item["position"] for item in items if item["is_previous_minutes"]), None)
    return None if number is None else previous_minutes(meeting, audience, number=number)


def documents_minutes_link(meeting, latest: dict, audience) -> PreviousMinutes | None:
    """``minutes_link`` for a page that read ``latest_documents``: the item's number came with them (no query for
    it; None without the item or without a published document, which is all that shows the link)."""
    number = latest["minutes_number"]
    return None if number is None else previous_minutes(meeting, audience, number=number)
