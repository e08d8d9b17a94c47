"""The world the authorization matrix and the form fuzz test run in: the demo (council A = Nordjylland), a
council B (Hovedstaden) with its own staff, member and meeting, and marker texts that must never reach
anyone who may not read them."""

from dataclasses import dataclass, field
from datetime import date
from io import StringIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from tests.builders import make_member, make_staff

# Text only members and staff of council A may ever see: a closed item's title and text, a bilag's title, and
# an unpublished meeting's place and item.
CLOSED_MARKERS = ("MARKOER-LUKKET-TITEL", "MARKOER-LUKKET-TEKST", "MARKOER-BILAG")
UNPUBLISHED_MARKERS = ("MARKOER-UPUBLICERET-STED", "MARKOER-UPUBLICERET-PUNKT")
B_MARKERS = ("MARKOER-RAAD-B",)
# Text added to a sent item's case presentation after its agenda (and minutes) went out: only the secretariat of
# A (and KL admins) see the live item; members of A read the item as sent, everyone else its public version.
LATER_MARKERS = ("MARKOER-RETTET-EFTER-UDSENDELSE",)

ROLES = ("anonymous", "member_a", "member_b", "staff_a", "staff_b", "admin")


def walk(resolver=None, prefix="", namespace=""):
    """Every URL pattern of the project: (route, name with namespace)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from walk(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), ":".join(filter(None, [namespace, pattern.name or ""]))


@dataclass
class World:
    users: dict
    a: object
    b: object
    period: object
    objects: dict = field(default_factory=dict)


def one_page_pdf(text="x"):
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    out = BytesIO()
    writer.write(out)
    return SimpleUploadedFile(f"{text}.pdf", out.getvalue(), content_type="application/pdf")


def build_world() -> dict:
    """The demo and the world's additions in the database (in dev mode); returns the world's ids
    (``load_world``), as the security matrix's tests share one build (``security_world`` in tests/conftest.py)."""
    from meetings import services as meeting_services
    from meetings.models import Meeting
    from meetings.services.calendar import renew_calendar_feed
    from members.models import Council, ElectionPeriod, Person

    call_command("load_demo_data", stdout=StringIO())
    users = get_user_model().objects
    a, b = Council.objects.get(slug="nordjylland"), Council.objects.get(slug="hovedstaden")
    period = ElectionPeriod.objects.get(name="2026-2030")
    staff_a = users.get(username="sekretariat-nordjylland")
    world = World(
        users={
            "anonymous": None,
            "member_a": users.get(username="medlem-nordjylland"),
            "member_b": make_member(b, period, "medlem-b-matrix", starts_on=date(2026, 1, 20)),
            "staff_a": staff_a,
            "staff_b": users.get(username="sekretariat-hovedstaden"),
            "admin": users.get(username="admin"),
        },
        a=a,
        b=b,
        period=period,
    )
    published = set(a.meetings.with_published_agenda().values_list("pk", flat=True))
    upcoming = a.meetings.filter(status=Meeting.Status.PLANNED).exclude(pk__in=published).order_by("starts_at").first()
    meeting_services.add_item(upcoming, actor=staff_a, title=UNPUBLISHED_MARKERS[1])
    closed = meeting_services.add_item(
        upcoming, actor=staff_a, title=CLOSED_MARKERS[0], case_presentation=CLOSED_MARKERS[1], is_closed=True
    )
    meeting_services.add_attachment(closed, actor=staff_a, title=CLOSED_MARKERS[2], file=one_page_pdf())
    Meeting.objects.filter(pk=upcoming.pk).update(location=UNPUBLISHED_MARKERS[0])
    b_meeting = Meeting.objects.create(council=b, period=period, starts_at=upcoming.starts_at, location=B_MARKERS[0])
    meeting_services.add_item(b_meeting, actor=make_staff(b, "sek-b-helper"), title=B_MARKERS[0])
    feed = renew_calendar_feed(Person.objects.get(user=world.users["member_a"]))
    # A closed item's bilag in a sent agenda (the next planned meeting after the upcoming one): the members'
    # version lists it, so it is the council's to read; the public version lists no closed item's bilag.
    shown = a.meetings.filter(status=Meeting.Status.PLANNED, starts_at__gt=upcoming.starts_at).order_by("starts_at")
    shown = shown.first()
    shown_closed = meeting_services.add_item(shown, actor=staff_a, title="Personsag", is_closed=True)
    sent_bilag = meeting_services.add_attachment(
        shown_closed, actor=staff_a, title=CLOSED_MARKERS[2], file=one_page_pdf()
    )
    meeting_services.publish_agenda(shown, actor=staff_a)
    # The demo's publications were queued on commit, which a test transaction never reaches: render them.
    from meetings.models import Publication

    for publication in Publication.objects.exclude(state=Publication.State.READY):
        meeting_services.render_publication(publication.pk)
    # A closed item with a bilag added to a meeting after its agenda (and minutes) went out: in no version sent,
    # so only the secretariat of A (and KL admins) read it until a Tillæg or new version lists it.
    from meetings.models import AgendaItem, Attachment

    sent = a.meetings.filter(status=Meeting.Status.HELD).with_published_agenda().order_by("-starts_at").first()
    sent_closed = AgendaItem.objects.create(
        meeting=sent, position=sent.items.count() + 50, title=CLOSED_MARKERS[0], is_closed=True
    )
    late_bilag = Attachment(item=sent_closed, title=CLOSED_MARKERS[2], size=1)
    late_bilag.file.save("x.pdf", one_page_pdf(), save=True)
    # An open item of that meeting edited after it was sent: its case presentation gets a marker no version holds.
    later = sent.items.filter(is_closed=False).exclude(pk=sent_closed.pk).order_by("position").first()
    later_text = f"{later.case_presentation}\n\n{LATER_MARKERS[0]}"
    AgendaItem.objects.filter(pk=later.pk).update(case_presentation=later_text)
    # A finished PDF of each page that renders by the worker (the composition, the register), for A's staff.
    from members.models import DocumentJob

    for kind in DocumentJob.Kind:
        job = DocumentJob(kind=kind, council=a, period=period, day=date(2027, 1, 4), filename="x.pdf", state="ready")
        job.file.save("x.pdf", one_page_pdf(), save=True)
    world.objects.update(
        upcoming=upcoming,
        closed_item=closed,
        feed=feed,
        b_meeting=b_meeting,
        sent_bilag=sent_bilag,
        late_bilag=late_bilag,
        sent=sent,
        later_item=later,
    )
    return {
        "users": {role: user and user.pk for role, user in world.users.items()},
        "a": a.pk,
        "b": b.pk,
        "period": period.pk,
        "objects": {key: (obj._meta.label, obj.pk) for key, obj in world.objects.items()},
    }


def load_world(ids: dict) -> World:
    """The world of ``build_world``'s ids, as fresh model instances."""
    from members.models import Council, ElectionPeriod

    users = get_user_model().objects
    return World(
        users={role: pk and users.get(pk=pk) for role, pk in ids["users"].items()},
        a=Council.objects.get(pk=ids["a"]),
        b=Council.objects.get(pk=ids["b"]),
        period=ElectionPeriod.objects.get(pk=ids["period"]),
        objects={key: apps.get_model(label).objects.get(pk=pk) for key, (label, pk) in ids["objects"].items()},
    )


MISSING = 999999  # the pk used when the world has no such object (every role then gets 404)


def first(model_label, **filters):
    model = apps.get_model(model_label)
    obj = model.objects.filter(**filters).order_by("pk").first()
    return obj.pk if obj else MISSING
