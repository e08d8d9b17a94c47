"""Throw-away servers for the fault tests: each test starts its own ``redis-server`` or PostgreSQL cluster
on a free loopback port and kills it, its own Celery worker processes, an SMTP sink that keeps what it
receives and an S3 server (moto's). The machine's shared services (5432, 6379) are never touched."""

import contextlib
import glob
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

from tests.conftest import skip_or_fail


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout: float, *, every: float = 0.1, what: str = "the condition"):
    """Poll ``condition`` until it returns something true (returned) or ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        if result := condition():
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not happen within {timeout:.0f} s")
        time.sleep(every)


def wait_for_port(port: int, timeout: float = 15, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((host, port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {host}:{port}")


class Redis:
    """``redis-server`` on ``port``; ``start()`` and ``kill()`` as often as a test needs."""

    def __init__(self, port: int | None = None, host: str = "127.0.0.1"):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            skip_or_fail("KKR_REQUIRE_WORKER", "redis-server findes ikke")
        self.port = port or free_port()
        self.host = host
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}/0"

    def start(self) -> "Redis":
        args = [self.binary, "--port", str(self.port), "--bind", self.host, "--save", "", "--appendonly", "no"]
        if self.host != "127.0.0.1":  # clients on other hosts (network namespaces of the test's own)
            args += ["--protected-mode", "no"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, host=self.host)
        return self

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        skip_or_fail("KKR_REQUIRE_WORKER", "PostgreSQL-programmerne findes ikke")
    return found[-1]


def _as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the ``postgres`` user then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Postgres:
    """A fresh PostgreSQL cluster (initdb, trust) in a temporary folder, on a free port."""

    def __init__(self):
        self.port = free_port()
        self.listen = "127.0.0.1"
        self.folder = Path(tempfile.mkdtemp(prefix="kkr-pg-"))
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(
            _as_postgres([pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"]),
            check=True,
            capture_output=True,
        )

    @property
    def url(self) -> str:
        return self.database_url("postgres")

    def database_url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """A copy of ``template`` is made by copying its files after a checkpoint (``FILE_COPY``): PostgreSQL
        15's default (``WAL_LOG``) copies a sequence's unlogged look-ahead too, and after a crash (``stop``)
        the copy's sequences went back and new rows clashed with existing ids."""
        sql = f'CREATE DATABASE "{name}"'
        with psycopg.connect(self.url, autocommit=True) as connection:
            if template:
                file_copy = connection.info.server_version >= 150000
                sql += f' TEMPLATE "{template}"' + (" STRATEGY FILE_COPY" if file_copy else "")
            connection.execute(sql)
        return self.database_url(name)

    def start(self) -> "Postgres":
        options = f"-p {self.port} -k {self.folder} -c listen_addresses={self.listen} -c fsync=off"
        subprocess.run(
            _as_postgres(
                [pg_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-l", str(self.folder / "log"), "start"]
            ),
            check=True,
            capture_output=True,
        )
        return self

    def listen_also(self, address: str, network: str) -> None:
        """Restart listening on ``address`` too, trusting clients from ``network`` (hosts in network namespaces);
        ``listen_also("", "")`` goes back to loopback alone."""
        self.stop()
        if network:
            with open(self.data / "pg_hba.conf", "a") as hba:
                hba.write(f"host all all {network} trust\n")
        self.listen = f"127.0.0.1,{address}" if address else "127.0.0.1"
        self.start()

    def is_running(self) -> bool:
        status = _as_postgres([pg_bin("pg_ctl"), "-D", str(self.data), "status"])
        return subprocess.run(status, capture_output=True).returncode == 0

    def stop(self) -> None:
        """An immediate stop: every connection is cut, as when the database server goes away."""
        subprocess.run(
            _as_postgres([pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class Worker:
    """``celery -A kkr worker`` as in production (prefork, one child process; ``beat=True`` also runs celery
    beat in it), in its own process group so that ``kill()`` takes the whole worker at once (SIGKILL)."""

    def __init__(self, env: dict, folder: Path, *, beat: bool = False, name: str = "worker", prefix=()):
        """``prefix`` runs the worker through another command (``ip netns exec HOST``: on another host)."""
        self.env, self.beat, self.name, self.prefix = env, beat, name, list(prefix)
        self.logfile = folder / f"{name}.log"
        self.schedule = folder / f"{name}-beat-schedule"
        self.process = None

    def start(self, *, wait: bool = True, timeout: float = 90) -> "Worker":
        """Start it; ``wait=False`` returns at once (tasks sent meanwhile wait in the broker)."""
        args = [*self.prefix, sys.executable, "-m", "celery", "-A", "kkr", "worker", "--pool", "prefork"]
        args += ["--concurrency", "1"]
        args += ["-n", f"{self.name}-{os.getpid()}@%h", "-l", "info", "--without-mingle", "--without-gossip"]
        if self.beat:
            args += ["--beat", "--schedule", str(self.schedule)]
        with open(self.logfile, "ab") as log:
            self.process = subprocess.Popen(
                args, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        if wait:
            wait_until(lambda: " ready." in self.log() or self.process.poll() is not None, timeout, what="worker start")
            assert self.process.poll() is None, self.log()
        return self

    def log(self) -> str:
        return self.logfile.read_text(errors="replace") if self.logfile.exists() else ""

    def kill(self) -> None:
        """SIGKILL to the worker, its child and its beat (the whole process group, also when the main process
        is gone already): nothing runs its shutdown, nothing is acknowledged."""
        if self.process:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self, timeout: float = 30) -> None:
        """A warm shutdown (SIGTERM to the main process): the running task finishes first."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()


class SmtpSink:
    """An SMTP server in a thread that keeps every message it receives. ``on_message`` (if given) runs when
    a message arrives, before the sender hears "250": what it returns is kept in ``seen``; the arriving
    message's recipients are in ``arriving`` meanwhile."""

    def __init__(self, on_message=None, host: str = "127.0.0.1"):
        self.host = host
        self.messages: list[tuple[list[str], bytes]] = []
        self.arriving: list[str] = []
        self.seen: list = []
        self.on_message = on_message
        self.server = None

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def start(self) -> "SmtpSink":
        sink = self

        class Session(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self):
                self.reply("220 kkr-fejltest ESMTP")
                recipients = []
                for raw in self.rfile:
                    line = raw.decode("utf-8", "replace").strip()
                    verb = line[:4].upper()
                    if verb == "QUIT":
                        return self.reply("221 farvel")
                    if verb == "DATA":
                        self.reply("354 send")
                        data = b"".join(iter(self.data_line, None))
                        sink.received(recipients, data)
                    elif verb == "MAIL":
                        recipients = []
                    elif verb == "RCPT":
                        recipients.append(line.split(":", 1)[1].strip())
                    self.reply("250 ok")
                return None

            def data_line(self) -> bytes | None:
                """One line of the message; None at its end (a lone ".") or when the sender hangs up."""
                line = self.rfile.readline()
                return None if line in (b".\r\n", b"") else line

        self.server = socketserver.ThreadingTCPServer((self.host, 0), Session)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def received(self, recipients: list[str], data: bytes) -> None:
        self.arriving = recipients
        if self.on_message:
            self.seen.append(self.on_message())
        self.messages.append((recipients, data))

    def kill(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


class S3Server:
    """moto's standalone server (``python -m moto.server``): a real HTTP server speaking the S3 protocol, its
    buckets in its memory, on ``host`` and a free port. Any key is accepted."""

    KEY, SECRET, REGION = "kkr-test", "kkr-test-secret", "us-east-1"

    def __init__(self, host: str = "127.0.0.1"):
        self.host, self.port, self.process = host, free_port(), None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> "S3Server":
        args = [sys.executable, "-m", "moto.server", "-H", self.host, "-p", str(self.port)]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, timeout=30, host=self.host)
        return self

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def client(self):
        import boto3

        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.url,
            region_name=self.REGION,
            aws_access_key_id=self.KEY,
            aws_secret_access_key=self.SECRET,
        )

    def create_bucket(self, name: str) -> str:
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str) -> set[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return {entry["Key"] for page in pages for entry in page.get("Contents", ())}

    def env(self, bucket: str) -> dict:
        """The application's settings for this server and ``bucket`` (``MEDIA_STORAGE=s3``)."""
        return {
            "MEDIA_STORAGE": "s3",
            "S3_ENDPOINT_URL": self.url,
            "S3_BUCKET": bucket,
            "S3_ACCESS_KEY_ID": self.KEY,
            "S3_SECRET_ACCESS_KEY": self.SECRET,
            "S3_REGION": self.REGION,
        }


@contextlib.contextmanager
def running(server):
    try:
        yield server.start()
    finally:
        (server.kill if isinstance(server, Redis | S3Server) else server.remove)()
