"""The reference data every installation has: the five councils, the 98 municipalities (from
``members/data/municipalities.csv``, a copy of the official list), the national parties, the 2010 and 2018
rule sets (seeds 001 and 000) and the election periods, each period with its own copy of its rules (rule sets
are not retroactive: editing one period's rules never changes another's). Loaded by a data migration; idempotent."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils.text import slugify

CSV_PATH = Path(__file__).parent / "data" / "municipalities.csv"

COUNCIL_SIZES = {
    "KKR Nordjylland": 11,
    "KKR Midtjylland": 19,
    "KKR Syddanmark": 22,
    "KKR Hovedstaden": 29,
    "KKR Sjælland": 17,
}

NATIONAL_PARTIES = [
    ("A", "Socialdemokratiet"),
    ("B", "Radikale Venstre"),
    ("C", "Det Konservative Folkeparti"),
    ("F", "SF – Socialistisk Folkeparti"),
    ("I", "Liberal Alliance"),
    ("K", "Kristendemokraterne"),
    ("M", "Moderaterne"),
    ("O", "Dansk Folkeparti"),
    ("V", "Venstre"),
    ("Æ", "Danmarksdemokraterne"),
    ("Ø", "Enhedslisten"),
    ("Å", "Alternativet"),
]
LIST_COOPERATIONS = ["Lokallisterne i Danmark"]

RULES_2010 = {
    "name": "Forretningsorden for KKR 2010",
    "source": "KL: Forretningsorden for KKR, vedtaget 23. oktober 2009, i kraft 1. januar 2010 (seed 001).",
    "in_force_from": date(2010, 1, 1),
    "proposal_deadline_days": None,
    "agenda_notice_days": 7,
    "cap_factor": None,
    "alliance_declaration_weekdays": 0,
}
RULES_2018 = {
    "name": "Forretningsorden for KKR 2018",
    "source": "KL: Forretningsorden for KKR 2018-2022, vedtaget 24. august 2017, i kraft 1. januar 2018 (seed 000).",
    "in_force_from": date(2018, 1, 1),
    "proposal_deadline_days": 10,
    "agenda_notice_days": 7,
    "cap_factor": 2,
    "alliance_declaration_weekdays": 3,
}
COMMON_RULES = {
    "meetings_per_year": 5,
    "extra_meeting_numerator": 1,
    "extra_meeting_denominator": 3,
    "quorum_numerator": 1,
    "quorum_denominator": 2,
    "casting_vote": "chair",
    "entitlement_threshold_pct": Decimal("2.00"),
    "constituent_deadline_month": 1,
    "constituent_deadline_day": 31,
    "long_absence_months": 3,
    "closed_on_constitution_day": True,
    "closed_on_christmas_eve": True,
    "closed_on_new_years_eve": True,
}
# (name, first year, municipal election day, rule set)
PERIODS = [
    ("2010-2014", 2010, date(2009, 11, 17), "2010"),
    ("2014-2018", 2014, date(2013, 11, 19), "2010"),
    ("2018-2022", 2018, date(2017, 11, 21), "2018"),
    ("2022-2026", 2022, date(2021, 11, 16), "2018"),
    ("2026-2030", 2026, date(2025, 11, 18), "2018"),
]


def council_slug(name: str) -> str:
    """'KKR Sjælland' → 'sjaelland' (slugify drops æ/ø/å, so spell them out first)."""
    plain = name.removeprefix("KKR ").lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"}))
    return slugify(plain)


def read_municipalities():
    with CSV_PATH.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(Council, Municipality, Party, RuleSet, ElectionPeriod):  # noqa: N803 - model classes
    """Create or update the reference rows; takes model classes so a migration can pass historical ones."""
    rows = read_municipalities()
    councils = {}
    for row in rows:
        name = row["kkr"]
        if name not in councils:
            councils[name], _ = Council.objects.update_or_create(
                name=name, defaults={"slug": council_slug(name), "region": row["region"]}
            )
        Municipality.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "council": councils[name], "is_kl_member": True}
        )
    for letter, name in NATIONAL_PARTIES:
        Party.objects.update_or_create(letter=letter, defaults={"name": name, "kind": "national"})
    for name in LIST_COOPERATIONS:
        Party.objects.update_or_create(name=name, defaults={"kind": "list_cooperation"})
    rules_by_key = {"2010": RULES_2010, "2018": RULES_2018}
    seen = set()
    for name, year, election_on, key in PERIODS:
        values = {**COMMON_RULES, **rules_by_key[key]}
        values["name"] = rule_set_name(values["name"], name, first=key not in seen)
        seen.add(key)
        rule_set, _ = RuleSet.objects.update_or_create(name=values["name"], defaults=values)
        ElectionPeriod.objects.update_or_create(
            name=name,
            defaults={
                "starts_on": date(year, 1, 1),
                "ends_on": date(year + 3, 12, 31),
                "election_on": election_on,
                "rule_set": rule_set,
            },
        )


def rule_set_name(rules_name: str, period_name: str, *, first: bool) -> str:
    """Rule sets are not retroactive: every period has its own row. The first period under a set of rules has
    the rules' own name; a later one a copy named after the period ("Forretningsorden for KKR 2018 (2022-2026)")."""
    return rules_name if first else f"{rules_name} ({period_name})"
