"""The one way tests build rows (no factories): users per role, politicians with dated offices,
seats, substitutes, leaves, chair roles, observers, follow-ups, seated councils and meeting times.
Deterministic: names and dates are given, never random."""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from guardian.shortcuts import assign_perm

from members.deadlines import COPENHAGEN
from members.models import (
    Action,
    ChairRole,
    Leave,
    Membership,
    Municipality,
    MunicipalOffice,
    Observer,
    Party,
    Person,
    SeatEntitlement,
    SubstituteAssignment,
)

KV_START = date(2026, 1, 1)
CONSTITUTED = date(2026, 1, 20)
TRACKED = [
    Person,
    MunicipalOffice,
    Membership,
    SubstituteAssignment,
    Leave,
    ChairRole,
    Action,
    SeatEntitlement,
    Observer,
]


def municipality(name="Aalborg"):
    return Municipality.objects.get(name=name)


def party(letter="V"):
    return Party.objects.get(letter=letter)


def politician(name, where="Aalborg", *, letter="V", kind=MunicipalOffice.Kind.COUNCIL_MEMBER, user=None):
    """A person with a current office (from 1 January 2026) in ``where``, for ``letter``'s party."""
    town, unit = municipality(where), party(letter) if letter else None
    person = Person.objects.create(name=name, municipality=town, party=unit, user=user)
    MunicipalOffice.objects.create(person=person, municipality=town, kind=kind, party=unit, starts_on=KV_START)
    return person


def seat(council, period, person, *, kind=Membership.Kind.PARTY_ELECTED, starts_on=CONSTITUTED):
    return Membership.objects.create(
        council=council,
        period=period,
        person=person,
        kind=kind,
        party=person.party,
        municipality=person.municipality,
        starts_on=starts_on,
    )


def substitute(membership, person, *, starts_on=CONSTITUTED):
    return SubstituteAssignment.objects.create(membership=membership, person=person, starts_on=starts_on)


def leave(
    membership,
    *,
    kind=Leave.Kind.RELIEVED,
    starts_on=date(2026, 3, 1),
    ends_on=date(2026, 6, 30),
    reason="Fritaget",
    status=Leave.Status.APPROVED,
):
    return Leave.objects.create(
        membership=membership, kind=kind, starts_on=starts_on, ends_on=ends_on, reason=reason, status=status
    )


def chair_role(membership, *, role=ChairRole.Role.CHAIR, starts_on=CONSTITUTED):
    return ChairRole.objects.create(
        council=membership.council, period=membership.period, membership=membership, role=role, starts_on=starts_on
    )


def observer(council, person, *, capacity="Medlem af KL's bestyrelse", starts_on=CONSTITUTED, ends_on=None):
    return Observer.objects.create(
        council=council, person=person, capacity=capacity, starts_on=starts_on, ends_on=ends_on
    )


def action(council, title="Tjek noget", *, kind=Action.Kind.OTHER, rule="B1 1.14", membership=None):
    return Action.objects.create(council=council, title=title, kind=kind, rule=rule, membership=membership)


def entitle(council, period, letter, *, seats, mayors=0, is_entitled=True):
    return SeatEntitlement.objects.create(
        council=council, period=period, party=party(letter), seats=seats, mayors=mayors, is_entitled=is_entitled
    )


def snapshot():
    """Rows and history rows of every membership table: equal before and after means nothing changed."""
    return {model.__name__: (model.objects.count(), model.history.count()) for model in TRACKED}


# --- users per role ---------------------------------------------------------------------------------


def make_user(username, *, is_superuser=False):
    return get_user_model().objects.create_user(
        username=username,
        password="hemmelig-kode-42",
        is_superuser=is_superuser,
        is_staff=is_superuser,
        email=f"{username}@kkr.example",
    )


def make_staff(council, username=None):
    user = make_user(username or f"sekretariat-{council.slug}")
    assign_perm("members.manage_council", user, council)
    return user


def make_member(council, period, username=None, *, starts_on=date(2026, 1, 20)):
    user = make_user(username or f"medlem-{council.slug}")
    municipality = council.municipalities.order_by("name").first()
    party = Party.objects.get(letter="V")
    person = Person.objects.create(name=f"Medlem {council.name}", municipality=municipality, party=party, user=user)
    Membership.objects.create(
        council=council,
        period=period,
        person=person,
        kind=Membership.Kind.PARTY_ELECTED,
        party=party,
        municipality=municipality,
        starts_on=starts_on,
    )
    return user


# --- meetings ----------------------------------------------------------------------------------------

SEATED_ON = CONSTITUTED


def at(*args) -> datetime:
    """An aware Copenhagen datetime: ``at(2026, 5, 12, 10)``."""
    return datetime(*args, tzinfo=COPENHAGEN)


def seat_members(council, period, count, *, prefix="Medlem") -> list[Membership]:
    """``count`` party-elected members seated from 20 January 2026; the first chairs, the second is vice-chair."""
    municipality = council.municipalities.order_by("name").first()
    party = Party.objects.get(letter="A")
    memberships = []
    for n in range(1, count + 1):
        person = Person.objects.create(
            name=f"{prefix} {n:02d}", municipality=municipality, party=party, email=f"{prefix.lower()}{n}@kkr.example"
        )
        memberships.append(
            Membership.objects.create(
                council=council,
                period=period,
                person=person,
                kind=Membership.Kind.PARTY_ELECTED,
                party=party,
                municipality=municipality,
                starts_on=SEATED_ON,
            )
        )
    for role, membership in zip(ChairRole.Role, memberships[:2], strict=False):
        ChairRole.objects.create(council=council, period=period, membership=membership, role=role, starts_on=SEATED_ON)
    return memberships


def one_page_pdf_bytes() -> bytes:
    """The smallest readable PDF: one empty A4 page (the upload reads every bilag as the render does)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_file(name="bilag.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, one_page_pdf_bytes(), content_type="application/pdf")
