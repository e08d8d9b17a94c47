"""Importing results, composing them under the period's rule set, lots, confirmation and KL's numbers."""

from decimal import Decimal

import pytest

from elections import services
from elections.calculation import calculate
from elections.demo import load_demo_results
from elections.importing import parse_results
from elections.models import CompositionLine, CompositionSnapshot, ElectionResultSet, MunicipalityResult, PartyResult
from elections.ties import Lot, TieError
from kkr.errors import RuleViolation
from members.models import ElectionPeriod, Party, SeatEntitlement
from tests.elections.test_import import results_csv

TRACKED = [
    ElectionResultSet,
    MunicipalityResult,
    PartyResult,
    CompositionSnapshot,
    CompositionLine,
    Party,
    SeatEntitlement,
]
# Equal votes everywhere; A holds 6 mayoralties, V 5: N = 18, and C and V tie for seat 17 (B1 1.1).
LISTS_WITHOUT_C = (("A", "Socialdemokratiet", 1000, 5), ("V", "Venstre", 800, 4))
TIED = (("A", "Socialdemokratiet", 1000, 5), ("V", "Venstre", 1000, 5), ("C", "Det Konservative Folkeparti", 1000, 5))


def snapshot():
    return {model.__name__: (model.objects.count(), model.history.count()) for model in TRACKED}


def imported(council, period, actor=None, **kwargs):
    return services.import_results(parse_results(results_csv(council, **kwargs), council), period=period, actor=actor)


def test_import_stores_every_row_with_the_history_user(nordjylland, period, staff_user):
    result_set = imported(nordjylland, period, staff_user)
    assert result_set.party_results.count() == 33
    aalborg = result_set.municipality_results.select_related("mayor_party").get(municipality__name="Aalborg")
    assert (aalborg.valid_votes, aalborg.mayor_party.letter) == (2000, "V")
    assert PartyResult.history.filter(history_user=staff_user).count() == 33
    assert ElectionResultSet.history.get().history_user == staff_user


def test_import_creates_the_new_parties(nordjylland, period, staff_user):
    text = results_csv(nordjylland) + f"{nordjylland.municipalities.get(name='Læsø').code};L;Læsølisten;50;1;\n"
    services.import_results(parse_results(text, nordjylland), period=period, actor=staff_user)
    party = Party.objects.get(name="Læsølisten")
    assert (party.kind, party.letter, party.history.get().history_user) == (Party.Kind.LOCAL_LIST, "", staff_user)


def test_a_file_with_one_bad_row_changes_nothing(nordjylland, period, staff_user):
    before = snapshot()
    text = results_csv(nordjylland, extra=["0851;Q;Ny Liste;tre;1;"])
    with pytest.raises(RuleViolation, match="Filen har 1 fejl; intet er indlæst."):
        services.import_results(parse_results(text, nordjylland), period=period, actor=staff_user)
    assert snapshot() == before


def test_a_local_lists_mayor_sits_on_top_and_its_votes_count_only_as_valid_votes(nordjylland, period):
    lists = (*TIED[:2], ("L", "Lokallisten", 100, 1))
    result_set = imported(nordjylland, period, lists=lists, mayors="AAAAAVVVVVL")
    calc = calculate(ElectionResultSet.objects.select_related("period__rule_set").get(pk=result_set.pk))
    assert (calc.local.mayors, calc.local.votes, calc.valid_votes) == (1, 1100, 23100)
    assert set(calc.composition.units) == {"A", "V"}
    assert calc.composition.total == calc.composition.entitled_seats + 1


def test_the_threshold_comes_exactly_from_the_rule_set(nordjylland, period):
    """KL's love § 15 stk. 2: C has 200 of 2,000 votes = 10 %; at a 10 % threshold it is entitled, at 10.01 % not."""
    result_set = imported(nordjylland, period)
    rule_set = period.rule_set
    rule_set.entitlement_threshold_pct = Decimal("10.00")
    assert calculate(result_set).composition.units["C"].entitled
    rule_set.entitlement_threshold_pct = Decimal("10.01")
    assert not calculate(result_set).composition.units["C"].entitled


def test_without_a_cap_in_the_rule_set_the_uncapped_size_stands(nordjylland, period):
    """2010 rules: no B1 1.1 cap. V's 11 mayors need 11 × 2,000 / 800 = 27.5 → 28 seats."""
    result_set = imported(nordjylland, ElectionPeriod.objects.get(name="2014-2018"))
    calc = calculate(ElectionResultSet.objects.select_related("period__rule_set").get(pk=result_set.pk))
    assert (calc.has_cap, calc.composition.capped, calc.composition.total) == (False, False, 28)


def test_a_tie_asks_for_a_lot_and_the_recorded_lot_decides(nordjylland, period, staff_user):
    """B1 1.1: C and V have equal votes and 5 seats each for seat 17 — only a lot decides."""
    result_set = imported(nordjylland, period, lists=TIED, mayors="AAAAAAVVVVV")
    with pytest.raises(TieError, match="Uafgjort mellem C og V om plads 17 – der skal trækkes lod."):
        calculate(result_set)
    services.record_lot(result_set, tied=("C", "V"), chosen="C", actor=staff_user)
    composition = calculate(result_set).composition
    assert {u.id: u.seats for u in composition.units.values()} == {"A": 6, "C": 6, "V": 6}
    assert composition.lots[0].chosen == "C"
    assert ElectionResultSet.history.latest().history_user == staff_user


def test_confirmation_sets_the_seat_entitlements_with_the_history_user(nordjylland, period, staff_user):
    result_set = load_demo_results(nordjylland, period)
    snapshot_ = services.confirm_composition(result_set, actor=staff_user)
    assert (snapshot_.total, snapshot_.cap, snapshot_.is_capped, snapshot_.confirmed_by) == (22, 22, True, staff_user)
    entitlements = {e.party.letter: e for e in SeatEntitlement.objects.filter(council=nordjylland, period=period)}
    assert sum(e.seats for e in entitlements.values()) == 22  # the real KV25 result: every mayor on a national list
    assert (entitlements["V"].seats, entitlements["V"].mayors, entitlements["V"].source) == (8, 8, "computed")
    assert not entitlements["M"].is_entitled
    assert {h.history_user for h in SeatEntitlement.history.all()} == {staff_user}
    assert snapshot_.lines.count() == len(entitlements)


def test_a_second_confirmation_updates_the_entitlements_and_zeroes_a_party_no_longer_there(
    nordjylland, period, staff_user
):
    first = imported(nordjylland, period, staff_user)
    services.confirm_composition(first, actor=staff_user)
    second = imported(nordjylland, period, staff_user, lists=LISTS_WITHOUT_C)
    services.confirm_composition(second, actor=staff_user)
    seats = dict(
        SeatEntitlement.objects.filter(council=nordjylland, period=period).values_list("party__letter", "seats")
    )
    assert seats["C"] == 0
    assert SeatEntitlement.objects.get(party__letter="V", council=nordjylland).history.count() == 2


def test_a_composition_is_confirmed_once(nordjylland, period, staff_user):
    result_set = imported(nordjylland, period, staff_user)
    services.confirm_composition(result_set, actor=staff_user)
    before = snapshot()
    with pytest.raises(RuleViolation, match="allerede bekræftet"):
        services.confirm_composition(result_set, actor=staff_user)
    assert snapshot() == before


def test_an_unresolved_tie_confirms_nothing(nordjylland, period, staff_user):
    result_set = imported(nordjylland, period, lists=TIED, mayors="AAAAAAVVVVV")
    before = snapshot()
    with pytest.raises(RuleViolation, match=r"Uafgjort mellem C og V om plads 17 – der skal trækkes lod\. \(B1 1\.1\)"):
        services.confirm_composition(result_set, actor=staff_user)
    assert snapshot() == before


def test_kls_numbers_are_kept_beside_the_computed_ones(nordjylland, period, staff_user):
    snapshot_ = services.confirm_composition(imported(nordjylland, period, staff_user), actor=staff_user)
    line = snapshot_.lines.get(party__letter="C")
    services.record_official_numbers(snapshot_, seats={line.pk: line.seats + 1}, note="KL: afrunding", actor=staff_user)
    line.refresh_from_db()
    assert (line.difference, line.history.latest().history_user) == (1, staff_user)
    assert SeatEntitlement.objects.get(party__letter="C", council=nordjylland).seats == line.seats
    snapshot_.refresh_from_db()
    assert snapshot_.official_note == "KL: afrunding"


def test_a_difference_from_kl_needs_a_note(nordjylland, period, staff_user):
    snapshot_ = services.confirm_composition(imported(nordjylland, period, staff_user), actor=staff_user)
    line = snapshot_.lines.get(party__letter="C")
    with pytest.raises(RuleViolation, match="Skriv en bemærkning"):
        services.record_official_numbers(snapshot_, seats={line.pk: line.seats + 1}, note="", actor=staff_user)
    line.refresh_from_db()
    assert line.official_seats is None


def test_the_demo_results_give_kkr_nordjylland_22_members_with_the_cap_binding(nordjylland, period):
    """B1 1.1: 2 × 11 municipalities; the uncapped size is above it (seed 004: 22 for 2026-2030)."""
    composition = calculate(load_demo_results(nordjylland, period)).composition
    assert (composition.total, composition.cap, composition.capped) == (22, 22, True)
    assert composition.uncapped_total > 22
    assert composition.units["V"].bound_by == "mayors"


def test_b1_1_1_a_lot_is_stored_in_the_one_lot_shape_and_old_bare_winners_still_replay(nordjylland, period, staff_user):
    result_set = imported(nordjylland, period, lists=TIED, mayors="AAAAAAVVVVV")
    services.record_lot(result_set, tied=("C", "V"), chosen="C", actor=staff_user)
    result_set.refresh_from_db()
    assert result_set.lots == [Lot(tied=("C", "V"), chosen="C", seat=17).to_json()]
    result_set.lots = ["C"]  # the older shape: the winner only
    assert calculate(result_set).composition.lots == (Lot(tied=("C", "V"), chosen="C", seat=17),)


def test_b1_1_1_a_lot_for_a_tie_that_is_not_open_is_refused(nordjylland, period, staff_user):
    result_set = imported(nordjylland, period, lists=TIED, mayors="AAAAAAVVVVV")
    with pytest.raises(RuleViolation, match="passer ikke til den aktuelle stemmelighed"):
        services.record_lot(result_set, tied=("A", "C"), chosen="A", actor=staff_user)
    services.record_lot(result_set, tied=("C", "V"), chosen="V", actor=staff_user)
    with pytest.raises(RuleViolation, match="passer ikke til den aktuelle stemmelighed"):
        services.record_lot(result_set, tied=("C", "V"), chosen="C", actor=staff_user)
    result_set.refresh_from_db()
    assert [lot["chosen"] for lot in result_set.lots] == ["V"]


def test_b1_1_1_the_confirmed_snapshot_keeps_its_lots_in_the_one_shape(nordjylland, period, staff_user):
    result_set = imported(nordjylland, period, lists=TIED, mayors="AAAAAAVVVVV")
    services.record_lot(result_set, tied=("C", "V"), chosen="V", actor=staff_user)
    snapshot_ = services.confirm_composition(result_set, actor=staff_user)
    assert [Lot.from_json(lot) for lot in snapshot_.lots] == [Lot(tied=("C", "V"), chosen="V", seat=17)]
