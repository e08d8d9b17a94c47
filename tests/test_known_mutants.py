"""Known wrong engines that the rule tests must kill (docs/mutation-testing.md).

Each row is a mutant that mutation testing once found surviving, or one that changes a result the same
way: a text substitution in one pure rule module. The test copies the rule packages and the named unit
tests to a temporary folder and, in one fresh interpreter without Django, applies each substitution in
turn and runs the row's tests: they must fail (pytest exit code 1, not a collection error). The same
tests must pass on the unmutated copy. The working tree is never touched.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("elections", "meetings", "members", "appointments")
DHONDT = "tests/elections/test_dhondt.py"
COMPOSITION = "tests/elections/test_composition.py"
MAJORITY = "tests/elections/test_majority.py"
QUORUM = "tests/meetings/test_quorum.py"
TIMEZONES = "tests/members/test_deadlines_timezones.py"
TIES = "tests/elections/test_ties.py"
BALLOTS = "tests/appointments/test_ballots.py"

# (id, module, original text, mutant text, the unit tests that must kill it)
MUTANTS = [
    (
        "ballots-majority-lot-drops-round-2",
        "appointments/ballots.py",
        "return [*rounds[:-1], {**last,",
        "return [*rounds[:+1], {**last,",
        [f"{BALLOTS}::test_s_24_stk_1_a_lot_in_round_3_keeps_rounds_1_and_2_as_they_were"],
    ),
    (
        "dhondt-key-scale-linear",
        "elections/dhondt.py",
        "scale = (len(seat_numbers) + 1) ** 2",
        "scale = (len(seat_numbers) + 1) * 2",
        [f"{DHONDT}::test_S24_stk3_B1_1_4_quotients_one_over_the_seats_squared_apart_get_no_spurious_lot"],
    ),
    (
        "dhondt-key-as-a-float",
        "elections/dhondt.py",
        "heappush(heap, (-(votes[index] * scale // (won[index] + 1)), index))",
        "heappush(heap, (-(votes[index] * scale / (won[index] + 1)), index))",
        [f"{DHONDT}::test_S24_stk3_a_quotient_after_a_won_seat_is_compared_exactly_not_as_a_float"],
    ),
    (
        "composition-key-scale-linear",
        "elections/composition.py",
        "scale = max(target, 1) ** 2",
        "scale = max(target, 1) * 2",
        [f"{COMPOSITION}::test_B1_1_1_votes_per_seat_one_over_the_target_squared_apart_are_told_apart"],
    ),
    (
        "composition-first-keys-as-floats",
        "elections/composition.py",
        "heap = [(-(u.votes * scale // seats[u.id]), seats[u.id], i)",
        "heap = [(-(u.votes * scale / seats[u.id]), seats[u.id], i)",
        [f"{COMPOSITION}::test_B1_1_1_votes_per_seat_are_compared_exactly_not_as_floats"],
    ),
    (
        "composition-next-keys-as-floats",
        "elections/composition.py",
        "heappush(heap, (-(votes[index] * scale // held), held, index))",
        "heappush(heap, (-(votes[index] * scale / held), held, index))",
        [f"{COMPOSITION}::test_B1_1_1_votes_per_seat_are_compared_exactly_not_as_floats"],
    ),
    (
        "majority-missing-run-off-candidate-has-one-vote",
        "elections/majority.py",
        "first, second = (tally.get(c, 0) for c in run_off)",
        "first, second = (tally.get(c, 1) for c in run_off)",
        [f"{MAJORITY}::test_S24_stk1_a_run_off_candidate_left_out_of_the_tally_has_no_votes"],
    ),
    (
        "composition-other-mayors-not-counted",
        "elections/composition.py",
        "mayors = sum(u.mayors for u in region.units) + region.other_mayors",
        "mayors = sum(u.mayors for u in region.units)",
        [f"{COMPOSITION}::test_B1_1_0_more_mayors_than_municipalities_is_refused_whole_message"],
    ),
    (
        "composition-mayors-check-off-by-one",
        "elections/composition.py",
        "if mayors > region.municipalities:",
        "if mayors > region.municipalities + 1:",
        [f"{COMPOSITION}::test_B1_1_0_more_mayors_than_municipalities_is_refused_whole_message"],
    ),
    (
        "composition-empty-unit-id-accepted",
        "elections/composition.py",
        "if not isinstance(unit.id, str) or not unit.id:",
        "if not isinstance(unit.id, str) and not unit.id:",
        [f"{COMPOSITION}::test_B1_1_1_a_unit_without_an_id_is_refused_whole_message"],
    ),
    (
        "composition-threshold-100-refused",
        "elections/composition.py",
        "not 0 <= rules.threshold_pct <= 100",
        "not 0 <= rules.threshold_pct < 100",
        [f"{COMPOSITION}::test_KL_15_stk2_a_threshold_of_exactly_100_percent_is_allowed"],
    ),
    (
        "ties-older-lot-shape-lost",
        "elections/ties.py",
        "return cls(tied=(), chosen=data)",
        "return cls(tied=(), chosen=None)",
        [f"{TIES}::test_a_lot_stored_in_the_older_shape_a_bare_winner_is_read"],
    ),
    (
        "quorum-all-requests-refused",
        "meetings/quorum.py",
        "if requests > members:",
        "if requests >= members:",
        [f"{QUORUM}::test_FO_3_1_every_member_asking_requires_the_meeting"],
    ),
    (
        "quorum-all-present-refused",
        "meetings/quorum.py",
        "if present > members:",
        "if present >= members:",
        [f"{QUORUM}::test_FO_3_7_every_member_present_is_quorate"],
    ),
    (
        "quorum-absent-holder-may-cast",
        "meetings/quorum.py",
        "if casting_vote is not None and not holder_present:",
        "if casting_vote is not None and holder_present is None:",
        [f"{QUORUM}::test_FO_3_7_an_absent_casting_vote_holder_cannot_break_the_tie"],
    ),
    (
        "quorum-absent-holder-not-recorded",
        "meetings/quorum.py",
        "holder_present=holder_present,\n    )",
        "holder_present=True,\n    )",
        [f"{QUORUM}::test_FO_3_7_a_tie_with_the_casting_vote_holder_absent_is_not_adopted_whole_sentence"],
    ),
    (
        "quorum-bool-count-accepted",
        "meetings/quorum.py",
        "if isinstance(value, bool) or not isinstance(value, int) or value < minimum:",
        "if isinstance(value, bool) and not isinstance(value, int) or value < minimum:",
        [f"{QUORUM}::test_counts_of_the_wrong_type_are_refused_whole_message"],
    ),
    (
        "quorum-float-count-accepted",
        "meetings/quorum.py",
        "if isinstance(value, bool) or not isinstance(value, int) or value < minimum:",
        "if isinstance(value, bool) or not isinstance(value, int) and value < minimum:",
        [f"{QUORUM}::test_counts_of_the_wrong_type_are_refused_whole_message"],
    ),
    (
        "deadlines-local-time-zone",
        "members/deadlines.py",
        "start = meeting_start.astimezone(COPENHAGEN)",
        "start = meeting_start.astimezone(None)",
        [TIMEZONES],
    ),
]


# Runs in a fresh interpreter inside the copy: each mutant in turn is written into its module, the rule
# packages and tests are forgotten, and pytest runs the row's tests in the same process (one start-up for
# all rows). Prints each row's pytest exit code; 0 is the unmutated control run.
DRIVER = """
import json, sys
from pathlib import Path
import pytest

rows = json.loads(sys.argv[1])
codes = []
for module, original, mutant, tests in rows:
    path = Path(module) if module else None
    source = path.read_text() if path else None
    if path:
        path.write_text(source.replace(original, mutant))
    forget = ("elections", "meetings", "members", "appointments", "tests")
    for name in [n for n in sys.modules if n.split(".")[0] in forget]:
        del sys.modules[name]
    args = ["-x", "-q", "-p", "no:django", "-p", "no:cacheprovider", "--noconftest", "-o", "addopts="]
    args += ["-W", "ignore::pytest.PytestConfigWarning", "--no-header", "--no-summary", *tests]
    codes.append(int(pytest.main(args)))
    if path:
        path.write_text(source)
print("MUTANT-EXIT-CODES", json.dumps(codes))
"""


def _copy_tree(destination: Path) -> None:
    skip = shutil.ignore_patterns("__pycache__", "migrations", "templates", "static", "*.pyc")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, destination / package, ignore=skip)
    for folder in ("", *PACKAGES):
        (destination / "tests" / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "tests" / folder / "__init__.py", destination / "tests" / folder / "__init__.py")
    for test in {t.split("::")[0] for m in MUTANTS for t in m[4]}:
        shutil.copy(ROOT / test, destination / test)


@pytest.fixture(scope="module")
def exit_codes(tmp_path_factory) -> dict[str, int]:
    """Every row's pytest exit code on its mutant, and the control run's ("") on the unmutated copy."""
    root = tmp_path_factory.mktemp("mutants")
    _copy_tree(root)
    for _id, module, original, _mutant, _tests in MUTANTS:
        count = (root / module).read_text().count(original)
        assert count == 1, f"{module} contains {original!r} {count} times, not once: update the table"
    control = ["", "", "", sorted({t for m in MUTANTS for t in m[4]})]
    rows = [control, *([module, original, mutant, tests] for _id, module, original, mutant, tests in MUTANTS)]
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(rows)], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    marker = [line for line in result.stdout.splitlines() if line.startswith("MUTANT-EXIT-CODES ")]
    assert marker, result.stdout[-3000:] + result.stderr[-3000:]
    codes = json.loads(marker[0].split(" ", 1)[1])
    return {"": codes[0], **{m[0]: code for m, code in zip(MUTANTS, codes[1:], strict=True)}}


def test_the_killing_unit_tests_pass_on_the_unmutated_copy(exit_codes):
    """Without this a broken copy (a file missing from it) would make every mutant look killed."""
    assert exit_codes[""] == 0


@pytest.mark.parametrize("mutant", [m[0] for m in MUTANTS])
def test_the_unit_tests_kill_the_known_result_changing_mutant(exit_codes, mutant):
    # 1: a test failed. 2-5 would be an interrupted run, a collection error or no test run: not a kill.
    assert exit_codes[mutant] == 1, f"{mutant} survived the unit tests" if exit_codes[mutant] == 0 else exit_codes
