"""Runs a seeded sample of mutmut's mutants in a copy of the tracked files and writes a JSON report.

``python tests/mutation_driver.py REPORT SIZE SEED``: SIZE is a number, ``all``, or mutant names separated by
commas (to repeat a report). Started in the
background by ``tests/conftest.py`` for ``tests/test_mutation_sample.py``, which reads the report; see that
module for the why. No Django here: mutmut runs the unit tests in its own processes.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = Path(sys.executable).with_name("mutmut")
EQUIVALENTS = ROOT / "tests" / "mutation_equivalents.txt"
FAILING = {"survived", "no tests"}


def mutmut_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]


def equivalents() -> set[tuple[str, str]]:
    """``function | changed line`` pairs, one per line; ``#`` starts a comment."""
    pairs = set()
    for line in EQUIVALENTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            function, changed = (part.strip() for part in line.split("|", 1))
            pairs.add((function, changed))
    return pairs


def function_of(mutant: str) -> str:
    """``elections.dhondt.x__split__mutmut_10`` → ``elections.dhondt._split``."""
    module, _, rest = mutant.rpartition(".x_")
    return f"{module}.{rest.rsplit('__mutmut_', 1)[0]}"


def draw(names: list[str], size: int, seed: str) -> list[str]:
    """``size`` mutants spread evenly over the modules, so a small module is never left out."""
    by_module: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names):
        by_module[name.rpartition(".x_")[0]].append(name)
    rng = random.Random(seed)
    share = max(1, size // len(by_module))
    chosen = []
    for module in sorted(by_module):
        pool = by_module[module]
        chosen.extend(rng.sample(pool, min(share, len(pool))))
    return chosen


def mutmut(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([MUTMUT, *args], cwd=workdir, capture_output=True, text=True, check=check)


def copy_tracked(workdir: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = workdir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    # A change not yet committed is what is being tested.
    shutil.copy2(ROOT / "pyproject.toml", workdir / "pyproject.toml")


def generated(workdir: Path) -> list[str]:
    names: list[str] = []
    for meta in (workdir / "mutants").rglob("*.meta"):
        names.extend(json.loads(meta.read_text())["exit_code_by_key"])
    return names


def statuses(workdir: Path) -> dict[str, str]:
    found = {}
    for line in mutmut(workdir, "results", "--all", "true").stdout.splitlines():
        name, sep, status = line.strip().partition(": ")
        if sep:
            found[name] = status.strip()
    return found


def survivors(workdir: Path, sample: list[str], found: dict[str, str]) -> list[str]:
    """Each sampled mutant that lived and is not a listed equivalent, as mutmut shows it."""
    allowed = equivalents()
    alive = []
    for name in sample:
        status = found.get(name, "not checked")
        if status == "not checked":
            alive.append(f"ikke kørt: {name}")
            continue
        if status not in FAILING:
            continue
        shown = mutmut(workdir, "show", name).stdout
        changed = [row[1:].strip() for row in shown.splitlines() if row.startswith("+") and not row.startswith("+++")]
        if not any((function_of(name), line) in allowed for line in changed):
            alive.append(f"{status}: {shown.strip()}")
    return alive


def run(size: str, seed: str) -> dict:
    report: dict = {"seed": seed, "sample": [], "alive": [], "error": ""}
    with tempfile.TemporaryDirectory(prefix="kkr-mutation-") as temporary:
        workdir = Path(temporary)
        copy_tracked(workdir)
        # Generate every mutant: a filter that matches none stops mutmut before it runs one.
        mutmut(workdir, "run", "no.module.matches.*", check=False)
        names = generated(workdir)
        if not names:
            report["error"] = "mutmut lavede ingen mutanter"
            return report
        if size == "all":
            sample = sorted(names)
        elif "." in size:  # named mutants, to repeat a report
            sample = size.split(",")
        else:
            sample = draw(names, int(size), seed)
        report["sample"] = sample
        result = mutmut(workdir, "run", "--max-children", "2", *sample, check=False)
        if result.returncode != 0:
            output = result.stdout[-3000:] + result.stderr[-3000:]
            report["error"] = f"mutmut run fejlede ({result.returncode}):\n{output}"
            return report
        found = statuses(workdir)
        report["statuses"] = {name: found.get(name, "not checked") for name in sample}
        report["alive"] = survivors(workdir, sample, found)
    return report


def main() -> None:
    report_path, size, seed = sys.argv[1:4]
    try:
        report = run(size, seed)
    except Exception as error:  # the report must say why, whatever happened
        report = {"seed": seed, "sample": [], "alive": [], "error": f"{type(error).__name__}: {error}"}
    Path(report_path).write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
