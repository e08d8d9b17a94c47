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
