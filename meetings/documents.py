"""Agenda and minutes documents: the snapshot published (FO 3.3, FO 3.4) and its WeasyPrint rendering.

A publication stores its content as plain JSON when it is requested, so the PDF, the public pages and a
retried render all show exactly what was published. The public version never carries a closed item's
content: only its number, title and "Lukket punkt" (SPEC §3).
"""

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from .models import AgendaItem, Attachment, Meeting, Publication, Vote

CLOSED_LABEL = "Lukket punkt"


def agenda_content(meeting: Meeting, *, public: bool, late_reason: str = "") -> dict:
    """The agenda as published. Two queries: items, their attachments (``meeting.council`` preloaded)."""
    deadline = meeting.agenda_deadline
    return {
        **_heading(meeting, "Dagsorden", public),
        "late_reason": late_reason,
        "agenda_deadline": _date(deadline.on) if deadline else "",
        "items": [_item(item, public=public) for item in _items(meeting)],
    }


def minutes_content(meeting: Meeting, *, public: bool, sheet, leader) -> dict:
    """The decision minutes (FO 3.4) with the attendance (FO 3.9). Two queries: items, their votes."""
    items = _items(meeting, Prefetch("votes", queryset=Vote.objects.order_by("recorded_at")))
    return {
        **_heading(meeting, "Referat", public),
        "leader": str(leader) if leader else "",
        "attendance": _attendance(sheet),
        "items": [_item(item, public=public, minutes=True) for item in items],
    }


def _heading(meeting, title, public):
    with translation.override("da"):
        when = formats.date_format(timezone.localtime(meeting.starts_at), r"l \d\e\n j. F Y \k\l. H.i")
    return {
        "title": title,
        "council": meeting.council.name,
        "kind": meeting.get_kind_display(),
        "when": when,
        "location": meeting.location,
        "is_public": public,
    }


def _items(meeting, *prefetch):
    return meeting.items.order_by("position").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk")), *prefetch
    )


def _item(item: AgendaItem, *, public: bool, minutes: bool = False) -> dict:
    data = {"number": item.position, "title": item.title, "kind": item.get_kind_display(), "is_closed": item.is_closed}
    if item.is_closed and public:
        return data
    data.update(
        case_presentation=item.case_presentation,
        recommendation=item.recommendation,
        attachments=[
            {"pk": a.pk, "number": f"{item.position}.{n}", "title": a.title}
            for n, a in enumerate(item.attachments.all(), start=1)
        ],
    )
    if minutes:
        data.update(decision=item.decision, votes=[v.minutes_sentence for v in item.votes.all()])
    return data


def _attendance(sheet) -> dict:
    """FO 3.9: who was present, who attended as substitute for whom, who was absent (and whether notified)."""
    result = {"present": [], "substitutes": [], "absent": [], "observers": []}
    for row in sheet:
        name = str(row.person)
        if row.capacity == "substitute":
            name = f"{row.person} (stedfortræder for {row.membership.person})"
        if row.capacity == "observer":
            if row.is_present:
                result["observers"].append(name)
        elif row.is_present:
            result["substitutes" if row.capacity == "substitute" else "present"].append(name)
        elif row.holds_seat:
            result["absent"].append(f"{name}{' – meldt afbud' if row.has_notice else ''}")
    return result


def _date(day) -> str:
    with translation.override("da"):
        return formats.date_format(day, "j. F Y")


# --- Rendering ---------------------------------------------------------------------------------------

TEMPLATES = {Publication.Kind.AGENDA: "pdf/agenda.html", Publication.Kind.MINUTES: "pdf/minutes.html"}


def render_html(publication: Publication) -> str:
    return render_to_string(TEMPLATES[publication.kind], {"doc": publication.content, "version": publication.version})


def render_pdf(publication: Publication) -> bytes:
    """The PDF with the attachments of the published items embedded as numbered bilag. One query (attachments)."""
    import weasyprint  # slow to import; only the worker needs it

    numbered = {a["pk"]: a["number"] for item in publication.content["items"] for a in item.get("attachments", [])}
    files = [
        weasyprint.Attachment(
            string=attachment.file.open("rb").read(),
            name=f"bilag-{numbered[attachment.pk]}.pdf",
            description=f"Bilag {numbered[attachment.pk]}: {attachment.title}",
        )
        for attachment in Attachment.objects.filter(pk__in=numbered).order_by("pk")
    ]
    html = weasyprint.HTML(string=render_html(publication), base_url=str(settings.BASE_DIR))
    return html.write_pdf(attachments=files)
