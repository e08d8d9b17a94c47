"""The election engines against their baselines: every figure is a ratio measured in one run.

Run from the repository root: ``.venv/bin/python benchmarks/engines.py [--rounds N] [--cli-rounds N]``.
No database, no Django set-up (the management command is started as a subprocess for comparison).

| figure | baseline (same run, same input) |
|---|---|
| d'Hondt over the 98 KV25 councils | votelib's `HighestAverages("d_hondt")` |
| d'Hondt, 1,000 lists × 10,000 seats | votelib |
| composition, 1,000 units × 10,000 seats | votelib's d'Hondt, 1,000 lists × 10,000 seats (same size) |
| `python -m elections.seats allocate/composition` per call | `python -c pass` |
| `manage.py allocate_seats` per call (for comparison) | `python -c pass` |

Each round times the subject and its baseline back to back (interleaved, so a busy neighbour slows
both); the figure is the median of the subject's times ÷ the median of the baseline's times.

**The 98 councils.** The 11 councils of KKR Nordjylland are the real KV25 result
(`/work/shared/data/kv25-nordjylland.csv`, or `--kv25 FILE`; votes per list and council size = the seats
won). The repository holds no real result for the other 87 municipalities, so they are generated with a
fixed seed (`random.Random(2025)`): council sizes and list counts drawn from the ranges of the real
ones (9-31 seats, 55 for København; 7-14 lists), votes from national-like party shares with noise on an
electorate of 2,000-400,000. Without the file all 98 are generated. Plain d'Hondt, no alliances (votelib
has none); ties are settled by `seeded_lots` (votelib reports them as `Tie`).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from elections.composition import CompositionRules, Region, UnitResult, council_composition  # noqa: E402
from elections.dhondt import Unit, allocate_seats  # noqa: E402
from elections.ties import seeded_lots  # noqa: E402

KV25 = Path("/work/shared/data/kv25-nordjylland.csv")
MUNICIPALITIES = Path("/work/shared/data/municipalities.csv")

# National-like list shares (KV25 order of size) for the generated councils; local lists are added.
SHARES = {"A": 23, "V": 17, "F": 11, "C": 11, "Æ": 6, "Ø": 7, "I": 6, "B": 5, "O": 5, "M": 2, "Å": 2, "K": 1}
SIZES = [9, 15, 19, 21, 23, 25, 25, 27, 27, 29, 29, 31, 31, 31]


def kv25_councils(path: Path | None) -> list[tuple[str, dict[str, int], int]]:
    """(municipality code, votes per list, council size) for the real councils in `path`."""
    if path is None or not path.exists():
        return []
    by_code: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as file:
        for row in csv.DictReader(file, delimiter=";"):
            by_code[row["kommunekode"]].append(row)
    return [
        (code, {r["bogstav"]: int(r["stemmer"]) for r in rows}, sum(int(r["mandater"]) for r in rows))
        for code, rows in by_code.items()
    ]


def generated_council(rng: random.Random, code: str) -> tuple[str, dict[str, int], int]:
    seats = 55 if code == "0101" else rng.choice(SIZES)
    electorate = rng.randint(2_000, 400_000) if code != "0101" else 330_000
    lists = dict(rng.sample(sorted(SHARES.items()), rng.randint(6, len(SHARES))))
    for n in range(rng.randint(0, 3)):
        lists[f"L{n}"] = rng.uniform(0.5, 8)
    weights = {key: share * rng.uniform(0.5, 1.6) for key, share in lists.items()}
    total = sum(weights.values())
    return code, {key: max(1, round(electorate * w / total)) for key, w in weights.items()}, seats


def councils(kv25: Path | None) -> tuple[list[tuple[str, dict[str, int], int]], int]:
    """All 98 councils (real ones first) and how many of them are real."""
    real = kv25_councils(kv25)
    known = {code for code, _, _ in real}
    with MUNICIPALITIES.open(encoding="utf-8") as file:
        codes = [row["code"] for row in csv.DictReader(file)] if MUNICIPALITIES.exists() else []
    codes = codes or [f"{n:04d}" for n in range(98)]
    rng = random.Random(2025)
    generated = [generated_council(rng, code) for code in codes if code not in known]
    return real + generated, len(real)


def big_election(lists: int = 1_000) -> dict[str, int]:
    rng = random.Random(1_000)
    return {f"L{i}": rng.randint(1_000, 1_000_000) for i in range(lists)}


def big_region(units: int = 1_000, seats: int = 10_000) -> Region:
    """Every unit entitled (threshold 0), 5,000 mayors, and a cap of `seats` that binds."""
    rng = random.Random(1_001)
    mayors = [0] * units
    for _ in range(seats // 2):
        mayors[rng.randrange(units)] += 1
    results = tuple(
        UnitResult(f"P{i}", rng.randint(1_000, 1_000_000), m, m + rng.randint(1, 30)) for i, m in enumerate(mayors)
    )
    return Region(seats // 2, results)


def interleaved(subject, baseline, rounds: int) -> tuple[float, float]:
    """Median seconds of `subject()` and of `baseline()`, timed back to back `rounds` times."""
    subject_times, baseline_times = [], []
    for _ in range(rounds):
        for call, times in ((baseline, baseline_times), (subject, subject_times)):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
    return statistics.median(subject_times), statistics.median(baseline_times)


def report(what: str, subject: float, baseline: float, against: str) -> None:
    ratio = subject / baseline
    print(f"{what:<48} {_ms(subject):>10}   {against:<28} {_ms(baseline):>10}   {ratio:6.2f}x")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 10 else f"{seconds:.1f} s"


def engine_figures(rounds: int, kv25: Path | None) -> None:
    from votelib.evaluate.proportional import HighestAverages

    dhondt = HighestAverages("d_hondt")
    all_councils, real = councils(kv25)
    units = [([Unit(k, v) for k, v in votes.items()], seats) for _, votes, seats in all_councils]

    def ours():
        for council_units, seats in units:
            allocate_seats(council_units, seats=seats, tie_break=seeded_lots(0))

    def votelib():
        for _, votes, seats in all_councils:
            dhondt.evaluate(votes, seats)

    label = f"d'Hondt, {len(all_councils)} KV25 councils ({real} real)"
    report(label, *interleaved(ours, votelib, rounds * 10), "votelib")

    votes = big_election()
    big_units = [Unit(k, v) for k, v in votes.items()]
    seats = 10_000
    subject, baseline = interleaved(
        lambda: allocate_seats(big_units, seats=seats, tie_break=seeded_lots(0)),
        lambda: dhondt.evaluate(votes, seats),
        rounds,
    )
    report("d'Hondt, 1,000 lists x 10,000 seats", subject, baseline, "votelib")

    region = big_region()
    rules = CompositionRules(threshold_pct=Fraction(0))
    composition = council_composition(region, rules=rules, tie_break=seeded_lots(0))
    assert composition.entitled_seats == seats, composition.entitled_seats
    subject, baseline = interleaved(
        lambda: council_composition(region, rules=rules, tie_break=seeded_lots(0)),
        lambda: dhondt.evaluate(votes, seats),
        rounds,
    )
    report("composition, 1,000 units x 10,000 seats", subject, baseline, "votelib d'Hondt, same size")


ALLOCATE = {
    "seats": 9,
    "lists": [{"id": "A", "votes": 1234, "candidates": 5}, {"id": "B", "votes": 987, "accepts": 4}],
    "alliances": [["A", "B"]],
    "ties": "lot",
    "seed": 42,
}
COMPOSITION = {
    "municipalities": 4,
    "valid_votes": 100000,
    "units": [
        {"id": "A", "votes": 30000, "mayors": 3, "council_seats": 40},
        {"id": "B", "votes": 35000, "mayors": 0, "council_seats": 40},
        {"id": "C", "votes": 25000, "mayors": 0, "council_seats": 30},
        {"id": "D", "votes": 7000, "mayors": 0, "council_seats": 5},
        {"id": "L", "votes": 1200, "mayors": 1, "council_seats": 2},
    ],
}


def cli_figures(rounds: int) -> None:
    """Whole calls (start-up included) on the documented examples against `python -c pass`."""
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        allocate, composition = Path(folder, "allocate.json"), Path(folder, "composition.json")
        allocate.write_text(json.dumps(ALLOCATE), encoding="utf-8")
        composition.write_text(json.dumps(COMPOSITION), encoding="utf-8")
        commands = {"python -c pass": [python, "-c", "pass"]}
        if (ROOT / "elections" / "seats.py").exists():
            module = [python, "-m", "elections.seats"]
            commands["python -m elections.seats allocate"] = [*module, "allocate", str(allocate)]
            commands["python -m elections.seats composition"] = [*module, "composition", str(composition)]
        commands["manage.py allocate_seats"] = [python, "manage.py", "allocate_seats", str(allocate)]
        commands["manage.py kkr_composition"] = [python, "manage.py", "kkr_composition", str(composition)]
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, command in commands.items():
                start = time.perf_counter()
                subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
                times[name].append(time.perf_counter() - start)
    baseline = statistics.median(times.pop("python -c pass"))
    for name, samples in times.items():
        report(f"{name} (per call)", statistics.median(samples), baseline, "python -c pass")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds of the big engine figures (default 7)")
    parser.add_argument("--cli-rounds", type=int, default=15, help="rounds of the command-line figures (default 15)")
    parser.add_argument("--kv25", type=Path, default=KV25, help="the real KV25 result file (default: %(default)s)")
    parser.add_argument("--skip-cli", action="store_true", help="only the engines")
    args = parser.parse_args()
    print(f"{'figure':<48} {'median':>10}   {'baseline':<28} {'median':>10}   {'ratio':>7}")
    engine_figures(args.rounds, args.kv25)
    if not args.skip_cli:
        cli_figures(args.cli_rounds)


if __name__ == "__main__":
    main()
