"""Requests per second on a live gunicorn (2 sync workers) with client threads in this process, for
``benchmarks/pages.py``: interleaved bursts, the median of each path's."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def throughput(base: str, path: str, seconds: float, threads: int = 8) -> float:
    done, stop = [0] * threads, time.perf_counter() + seconds

    def hammer(n):
        while time.perf_counter() < stop:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                response.read()
            done[n] += 1

    workers = [threading.Thread(target=hammer, args=(n,)) for n in range(threads)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / (time.perf_counter() - start)


def requests_per_second(paths: dict[str, str], seconds: float, rounds: int) -> dict[str, float]:
    """Medians over ``rounds`` interleaved bursts against 2 gunicorn sync workers."""
    port = free_port()
    env = {**os.environ, "DJANGO_DEBUG": "0"}
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "kkr.wsgi",
        "--workers=2",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        for path in paths.values():
            throughput(base, path, 1)  # warm up both workers
        samples: dict[str, list[float]] = {name: [] for name in paths}
        for _ in range(rounds):
            for name, path in paths.items():
                samples[name].append(throughput(base, path, seconds))
        return {name: statistics.median(values) for name, values in samples.items()}
    finally:
        server.terminate()
        server.wait(timeout=30)
