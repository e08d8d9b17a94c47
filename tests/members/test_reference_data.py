"""The reference data every installation starts with (SPEC §1)."""

from fractions import Fraction

import pytest
from django.db.models import Count

from members.models import Council, ElectionPeriod, Municipality, Party, RuleSet

pytestmark = pytest.mark.django_db


def test_there_are_five_councils_with_the_right_number_of_municipalities():
    counts = dict(Council.objects.annotate(n=Count("municipalities")).values_list("name", "n"))
    assert counts == {
        "KKR Nordjylland": 11,
        "KKR Midtjylland": 19,
        "KKR Syddanmark": 22,
        "KKR Hovedstaden": 29,
        "KKR Sjælland": 17,
    }
    assert Municipality.objects.count() == 98


def test_municipality_codes_are_the_official_ones():
    assert Municipality.objects.get(code="0101").name == "København"
    assert Municipality.objects.get(code="0851").name == "Aalborg"


def test_council_slugs_spell_out_danish_letters():
    assert Council.objects.get(name="KKR Sjælland").slug == "sjaelland"


def test_national_parties_and_a_list_cooperation_exist():
    assert Party.objects.get(letter="V").name == "Venstre"
    assert Party.objects.get(name="Lokallisterne i Danmark").kind == Party.Kind.LIST_COOPERATION


def test_the_2018_rules_hold_the_numbers_of_seed_000():
    rules = RuleSet.objects.get(name="Forretningsorden for KKR 2018")
    assert rules.proposal_deadline_days == 10  # FO 3.2
    assert rules.agenda_notice_days == 7  # FO 3.3
    assert rules.quorum_fraction == Fraction(1, 2)  # FO 3.7
    assert rules.extra_meeting_fraction == Fraction(1, 3)  # FO 3.1
    assert rules.cap_factor == 2  # B1 1.1
    assert rules.alliance_declaration_weekdays == 3  # B1 1.4
    assert (rules.constituent_deadline_month, rules.constituent_deadline_day) == (1, 31)  # B1 1.3


def test_the_2010_rules_have_no_proposal_deadline_no_cap_and_alliances_at_the_meeting():
    rules = RuleSet.objects.get(name="Forretningsorden for KKR 2010")
    assert rules.proposal_deadline_days is None
    assert rules.cap_factor is None
    assert rules.alliance_declaration_weekdays == 0


def test_each_period_is_judged_by_the_rules_then_in_force():
    assert ElectionPeriod.objects.get(name="2010-2014").rule_set.name == "Forretningsorden for KKR 2010"
    assert ElectionPeriod.objects.get(name="2014-2018").rule_set.name == "Forretningsorden for KKR 2010 (2014-2018)"
    assert ElectionPeriod.objects.get(name="2018-2022").rule_set.name == "Forretningsorden for KKR 2018"
    assert ElectionPeriod.objects.get(name="2026-2030").rule_set.name == "Forretningsorden for KKR 2018 (2026-2030)"


def test_rule_sets_are_not_retroactive_each_period_has_its_own_row():
    rule_sets = list(ElectionPeriod.objects.values_list("rule_set", flat=True))
    assert len(rule_sets) == len(set(rule_sets)) == 5
    copy = RuleSet.objects.get(name="Forretningsorden for KKR 2018 (2022-2026)")
    assert (copy.proposal_deadline_days, copy.cap_factor, copy.alliance_declaration_weekdays) == (10, 2, 3)


def test_the_reference_data_migration_imports_no_application_code():
    """The data is frozen in the migration, so a later model change can't break a fresh migrate."""
    import ast
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "members" / "migrations" / "0002_reference_data.py"
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(source.read_text()))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= {"datetime", "decimal", "django.db"}


def test_every_app_has_one_initial_migration_plus_the_frozen_data():
    """One 0001_initial per app, the frozen data migrations, and from then on one migration per change, never
    squashed again: a demo database a user has changed (``make run``) and a deployed one must migrate forward.
    A new migration is added here on purpose, so none slips in by accident."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = {
        app: sorted(p.name for p in (root / app / "migrations").glob("0*.py"))
        for app in ("members", "meetings", "elections", "appointments", "api")
    }
    assert found == {
        "members": [
            "0001_initial.py",
            "0002_reference_data.py",
            "0003_council_publishes_roster.py",
            "0004_rule_set_versions.py",
            "0005_document_jobs.py",
        ],
        "meetings": [
            "0001_initial.py",
            "0002_presence_span.py",
            "0003_deliveries_and_enqueue_failed.py",
            "0004_layout_sections_case_numbers.py",
            "0005_search_index.py",
            "0006_attendance_chair_role.py",
            "0007_search_index_direct_writes.py",
            "0008_search_text_apart.py",
        ],
        "elections": ["0001_initial.py"],
        "appointments": [
            "0001_initial.py",
            "0002_reference_bodies.py",
            "0003_one_holder_per_seat_a_day.py",
            "0004_void_and_withdraw.py",
            "0005_stand_ins.py",
            "0006_representatives.py",
            "0007_national_bodies.py",
            "0008_nominations.py",
            "0009_terms_and_sources.py",
            "0010_reference_bodies_2026_2030.py",
        ],
        "api": ["0001_initial.py"],
    }
