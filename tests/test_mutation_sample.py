"""A sample of mutmut's mutants of the rule modules must die, in every CI run (docs/mutation-testing.md).

``tests/test_known_mutants.py`` pins the mutants that once survived. This looks for new ones:
``tests/mutation_driver.py`` copies the tracked files to a temporary folder, lets mutmut generate every
mutant of the modules in ``[tool.mutmut] only_mutate``, draws a sample spread over the modules (seeded by
the commit, so a run can be repeated), and runs the sample against the fast unit tests. A mutant that
survives, or that no test reaches, fails the test unless it is listed in ``tests/mutation_equivalents.txt``
as equivalent. A listed mutant is matched by its function and its changed line, not by mutmut's number,
which shifts whenever a function changes.

mutmut costs about a minute of CPU before it runs the first mutant, so the driver starts in the background,
at low priority, as soon as pytest has collected this test (``tests/conftest.py``) and works beside the rest
of the suite; the test waits for its report.

``KKR_MUTATION_SAMPLE`` sets the sample size (0 skips; ``all`` runs every mutant, as ``make mutate``);
``KKR_MUTATION_SEED`` replaces the commit as the seed.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.mutation_driver import EQUIVALENTS, ROOT, mutmut_config

# Pure tests kept out of mutmut's selection: enumerating every small election takes seconds per mutant, and
# the named tests in the unit files kill the same mutants (docs/mutation-testing.md).
TOO_SLOW_PER_MUTANT = {"test_engines_exhaustive.py"}
# The driver has worked beside the suite since collection; on a quiet machine it is done long before.
WAIT_SECONDS = 1200


def test_mutation_config_copies_every_package_the_settings_import_and_selects_every_pure_unit_test():
    """mutmut runs the tests in a copy holding ``source_paths`` and ``also_copy``: a package the settings load
    but the copy lacks makes every run fail at start-up; a pure test file of a mutated module left out of the
    selection leaves that module's mutants without tests."""
    config = mutmut_config()
    copied = {path.rstrip("/") for path in config["source_paths"] + config["also_copy"]}
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests", "benchmarks", "mutants"}
    assert packages <= copied, f"also_copy mangler: {sorted(packages - copied)}"

    mutated = {path.removesuffix(".py").replace("/", ".") for path in config["only_mutate"]}
    selection = set(config["pytest_add_cli_args_test_selection"])
    missing = []
    for test_file in sorted((ROOT / "tests").rglob("test_*.py")):
        text = test_file.read_text()
        imports_rule_module = any(f"from {module} import" in text or f"import {module}" in text for module in mutated)
        uses_database = any(mark in text for mark in ("django_db", "models import", "services import", "builders"))
        if imports_rule_module and not uses_database and test_file.name not in TOO_SLOW_PER_MUTANT:
            relative = str(test_file.relative_to(ROOT))
            if relative not in selection:
                missing.append(relative)
    assert not missing, f"rene enhedstests uden for mutmut's udvalg: {missing}"


def test_a_seeded_sample_of_the_rule_modules_mutants_is_killed(mutation_sample_run):
    if mutation_sample_run is None:
        pytest.skip("KKR_MUTATION_SAMPLE=0")
    run = mutation_sample_run
    try:
        run.wait(timeout=WAIT_SECONDS)
    except subprocess.TimeoutExpired:
        run.kill()
        pytest.fail(f"mutationsprøven blev ikke færdig på {WAIT_SECONDS} s")
    report_path = run.report
    assert report_path.exists(), f"driveren skrev ingen rapport (exit {run.returncode})"
    report = json.loads(report_path.read_text())
    assert not report["error"], report["error"]
    assert report["sample"], "prøven var tom"
    assert not report["alive"], f"seed {report['seed']}: overlevende mutanter (tilføj en test, eller skriv dem i " + (
        f"{EQUIVALENTS.name}):\n" + "\n\n".join(report["alive"])
    )
