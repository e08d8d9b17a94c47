"""``make bench``: every speed figure in one table, each beside its baseline from the same run and the goal.

Runs ``benchmarks/engines.py`` (a subprocess: no Django) and reads its lines, then ``benchmarks/api_rps.py``
(a subprocess: its own gunicorn) for the API's cached operations, then ``benchmarks/pages.py`` in this process,
which prints the table: the engine and API rows first, then the pages and the PDF. Arguments are passed to
``pages.py`` (``--rounds 10`` for a quick run). Needs the data set (``benchmarks/generate.py``) in the database
of ``DATABASE_URL``.
"""

from __future__ import annotations

import os
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


def api_rows() -> list[tuple[str, str, str, str, str]]:
    """The API's cached operations on 2 gunicorn workers (``benchmarks/api_rps.py --path all``, 15 rounds), in the
    run's Redis database (``CACHE_URL``)."""
    command = [sys.executable, "benchmarks/api_rps.py", "--path", "all", "--rounds", "15"]
    if os.environ.get("CACHE_URL"):
        command += ["--redis", os.environ["CACHE_URL"]]
    result = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    rows = []
    for line in result.stdout.splitlines():
        if line.startswith("ROW\t"):
            _, path, rps, _latency, cpu = line.split("\t")
            shown = re.sub(r"/\d+/$", "/{id}/", path)
            rows.append(
                (
                    f"API {shown} (cached), req/s on 2 gunicorn workers",
                    f"{rps} req/s",
                    f"server CPU {cpu} ms/request",
                    f"**{float(rps) / 500:.2f}×** goal",
                    "≥ 500 req/s" if shown == "/api/v1/moeder/" else "",
                )
            )
    return rows


def main() -> None:
    """``--skip-engines`` / ``--skip-api`` (or ``--only ROWS``, both): the pages only."""
    argv = [arg for arg in sys.argv[1:] if arg not in ("--skip-engines", "--skip-api")]
    only = any(arg.startswith("--only") for arg in argv)
    rows = [] if "--skip-engines" in sys.argv or only else engine_rows()
    rows += [] if "--skip-api" in sys.argv or only else api_rows()
    sys.path.insert(0, str(ROOT))
    from benchmarks import pages  # sets Django up

    pages.main(argv, before=tuple(rows))


if __name__ == "__main__":
    main()
