"""``make bench``: every speed figure in one table, each beside its baseline from the same run and the goal.

Runs ``benchmarks/engines.py`` (a subprocess: no Django) and reads its lines, then ``benchmarks/pages.py``
in this process, which prints the table: the engine rows first, then the pages and the PDF. Arguments are
passed to ``pages.py`` (``--rounds 10`` for a quick run). Needs the data set (``benchmarks/generate.py``) in
the database of ``DATABASE_URL``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(
    r"^(?P<what>.+?)\s{2,}(?P<value>[\d.,]+ m?s)\s+(?P<baseline>.+?)\s{2,}(?P<base>[\d.,]+ m?s)\s+(?P<ratio>[\d.]+)x$"
)
GOALS = {
    "d'Hondt, 98": "faster than votelib",
    "d'Hondt, 1,000": "≤ votelib",
    "composition": "≤ 1 s",
    "python -m elections.seats": "≤ 5× python -c pass",
    "manage.py": "(kept; Django start-up)",
}


def engine_rows() -> list[tuple[str, str, str, str, str]]:
    result = subprocess.run(
        [sys.executable, "benchmarks/engines.py"], cwd=ROOT, check=True, capture_output=True, text=True
    )
    rows = []
    for line in result.stdout.splitlines():
        match = LINE.match(line.strip())
        if match is None:
            continue
        goal = next((goal for prefix, goal in GOALS.items() if match["what"].startswith(prefix)), "")
        rows.append(
            (match["what"], match["value"], f"{match['baseline']} {match['base']}", f"**{match['ratio']}×**", goal)
        )
    return rows


def main() -> None:
    """``--skip-engines`` (or ``--only ROWS``): the pages only."""
    argv = [arg for arg in sys.argv[1:] if arg != "--skip-engines"]
    skip = "--skip-engines" in sys.argv or any(arg.startswith("--only") for arg in argv)
    rows = [] if skip else engine_rows()
    sys.path.insert(0, str(ROOT))
    from benchmarks import pages  # sets Django up

    pages.main(argv, before=tuple(rows))


if __name__ == "__main__":
    main()
