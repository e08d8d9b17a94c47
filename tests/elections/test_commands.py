"""The JSON commands `allocate_seats` (B1 1.4, § 24 stk. 3) and `kkr_composition` (B1 1.0-1.1)."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

EXAMPLE_2 = {
    "municipalities": 4,
    "valid_votes": 100_000,
    "units": [
        {"id": "A", "votes": 30_000, "mayors": 3, "council_seats": 40},
        {"id": "B", "votes": 35_000, "mayors": 0, "council_seats": 40},
        {"id": "C", "votes": 25_000, "mayors": 0, "council_seats": 30},
        {"id": "D", "votes": 7_000, "mayors": 0, "council_seats": 5},
        {"id": "L", "votes": 1_200, "mayors": 1, "council_seats": 2},
    ],
}


def run(command, payload, tmp_path, out=None):
    """Run `command` on `payload` (a dict is written as JSON, a str as is) and return stdout."""
    path = tmp_path / "input.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    out = out or io.StringIO()
    call_command(command, str(path), stdout=out)
    return out.getvalue()


def test_B1_1_4_allocate_seats_prints_seats_order_and_lots(tmp_path):
    payload = {
        "seats": 9,
        "lists": [{"id": "A", "votes": 1234, "candidates": 5}, {"id": "B", "votes": 987}],
        "alliances": [],
        "ties": "error",
    }

    result = json.loads(run("allocate_seats", payload, tmp_path))

    assert result == {"seats": {"A": 5, "B": 4}, "order": ["A", "B", "A", "B", "A", "B", "A", "A", "B"], "lots": []}


def test_B1_1_4_allocate_seats_with_an_alliance_names_every_unit(tmp_path):
    payload = {
        "seats": 2,
        "lists": [{"id": "A", "votes": 100}, {"id": "B", "votes": 45}, {"id": "C", "votes": 40}],
        "alliances": [["B", "C"]],
    }

    result = json.loads(run("allocate_seats", payload, tmp_path))

    assert result["seats"] == {"A": 1, "B": 1, "C": 0}
    assert result["order"] == ["A", "B"]


def test_S24_stk3_allocate_seats_reads_stdin_and_draws_seeded_lots():
    payload = {"seats": 2, "lists": [{"id": "A", "votes": 5}, {"id": "B", "votes": 5}], "ties": "lot", "seed": 3}
    outputs = []
    for _ in range(2):
        out = io.StringIO()
        call_command("allocate_seats", "-", stdin=io.StringIO(json.dumps(payload)), stdout=out)
        outputs.append(json.loads(out.getvalue()))

    assert outputs[0] == outputs[1]
    assert outputs[0]["lots"] == [{"tied": ["A", "B"], "chosen": outputs[0]["order"][0], "seat": 1}]


def test_B1_1_4_allocate_seats_stops_on_a_tie_naming_the_tied_units(tmp_path):
    payload = {"seats": 1, "lists": [{"id": "A", "votes": 5}, {"id": "B", "votes": 5}]}

    with pytest.raises(CommandError, match="Uafgjort mellem A og B om plads 1"):
        run("allocate_seats", payload, tmp_path)


SEAT_ERRORS = [
    pytest.param("{", "Ugyldig JSON", id="broken-json"),
    pytest.param("[]", "JSON-objekt", id="not-an-object"),
    pytest.param({"lists": [{"id": "A", "votes": 1}]}, "mangler feltet seats", id="missing-seats"),
    pytest.param({"seats": 1, "lists": [{"id": "A", "votes": 1}], "alliance": []}, "ukendt felt: alliance", id="typo"),
    pytest.param({"seats": 1.5, "lists": [{"id": "A", "votes": 1}]}, "seats skal være et helt tal", id="seats-float"),
    pytest.param({"seats": 1, "lists": []}, "ikke-tom liste", id="no-lists"),
    pytest.param({"seats": 1, "lists": [{"id": "A", "votes": "9"}]}, "Listen A: votes", id="votes-as-text"),
    pytest.param({"seats": 1, "lists": [{"id": 7, "votes": 9}]}, "id skal være en ikke-tom tekst", id="id-number"),
    pytest.param(
        {"seats": 1, "lists": [{"id": "A", "votes": 1}], "alliances": ["AB"]}, "liste af valgforbund", id="alliance"
    ),
    pytest.param(
        {"seats": 1, "lists": [{"id": "A", "votes": 1}], "alliances": [["A", "B"]]}, "ukendt liste: B", id="unknown"
    ),
    pytest.param({"seats": 3, "lists": [{"id": "A", "votes": 1, "candidates": 2}]}, "kun besætte 2", id="too-few"),
    pytest.param({"seats": 1, "lists": [{"id": "A", "votes": 1}], "ties": "coin"}, "ties skal være", id="ties"),
    pytest.param({"seats": 1, "lists": [{"id": "A", "votes": 1}], "seed": 1}, "seed bruges kun", id="seed-no-lot"),
]


@pytest.mark.parametrize(("payload", "message"), SEAT_ERRORS)
def test_allocate_seats_refuses_malformed_input_without_a_partial_result(payload, message, tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError, match=message):
        run("allocate_seats", payload, tmp_path, out)
    assert out.getvalue() == ""


def test_a_missing_file_is_reported_in_danish(tmp_path):
    with pytest.raises(CommandError, match="Kan ikke læse"):
        call_command("allocate_seats", str(tmp_path / "missing.json"), stdout=io.StringIO())


def test_B1_1_1_kkr_composition_prints_worked_example_2(tmp_path):
    result = json.loads(run("kkr_composition", EXAMPLE_2, tmp_path))

    assert (result["total"], result["uncapped_total"], result["capped"], result["cap"]) == (8, 11, True, 8)
    assert {k: v["seats"] for k, v in result["units"].items()} == {"A": 3, "B": 2, "C": 1, "D": 1, "L": 1}
    assert result["units"]["A"] == {
        "entitled": True,
        "votes": 30_000,
        "mayors": 3,
        "seats": 3,
        "supplementary": 0,
        "valid_vote_share": "0.3000",
        "vote_share": "0.3093",  # 30,000 / 97,000 = 0.30927…
        "seat_share": "0.4286",  # 3 / 7
        "underrepresentation": "0.7216",  # 0.30927… / 0.42857… = 0.72164…
        "bound_by": "mayors",
    }
    assert result["units"]["L"]["bound_by"] == "not_entitled"
    assert result["units"]["L"]["vote_share"] is None


def test_KL_15_stk2_kkr_composition_sums_votes_without_valid_votes_and_rounds_half_up(tmp_path):
    # Valid votes default to 31 + 1 = 32; B's share 1/32 = 0.03125 exactly rounds half up to "0.0313".
    units = [
        {"id": "A", "votes": 31, "mayors": 1, "council_seats": 3},
        {"id": "B", "votes": 1, "mayors": 0, "council_seats": 1},
    ]
    payload = {"municipalities": 3, "units": units, "threshold_pct": "3.125"}

    result = json.loads(run("kkr_composition", payload, tmp_path))

    assert result["units"]["B"]["valid_vote_share"] == "0.0313"
    assert result["units"]["B"]["entitled"] is True  # exactly 3.125 % is "at least" the threshold


@pytest.mark.parametrize(
    ("threshold", "entitled"), [(2, True), ("2.0", True), (2.5, False), ("2.0001", False)], ids=str
)
def test_KL_15_stk2_threshold_pct_is_parsed_exactly(threshold, entitled, tmp_path):
    units = [
        {"id": "A", "votes": 98, "mayors": 1, "council_seats": 3},
        {"id": "B", "votes": 2, "mayors": 0, "council_seats": 1},
    ]
    payload = {"municipalities": 2, "units": units, "threshold_pct": threshold}

    result = json.loads(run("kkr_composition", payload, tmp_path))

    assert result["units"]["B"]["entitled"] is entitled


COMPOSITION_ERRORS = [
    pytest.param({"units": EXAMPLE_2["units"]}, "mangler feltet municipalities", id="missing-municipalities"),
    pytest.param({**EXAMPLE_2, "cap": 2}, "ukendt felt: cap", id="typo"),
    pytest.param({**EXAMPLE_2, "threshold_pct": "to"}, "threshold_pct skal være et tal", id="threshold-text"),
    pytest.param({**EXAMPLE_2, "threshold_pct": 120}, "mellem 0 og 100", id="threshold-above-100"),
    pytest.param({**EXAMPLE_2, "cap_factor": 0}, "cap_factor", id="cap-factor-zero"),
    pytest.param({**EXAMPLE_2, "valid_votes": 10}, "overstiger de gyldige stemmer", id="votes-above-valid"),
    pytest.param({**EXAMPLE_2, "municipalities": 3}, "4 borgmestre, men kun 3 kommuner", id="too-many-mayors"),
    pytest.param(
        {"municipalities": 2, "units": [{"id": "A", "votes": 1, "mayors": 0}]},
        "mangler feltet council_seats",
        id="missing-council-seats",
    ),
    pytest.param('{"municipalities": NaN, "units": []}', "NaN er ikke et tal", id="nan"),
]


@pytest.mark.parametrize(("payload", "message"), COMPOSITION_ERRORS)
def test_kkr_composition_refuses_malformed_input_without_a_partial_result(payload, message, tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError, match=message):
        run("kkr_composition", payload, tmp_path, out)
    assert out.getvalue() == ""


def test_manage_py_exits_non_zero_with_the_danish_message_on_stderr_and_nothing_on_stdout():
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    payload = json.dumps({"seats": 1, "lists": [{"id": "A", "votes": 5}, {"id": "B", "votes": 5}]})

    done = subprocess.run(
        [sys.executable, str(manage), "allocate_seats", "-"],
        input=payload,
        capture_output=True,
        text=True,
        env={**os.environ, "KKR_DEV": os.environ.get("KKR_DEV", "1")},
        check=False,
    )

    assert done.returncode != 0
    assert "Uafgjort mellem A og B om plads 1" in done.stderr
    assert done.stdout == ""


# --- python -m elections.seats: the same JSON without Django -------------------------------

ROOT = Path(__file__).resolve().parents[2]

MODULE_COMMANDS = {"allocate_seats": "allocate", "kkr_composition": "composition"}


def run_module(command, text, *args):
    """`python -m elections.seats <command> -` on `text`; returns the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "elections.seats", command, *args, *(() if args else ("-",))],
        input=text.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        check=False,
    )


def documented_inputs():
    """The input examples of docs/elections-engines.md, by command: the JSON block after "Input:"."""
    doc = (ROOT / "docs" / "elections-engines.md").read_text(encoding="utf-8")
    inputs = {}
    for command in MODULE_COMMANDS:
        section = doc.split(f"### `python manage.py {command} FILE`", 1)[1]
        block = section.split("Input:", 1)[1].split("```json", 1)[1].split("```", 1)[0]
        inputs[command] = json.loads(block)
    return inputs


DOCUMENTED = documented_inputs()

SAME_OUTPUT = [
    pytest.param("allocate_seats", DOCUMENTED["allocate_seats"], id="B1_1_4-documented-allocate-example"),
    pytest.param("kkr_composition", DOCUMENTED["kkr_composition"], id="B1_1_1-documented-composition-example"),
    pytest.param(
        "allocate_seats",
        {"seats": 4, "lists": [{"id": x, "votes": 5} for x in "ABC"], "ties": "lot", "seed": "kkr"},
        id="S24_stk3-seeded-lots",
    ),
    pytest.param("kkr_composition", {**EXAMPLE_2, "threshold_pct": "2.5", "cap_factor": 3}, id="B1_1_1-options"),
    pytest.param(
        "allocate_seats",
        {"seats": 2, "lists": [{"id": "Æ", "votes": 5}, {"id": "Ø", "votes": 4}]},
        id="danish-letters-unescaped",
    ),
]


@pytest.mark.parametrize(("command", "payload"), SAME_OUTPUT)
def test_module_cli_prints_exactly_what_the_management_command_prints(command, payload, tmp_path):
    expected = run(command, payload, tmp_path)

    done = run_module(MODULE_COMMANDS[command], json.dumps(payload))

    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode("utf-8") == expected
    assert done.stderr == b""


def test_module_cli_reads_a_file_too(tmp_path):
    path = tmp_path / "valg.json"
    path.write_text(json.dumps(DOCUMENTED["allocate_seats"]), encoding="utf-8")

    done = run_module("allocate", "", str(path))

    assert json.loads(done.stdout)["seats"] == {"A": 5, "B": 4}


DEEP = "[" * 100_000 + "]" * 100_000

BAD_INPUT = [
    pytest.param("allocate_seats", "{", "Ugyldig JSON: Expecting property name", id="broken-json"),
    pytest.param("allocate_seats", DEEP, "Ugyldig JSON: lister og objekter er indlejret for dybt", id="deep-list"),
    pytest.param(
        "kkr_composition",
        '{"municipalities": 4, "units": ' + DEEP + "}",
        "indlejret for dybt",
        id="deep-inside-an-object",
    ),
    pytest.param(
        "kkr_composition",
        json.dumps({**EXAMPLE_2, "threshold_pct": json.loads("[" * 900 + "]" * 900)}),
        'threshold_pct skal være et tal, fx 2 eller "2.5" (fik en liste)',
        id="nested-threshold-is-not-echoed",
    ),
    pytest.param(
        "allocate_seats",
        '{"seats": 1' + "0" * 5_000 + "}",
        "Ugyldig JSON: et tal har flere end 4.300 cifre",
        id="5000-digit-number",
    ),
    pytest.param("kkr_composition", '{"municipalities": NaN}', "Ugyldig JSON: NaN er ikke et tal.", id="nan"),
    pytest.param("allocate_seats", "[]", "Inddata skal være et JSON-objekt", id="not-an-object"),
    pytest.param(
        "allocate_seats",
        '{"seats": 1, "lists": [{"id": "\\ud800", "votes": 1}]}',
        "Liste nr. 1: id indeholder et ugyldigt tegn",
        id="lone-surrogate-id",
    ),
    pytest.param(
        "allocate_seats",
        json.dumps({"seats": 10**9, "lists": [{"id": "A", "votes": 1}]}),
        "Inddata: seats må højst være 1.000.000",
        id="a-billion-seats",
    ),
    pytest.param(
        "kkr_composition",
        json.dumps({**EXAMPLE_2, "municipalities": 10**12}),
        "municipalities må højst være 1.000.000",
        id="a-trillion-municipalities",
    ),
    pytest.param(
        "kkr_composition",
        json.dumps(EXAMPLE_2)[:-1] + ', "threshold_pct": 1e999999999}',
        "threshold_pct skal være mellem 0 og 100",
        id="KL_15_stk2-huge-exponent-threshold",
    ),
    pytest.param(
        "kkr_composition",
        json.dumps({**EXAMPLE_2, "threshold_pct": "1e-999999999"}),
        "threshold_pct må højst have 30 decimaler",
        id="KL_15_stk2-tiny-exponent-threshold",
    ),
    pytest.param(
        "allocate_seats",
        json.dumps({"seats": 1, "lists": [{"id": "A", "votes": 5}, {"id": "B", "votes": 5}]}),
        "Uafgjort mellem A og B om plads 1",
        id="B1_1_4-tie",
    ),
]


@pytest.mark.parametrize(("command", "text", "message"), BAD_INPUT)
def test_bad_input_gives_the_same_danish_error_both_ways_and_no_traceback(command, text, message, tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        run(command, text, tmp_path, out)
    assert message in str(raised.value)
    assert out.getvalue() == ""

    done = run_module(MODULE_COMMANDS[command], text)

    assert done.returncode == 1
    assert done.stdout == b""
    assert done.stderr.decode("utf-8") == f"Fejl: {raised.value}\n"


def test_KL_15_stk2_threshold_as_an_exact_fraction_text_is_still_accepted(tmp_path):
    payload = {**EXAMPLE_2, "threshold_pct": "5/2"}

    result = json.loads(run("kkr_composition", payload, tmp_path))

    assert result["units"]["L"]["entitled"] is False


@pytest.mark.parametrize("args", [[], ["allocate"], ["draw", "-"], ["allocate", "-", "extra"]], ids=str)
def test_module_cli_explains_its_usage_on_a_wrong_command_line(args):
    done = subprocess.run(
        [sys.executable, "-m", "elections.seats", *args], capture_output=True, cwd=ROOT, check=False, input=b"{}"
    )

    assert done.returncode == 2
    assert done.stderr.decode("utf-8").startswith("Brug: python -m elections.seats {allocate|composition} FIL")
    assert done.stdout == b""


def test_module_cli_imports_the_pure_engines_and_no_django():
    code = "import sys, elections.seats; print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'kkr'}))"

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)

    assert done.stdout.strip() == "[]"
