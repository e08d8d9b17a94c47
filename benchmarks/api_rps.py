"""Requests per second of the API's meeting list (``/api/v1/moeder/``) on 2 gunicorn sync workers with Redis as
the cache (as production), on the bench database (``benchmarks/generate.py``). Run from the repository root::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kkr_bench MEDIA_ROOT=/tmp/kkr-bench-media \\
        .venv/bin/python benchmarks/api_rps.py [--rounds 15] [--seconds 2] [--path /api/v1/udpegninger/]

The load generator is ``wrk`` (Debian's package; one thread, 4 connections, niced) when installed, else Python client
processes (urllib, one connection per request). ``API_RATE_LIMIT`` is set high for the run. After a warm-up,
each round drives load for ``--seconds``; it prints each round's req/s and median latency, then the median over
the rounds and the load average (the machine is shared: say it beside the figure).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _client(url: str, stop: float, out) -> None:
    count, latencies = 0, []
    while time.perf_counter() < stop:
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
        latencies.append(time.perf_counter() - start)
        count += 1
    out.put((count, latencies))


def python_round(url: str, seconds: float, processes: int = 4) -> tuple[float, float]:
    out = multiprocessing.Queue()
    stop = time.perf_counter() + seconds
    workers = [multiprocessing.Process(target=_client, args=(url, stop, out)) for _ in range(processes)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    results = [out.get() for _ in workers]
    elapsed = time.perf_counter() - start
    for worker in workers:
        worker.join()
    latencies = [latency for _, part in results for latency in part]
    return sum(count for count, _ in results) / elapsed, statistics.median(latencies) * 1000


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


WRK = ["nice", "-n", "10", "wrk", "-t1", "-c4"]  # one thread, niced: the load generator shares the 2 cores


def wrk_round(url: str, seconds: float) -> tuple[float, float]:
    out = subprocess.run(
        [*WRK, f"-d{max(1, round(seconds))}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    value, unit = re.search(r"50%\s+([\d.]+)(us|ms|s)", out).groups()
    if "Non-2xx" in out:
        sys.exit(f"wrk got error answers:\n{out}")
    return rps, float(value) * UNITS[unit]


def cpu_seconds(pids) -> float:
    """User and system CPU time of ``pids`` so far (``/proc``; 0 for a process that is gone)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (in clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def server_pids(server: subprocess.Popen, database: str) -> list[int]:
    """The gunicorn workers (children of the master) and the PostgreSQL backends connected to ``database``."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    pids = [int(pid) for pid in children.read_text().split()] if children.exists() else []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if cmdline.read_bytes().startswith(b"postgres: ") and f" {database} ".encode() in cmdline.read_bytes():
                pids.append(int(cmdline.parent.name))
        except OSError:
            continue
    return pids


def paths_of(base: str, path: str) -> list[str]:
    """``all``: the three cached operations (the detail of the newest published meeting); else ``path``."""
    if path != "all":
        return [path]
    with urllib.request.urlopen(f"{base}/api/v1/moeder/?antal=1", timeout=30) as response:
        newest = json.load(response)["results"][0]["id"]
    return ["/api/v1/moeder/", f"/api/v1/moeder/{newest}/", "/api/v1/udpegninger/"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=2)
    parser.add_argument("--path", default="/api/v1/moeder/", help="or `all`: the list, a meeting, appointments")
    parser.add_argument(
        "--keep-alive", action="store_true", help="gthread workers (1 thread), which keep connections open"
    )
    parser.add_argument("--python", action="store_true", help="Python client processes even when wrk is there")
    parser.add_argument("--redis", default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13"))
    args = parser.parse_args()

    port = free_port()
    env = {**os.environ, "DJANGO_DEBUG": "0", "CACHE_URL": args.redis, "API_RATE_LIMIT": "1000000/s"}
    env.setdefault("KKR_DEV", "1")
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    command = [gunicorn, "kkr.wsgi", "--workers=2", f"--bind=127.0.0.1:{port}", "--log-level=warning"]
    if args.keep_alive:
        command += ["--worker-class=gthread", "--threads=1", "--keep-alive=5"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    use_wrk = shutil.which("wrk") is not None and not args.python
    drive = wrk_round if use_wrk else python_round
    database = urllib.parse.urlparse(os.environ.get("DATABASE_URL", "")).path.lstrip("/")
    results = {}
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        for path in paths_of(base, args.path):
            drive(base + path, 1)  # warm-up: both workers import, connect and fill the cache
            rounds = []
            for n in range(args.rounds):
                pids = server_pids(server, database)
                cpu = cpu_seconds(pids)
                rps, median_ms = drive(base + path, args.seconds)
                cpu_ms = (cpu_seconds(pids) - cpu) * 1000 / max(1, rps * round(args.seconds))
                rounds.append((rps, median_ms, cpu_ms))
                print(
                    f"{path} round {n + 1:2}: {rps:6.0f} req/s, median latency {median_ms:6.2f} ms, "
                    f"server CPU {cpu_ms:.2f} ms/request",
                    flush=True,
                )
            results[path] = [statistics.median(column) for column in zip(*rounds, strict=True)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    load = os.getloadavg()
    client = " ".join(WRK) if use_wrk else "Python, 4 client processes"
    for path, (rps, median_ms, cpu_ms) in results.items():
        print(
            f"{path}: {rps:.0f} req/s (median of {args.rounds} rounds of {args.seconds:g} s; goal ≥ 500), median "
            f"latency {median_ms:.2f} ms, server CPU {cpu_ms:.2f} ms per request (gunicorn workers and their "
            f"PostgreSQL backends: {2000 / cpu_ms:.0f} req/s on 2 otherwise idle cores)"
        )
        print(f"ROW\t{path}\t{rps:.0f}\t{median_ms:.2f}\t{cpu_ms:.2f}")
    print(
        f"2 gunicorn {'gthread (keep-alive)' if args.keep_alive else 'sync'} workers, Redis cache; "
        f"load generator {client}; load average {load[0]:.2f} {load[1]:.2f} "
        f"{load[2]:.2f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
