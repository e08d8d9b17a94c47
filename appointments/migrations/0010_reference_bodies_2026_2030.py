"""Reference data 2026-2030, each fact marked with its source (the statute and §) or «gæt» (SPEC §4, FO 2.2).

- Eight regional labour-market councils (RAR), not one per KKR: Midtjylland nominates to RAR Østjylland and RAR
  Vestjylland, Syddanmark to RAR Sydjylland and RAR Fyn, Hovedstaden to RAR Hovedstaden and RAR Bornholm,
  Nordjylland and Sjælland to one each. The region-wide RAR Midtjylland and RAR Syddanmark of 0002 are removed
  when nothing refers to them (else they stay, with a note saying so).
- Bornholm on the erhvervshus board: erhvervsfremmeloven § 13 stk. 5 gives an observer for "de særlige
  bornholmske forhold" in the board, not a board of its own; the observer's seat is added to Erhvervshus
  Hovedstaden's board for KKR Hovedstaden.
- The Sundhedssamarbejdsudvalg of each region (sundhedsloven § 204), ended by law on 31.12.2026: the body ends
  then and leaves no vacancy.
- The erhvervshus's knowledge-institution seat is appointed by the KKR with no nomination (§ 13 stk. 2 nr. 4).
- Danmarks Erhvervsfremmebestyrelse: up to 4 years at a time, reappointed once (§ 10 stk. 3): at most two
  terms in a row, which the register checks.

Frozen here (a migration never imports app code). Idempotent: bodies are found by key, seats by (body, council,
period, order); a second run changes nothing. Reversible: the reverse removes what this added when nothing
refers to it, puts back the two region-wide RAR of 0002 and clears the sources and the term limit.
"""

import importlib
from datetime import date

from django.db import migrations
from django.db.models import Q

PERIOD = "2026-2030"
GUESS = "gæt"

RAR_SOURCE = "beskæftigelsesloven § 28 stk. 1-3 og 6 (LBK 2024:254)"
RAR_SEAT_SOURCE = "beskæftigelsesloven § 28 stk. 2 nr. 5 og stk. 3: 5 fra kommunerne i området, hver med suppleant"
RAR_NOTE = (
    "21 medlemmer; kommunerne i området i forening har 5, hver med personlig suppleant (§ 28 stk. 2 nr. 5, stk. 3). "
    "Funktionsperiode 1. juni året efter valgåret i 4 år (§ 28 stk. 6); en udpegning i løbet af perioden gælder "
    "til periodens udløb, så pladsen er ikke ledig, når de kommunale hverv slutter 31. december. KKR indstiller, "
    "ministeren udpeger. Politisk skøn: pladserne behandles som politiske pladser efter FO 3.8."
)
# (key, name, council, seat source): the eight RAR areas and the KKR that nominates to each
RAR = [
    ("rar-nordjylland", "Nordjylland", "nordjylland", RAR_SEAT_SOURCE),
    ("rar-oestjylland", "Østjylland", "midtjylland", RAR_SEAT_SOURCE),
    ("rar-vestjylland", "Vestjylland", "midtjylland", RAR_SEAT_SOURCE),
    ("rar-sydjylland", "Sydjylland", "syddanmark", RAR_SEAT_SOURCE),
    ("rar-fyn", "Fyn", "syddanmark", RAR_SEAT_SOURCE),
    ("rar-hovedstaden", "Hovedstaden", "hovedstaden", RAR_SEAT_SOURCE),
    (
        "rar-bornholm",
        "Bornholm",
        "hovedstaden",
        f"{GUESS}: 5 pladser som de øvrige RAR (§ 28 stk. 2 nr. 5); sammensætningen af RAR Bornholm står ikke i "
        "referencen (bek. 2023:1209 § 15 nævner kun rådets opgaver)",
    ),
    ("rar-sjaelland", "Sjælland", "sjaelland", RAR_SEAT_SOURCE),
]
OLD_RAR = {"rar-midtjylland": ("midtjylland", "Midtjylland"), "rar-syddanmark": ("syddanmark", "Syddanmark")}

ERHVERVSHUS_SOURCE = "erhvervsfremmeloven § 13 stk. 1-2 (LBK 2024:230)"
ERHVERVSHUS_SEAT_SOURCES = {
    1: "erhvervsfremmeloven § 13 stk. 2 nr. 1: formand, folkevalgt",
    2: "erhvervsfremmeloven § 13 stk. 2 nr. 2: blandt kommunale politiske repræsentanter",
    3: "erhvervsfremmeloven § 13 stk. 2 nr. 2: blandt kommunale politiske repræsentanter",
    4: "erhvervsfremmeloven § 13 stk. 2 nr. 2: blandt kommunale politiske repræsentanter",
    5: "erhvervsfremmeloven § 13 stk. 2 nr. 3: efter indstilling fra erhvervsorganisationer",
    6: "erhvervsfremmeloven § 13 stk. 2 nr. 3: efter indstilling fra erhvervsorganisationer",
    7: "erhvervsfremmeloven § 13 stk. 2 nr. 3: efter indstilling fra erhvervsorganisationer",
    8: "erhvervsfremmeloven § 13 stk. 2 nr. 3: efter indstilling fra erhvervsorganisationer",
    9: "erhvervsfremmeloven § 13 stk. 2 nr. 4: KKR udpeger blandt repræsentanter fra en videninstitution, uden "
    "indstilling",
    10: "erhvervsfremmeloven § 13 stk. 2 nr. 5: efter indstilling fra de faglige hovedorganisationer i fællesskab",
}
KNOWLEDGE_SEAT = 9
BORNHOLM_OBSERVER = {
    "body": "erhvervshus-hovedstaden",
    "council": "hovedstaden",
    "order": 11,
    "label": "Observatør for de særlige bornholmske forhold",
    "source": f"{GUESS}: KKR Hovedstaden udpeger observatøren; erhvervsfremmeloven § 13 stk. 5 siger kun, at "
    "erhvervsministeren efter aftale med KL kan godkende en observatør for de bornholmske forhold i bestyrelsen",
}
BORNHOLM_NOTE = (
    " Bornholm: erhvervsfremmeloven § 13 stk. 5 giver en observatør for de særlige bornholmske forhold i "
    "bestyrelsen (pladsen «Observatør for de særlige bornholmske forhold»), ikke en bestyrelse for Bornholm."
)

DEB = "danmarks-erhvervsfremmebestyrelse"
DEB_SOURCE = "erhvervsfremmeloven § 10 stk. 2 nr. 2 og stk. 3; bek. 2018:1589 § 1 stk. 1 nr. 2"
DEB_SEAT_SOURCE = f"{GUESS}: ét af de 5 kommunale medlemmer pr. KKR (§ 10 stk. 2 nr. 2 nævner kun 5 i alt)"
DEB_TERM_BASIS = "erhvervsfremmeloven § 10 stk. 3"

HEALTH_ENDS = date(2026, 12, 31)
HEALTH_SOURCE = "sundhedsloven § 204 stk. 1 (LBK 2025:275); ophører ved lov 31.12.2026"
HEALTH_NOTE = (
    "Sundhedssamarbejdsudvalget består af regionsrådets repræsentanter, en borgmester fra hver sundhedsklynge, "
    "der er klyngens kommunale formand, og almen praksis (§ 204 stk. 1). Udvalget ophører ved lov 31.12.2026: "
    "udpegningerne slutter da, og pladserne besættes ikke igen. Politisk skøn: KKR udpeger borgmestrene; antallet "
    "af sundhedsklynger i regionen er et gæt."
)
# (council slug, region name, sundhedsklynger: a guess)
HEALTH = [
    ("nordjylland", "Nordjylland", 4),
    ("midtjylland", "Midtjylland", 5),
    ("syddanmark", "Syddanmark", 4),
    ("hovedstaden", "Hovedstaden", 4),
    ("sjaelland", "Sjælland", 4),
]


def _bodies_used(apps, bodies) -> set:
    """The bodies something refers to (an appointment, voided or not, a nomination or an election)."""
    Appointment = apps.get_model("appointments", "Appointment")
    Nomination = apps.get_model("appointments", "Nomination")
    Election = apps.get_model("appointments", "Election")
    used = set(Appointment.objects.filter(seat__body__in=bodies).values_list("seat__body_id", flat=True))
    used |= set(Nomination.objects.filter(seat__body__in=bodies).values_list("seat__body_id", flat=True))
    used |= set(Election.objects.filter(body__in=bodies).values_list("body_id", flat=True))
    return used


def _remove_unused(apps, keys) -> None:
    Body = apps.get_model("appointments", "Body")
    Seat = apps.get_model("appointments", "Seat")
    bodies = list(Body.objects.filter(key__in=keys))
    used = _bodies_used(apps, bodies)
    for body in bodies:
        if body.pk in used:
            body.notes = (body.notes + " Referencedata: dette organ bør ikke findes; ret udpegningerne.").strip()
            body.save(update_fields=["notes"])
            continue
        Seat.objects.filter(body=body).delete()
        body.delete()


def _body(apps, key, **fields):
    Body = apps.get_model("appointments", "Body")
    body, created = Body.objects.get_or_create(key=key, defaults=fields)
    if not created:
        for name in ("source", "max_consecutive_terms", "term_limit_basis"):
            if name in fields and getattr(body, name) != fields[name]:
                setattr(body, name, fields[name])
                body.save(update_fields=[name])
    return body


def _seats(apps, body, council, period, seats) -> None:
    """Seats by order: created when missing; the source set on those there."""
    Seat = apps.get_model("appointments", "Seat")
    for order, (label, is_political, source) in enumerate(seats, start=1):
        seat, created = Seat.objects.get_or_create(
            body=body,
            council=council,
            period=period,
            order=order,
            defaults={"label": label, "is_political": is_political, "source": source},
        )
        if not created and seat.source != source:
            seat.source = source
            seat.save(update_fields=["source"])


def load_bodies(apps, schema_editor=None):
    """The 2026-2030 reference bodies as they are after this migration: 0002's, then this one's changes."""
    importlib.import_module("appointments.migrations.0002_reference_bodies").load_bodies(apps)
    update_bodies(apps)


def update_bodies(apps, schema_editor=None):
    Body = apps.get_model("appointments", "Body")
    Seat = apps.get_model("appointments", "Seat")
    Council = apps.get_model("members", "Council")
    ElectionPeriod = apps.get_model("members", "ElectionPeriod")
    period = ElectionPeriod.objects.filter(name=PERIOD).first()
    councils = {c.slug: c for c in Council.objects.all()}
    if period is None or not councils:
        return
    for key, name, slug, seat_source in RAR:
        body = _body(
            apps, key, name=f"Det Regionale Arbejdsmarkedsråd (RAR) {name}", kind="nominates",
            legal_basis="Beskæftigelsesloven § 28 stk. 2 nr. 5 og stk. 6 (LBK 2024:254)", term="fixed_start",
            term_start_month=6, term_start_day=1, has_personal_substitutes=True, notes=RAR_NOTE, source=RAR_SOURCE,
        )  # fmt: skip
        body.councils.add(councils[slug])
        if body.notes == _0002_rar_note(apps, key):  # one RAR per KKR, as 0002 said: corrected
            body.notes = RAR_NOTE
            body.save(update_fields=["notes"])
        seats = [(f"Kommunal repræsentant {n}", True, seat_source) for n in range(1, 6)]
        _seats(apps, body, councils[slug], period, seats)
    _remove_unused(apps, OLD_RAR)
    for body in Body.objects.filter(key__startswith="erhvervshus-"):
        _body(apps, body.key, source=ERHVERVSHUS_SOURCE)
        for order, source in ERHVERVSHUS_SEAT_SOURCES.items():
            Seat.objects.filter(body=body, period=period, order=order).update(source=source)
        Seat.objects.filter(body=body, period=period, order=KNOWLEDGE_SEAT).update(nominated_by="")
    _bornholm_observer(apps, councils, period)
    _body(apps, DEB, source=DEB_SOURCE, max_consecutive_terms=2, term_limit_basis=DEB_TERM_BASIS)
    Seat.objects.filter(body__key=DEB, period=period).update(source=DEB_SEAT_SOURCE)
    for slug, region, clusters in HEALTH:
        body = _body(
            apps, f"sundhedssamarbejdsudvalg-{slug}", name=f"Sundhedssamarbejdsudvalget i Region {region}",
            legal_basis="Sundhedsloven § 204 (LBK 2025:275)", notes=HEALTH_NOTE, source=HEALTH_SOURCE,
            ends_on=HEALTH_ENDS, end_reason="abolished_by_law",
        )  # fmt: skip
        body.councils.add(councils[slug])
        source = f"{GUESS}: én borgmester pr. sundhedsklynge (§ 204 stk. 1); {clusters} klynger i regionen"
        label = "Borgmester fra sundhedsklynge {n} (klyngens kommunale formand)"
        seats = [(label.format(n=n), True, source) for n in range(1, clusters + 1)]
        _seats(apps, body, councils[slug], period, seats)


def _bornholm_observer(apps, councils, period) -> None:
    Body = apps.get_model("appointments", "Body")
    Seat = apps.get_model("appointments", "Seat")
    body = Body.objects.filter(key=BORNHOLM_OBSERVER["body"]).first()
    if body is None:
        return
    Seat.objects.get_or_create(
        body=body, council=councils[BORNHOLM_OBSERVER["council"]], period=period, order=BORNHOLM_OBSERVER["order"],
        defaults={"label": BORNHOLM_OBSERVER["label"], "is_political": False, "source": BORNHOLM_OBSERVER["source"]},
    )  # fmt: skip
    if BORNHOLM_NOTE.strip() not in body.notes:
        body.notes += BORNHOLM_NOTE
        body.save(update_fields=["notes"])


def undo(apps, schema_editor=None):
    """The reverse: what this migration added goes when nothing refers to it; the region-wide RAR of 0002 come
    back; sources, the knowledge seat's marking and DEB's term limit are cleared with the fields (0009)."""
    Body = apps.get_model("appointments", "Body")
    Seat = apps.get_model("appointments", "Seat")
    added = [key for key, *_ in RAR if key not in _0002_RAR]
    added += [f"sundhedssamarbejdsudvalg-{slug}" for slug, *_ in HEALTH]
    _remove_unused(apps, added)
    observer = Seat.objects.filter(
        body__key=BORNHOLM_OBSERVER["body"], order=BORNHOLM_OBSERVER["order"], label=BORNHOLM_OBSERVER["label"]
    )
    if not _seat_used(apps, observer):
        observer.delete()
    for body in Body.objects.filter(key=BORNHOLM_OBSERVER["body"]):
        body.notes = body.notes.replace(BORNHOLM_NOTE, "")
        body.save(update_fields=["notes"])
    reference = Body.objects.filter(Q(key__in=_0002_RAR) | Q(key=DEB) | Q(key__startswith="erhvervshus-"))
    reference.update(source="", max_consecutive_terms=None, term_limit_basis="")
    Seat.objects.filter(body__in=reference).update(source="")
    for body in Body.objects.filter(key__in=_0002_RAR, notes=RAR_NOTE):
        body.notes = _0002_rar_note(apps, body.key)
        body.save(update_fields=["notes"])
    importlib.import_module("appointments.migrations.0002_reference_bodies").load_bodies(apps)


def _0002_rar_note(apps, key) -> str | None:
    bodies = importlib.import_module("appointments.migrations.0002_reference_bodies").BODIES
    return next((data["notes"] for data in bodies if data["key"] == key), None)


_0002_RAR = {"rar-nordjylland", "rar-midtjylland", "rar-syddanmark", "rar-sjaelland", "rar-hovedstaden"}


def _seat_used(apps, seats) -> bool:
    Appointment = apps.get_model("appointments", "Appointment")
    Nomination = apps.get_model("appointments", "Nomination")
    Election = apps.get_model("appointments", "Election")
    return (
        Appointment.objects.filter(seat__in=seats).exists()
        or Nomination.objects.filter(seat__in=seats).exists()
        or Election.objects.filter(seats__in=seats).exists()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0009_terms_and_sources"),
        ("members", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(update_bodies, undo)]
