"""Reference data: the bodies every KKR fills in 2026-2030 as far as they are public (SPEC §4, FO 2.2).

Frozen here (a migration never imports app code). Idempotent: rows are found by `Body.key` and by
(body, council, period, order), so running it on a database that already has them changes nothing.
What is a policy guess is said in the body's `notes`.
"""

from django.db import migrations

PERIOD = "2026-2030"

ERHVERVSHUS_SEATS = [
    # (label, is_political, is_chair, nominated_by)
    ("Formand (folkevalgt, gerne med baggrund i det private erhvervsliv)", True, True, ""),
    ("Kommunal politisk repræsentant 1", True, False, ""),
    ("Kommunal politisk repræsentant 2", True, False, ""),
    ("Kommunal politisk repræsentant 3", True, False, ""),
    ("Virksomhedsrepræsentant 1", False, False, "erhvervsorganisationerne"),
    ("Virksomhedsrepræsentant 2", False, False, "erhvervsorganisationerne"),
    ("Virksomhedsrepræsentant 3", False, False, "erhvervsorganisationerne"),
    ("Virksomhedsrepræsentant 4 (små og mellemstore virksomheder)", False, False, "erhvervsorganisationerne"),
    ("Repræsentant fra en videninstitution", False, False, ""),
    ("Medarbejderrepræsentant", False, False, "de faglige hovedorganisationer i fællesskab"),
]
ERHVERVSHUS_BASIS = "Lov om erhvervsfremme § 13 stk. 2 nr. 1-5 (LBK 2024:230)"
ERHVERVSHUS_NOTE = (
    "Bestyrelsen har 11 medlemmer; KKR udpeger 10, regionsrådene 1 (§ 13 stk. 2 nr. 6). "
    "Politisk skøn: formandspladsen og de 3 kommunale pladser behandles som politiske pladser efter FO 3.8; "
    "hvilket KKR der udpeger til et erhvervshus, der dækker flere regioner, er lagt fast her og kan rettes."
)

BODIES = [
    *[
        {
            "key": f"erhvervshus-{key}",
            "name": f"Erhvervshus {name} – bestyrelse",
            "legal_basis": ERHVERVSHUS_BASIS,
            "councils": [council],
            "seats": {council: ERHVERVSHUS_SEATS},
            "notes": ERHVERVSHUS_NOTE,
        }
        for key, name, council in [
            ("nordjylland", "Nordjylland", "nordjylland"),
            ("midtjylland", "Midtjylland", "midtjylland"),
            ("sydjylland", "Sydjylland", "syddanmark"),
            ("fyn", "Fyn", "syddanmark"),
            ("sjaelland", "Sjælland", "sjaelland"),
            ("hovedstaden", "Hovedstaden", "hovedstaden"),
        ]
    ],
    {
        "key": "danmarks-erhvervsfremmebestyrelse",
        "name": "Danmarks Erhvervsfremmebestyrelse",
        "legal_basis": "Lov om erhvervsfremme § 10 stk. 2 nr. 2; bek. 2018:1589 § 1 stk. 1 nr. 2",
        "councils": ["nordjylland", "midtjylland", "syddanmark", "sjaelland", "hovedstaden"],
        "seats": {
            council: [("Kommunalt medlem", True, False, "")]
            for council in ["nordjylland", "midtjylland", "syddanmark", "sjaelland", "hovedstaden"]
        },
        "notes": (
            "17 medlemmer; de fem KKR udpeger 5 kommunale medlemmer. Politisk skøn: ét medlem pr. KKR. "
            "Udpegningen følger den kommunale valgperiode (bek. § 1 stk. 1 nr. 2); mister medlemmet sit folkelige "
            "mandat, kan KKR udpege et andet (bek. § 1 stk. 4)."
        ),
    },
    *[
        {
            "key": f"rar-{council}",
            "name": f"Det Regionale Arbejdsmarkedsråd (RAR) {name}",
            "legal_basis": "Beskæftigelsesloven § 28 stk. 2 nr. 5 og stk. 6 (LBK 2024:254)",
            "councils": [council],
            "term": "fixed_start",
            "term_start_month": 6,
            "term_start_day": 1,
            "has_personal_substitutes": True,
            "seats": {council: [(f"Kommunal repræsentant {n}", True, False, "") for n in range(1, 6)]},
            "notes": (
                "21 medlemmer; kommunerne i regionen i forening har 5, hver med personlig suppleant (§ 28 stk. 3). "
                "Funktionsperiode 1. juni året efter valgåret i 4 år (§ 28 stk. 6). Politisk skøn: ét RAR pr. KKR "
                "(i praksis er der otte RAR-områder), og pladserne behandles som politiske pladser efter FO 3.8; "
                "KKR indstiller, ministeren udpeger."
            ),
        }
        for council, name in [
            ("nordjylland", "Nordjylland"),
            ("midtjylland", "Midtjylland"),
            ("syddanmark", "Syddanmark"),
            ("sjaelland", "Sjælland"),
            ("hovedstaden", "Hovedstaden"),
        ]
    ],
]


def load_bodies(apps, schema_editor=None):
    """Create the bodies and their seats for 2026-2030 (nothing when they are there)."""
    Body = apps.get_model("appointments", "Body")
    Seat = apps.get_model("appointments", "Seat")
    Council = apps.get_model("members", "Council")
    ElectionPeriod = apps.get_model("members", "ElectionPeriod")
    period = ElectionPeriod.objects.filter(name=PERIOD).first()
    councils = {c.slug: c for c in Council.objects.all()}
    if period is None or not councils:
        return
    for data in BODIES:
        fields = {k: v for k, v in data.items() if k not in ("key", "councils", "seats")}
        if data["key"].startswith("rar-"):
            fields["kind"] = "nominates"
        body, _ = Body.objects.get_or_create(key=data["key"], defaults=fields)
        body.councils.add(*(councils[slug] for slug in data["councils"]))
        for slug, seats in data["seats"].items():
            for order, (label, is_political, is_chair, nominated_by) in enumerate(seats, start=1):
                Seat.objects.get_or_create(
                    body=body,
                    council=councils[slug],
                    period=period,
                    order=order,
                    defaults={
                        "label": label,
                        "is_political": is_political,
                        "is_chair": is_chair,
                        "nominated_by": nominated_by,
                    },
                )


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0001_initial"),
        ("members", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load_bodies, migrations.RunPython.noop)]
