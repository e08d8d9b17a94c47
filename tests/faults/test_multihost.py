"""More than one host (docs/scaling.md), on hosts of our own: network namespaces (``ip netns``) on a bridge, two
web hosts (gunicorn) and two worker hosts (Celery), each with its own local media folder, which must stay
unused. They share PostgreSQL, Redis, the S3 server (moto's) and an SMTP sink, which run outside the
namespaces and listen on the bridge. Nothing is mocked.

- Staff publish an agenda with a bilag on web 1: the bilag goes to the bucket, the renders to Redis.
- Worker host 2 runs a worker and beat. Worker host 1 takes a render and is killed mid-render (every process
  of the host, SIGKILL), at the test-only pause point (``PUBLICATION_RENDER_PAUSE_FILE``) after its PDF is
  finished in memory.
- Worker host 1 comes back, with a beat of its own by mistake (two beats): the render is taken over when the
  killed one's lease runs out, the bilag is read from the bucket.
- The PDFs and the bilag download from web 2, through the permission-checked views; a member's session made
  on web 1 works on web 2.
- Nothing twice: one e-mail to each recipient, one object per publication, no object that no row names.

Shorter than in production, the same path: the lease is 3 s (production: 60 s, renewed while rendering) and
beat's requeue runs every 2 s (production: 60 s); tests/faults/test_worker.py times the takeover against a lease
plus a requeue interval and holds production's values to it.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pytest
import requests
from django.urls import reverse
from pypdf import PdfReader

from portal.management.commands.load_demo_data import DEMO_PASSWORD
from tests.conftest import skip_or_fail
from tests.faults.conftest import ROOT, app_env
from tests.faults.scenario import BILAG_TEXT
from tests.faults.servers import Redis, S3Server, SmtpSink, Worker, wait_for_port, wait_until

pytestmark = pytest.mark.faults

ROWS = "SELECT id, state, file, attempts, notified_at FROM meetings_publication WHERE id = ANY(%s) ORDER BY id"
WEB_PORT = 8000


def netns_or_skip() -> None:
    """Network namespaces need root and iproute2; where either is missing, skip (CI, as root, must not)."""
    reason = "netværksnavnerum (ip netns) kan ikke laves her"
    if os.geteuid() != 0 or not shutil.which("ip"):
        skip_or_fail("KKR_REQUIRE_WORKER", f"{reason}: kræver root og iproute2")
    probe = f"kkrprobe{os.getpid()}"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True)
    if made.returncode != 0:
        skip_or_fail("KKR_REQUIRE_WORKER", f"{reason}: {made.stderr.strip()}")
    subprocess.run(["ip", "netns", "delete", probe], check=True)


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


@dataclass
class Host:
    """One network namespace on the bridge, with its own address and its own (unused) media folder."""

    name: str
    address: str
    media: Path
    processes: list = field(default_factory=list)

    @property
    def prefix(self) -> list[str]:
        return ["ip", "netns", "exec", self.name]

    def kill(self) -> None:
        """The host dies: SIGKILL to every process in its namespace, nothing runs its shutdown."""
        pids = subprocess.run(["ip", "netns", "pids", self.name], capture_output=True, text=True).stdout.split()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
        for process in self.processes:
            process.wait()


class Network:
    """A bridge in the root namespace (the shared services listen on its address) and veth-linked hosts."""

    def __init__(self, folder: Path):
        tag = os.getpid() % 100000
        self.subnet = f"10.231.{20 + os.getpid() % 200}"
        self.bridge, self.address, self.folder = f"kkrbr{tag}", f"{self.subnet}.1", folder
        self.hosts: dict[str, Host] = {}
        self._tag = tag
        ip("link", "add", self.bridge, "type", "bridge")
        ip("addr", "add", f"{self.address}/24", "dev", self.bridge)
        ip("link", "set", self.bridge, "up")

    @property
    def network(self) -> str:
        return f"{self.subnet}.0/24"

    def host(self, role: str, number: int) -> Host:
        name, outer, inner = f"kkr{self._tag}{role}", f"kv{self._tag}{role}", f"ki{self._tag}{role}"
        ip("netns", "add", name)
        ip("link", "add", outer, "type", "veth", "peer", "name", inner)
        ip("link", "set", inner, "netns", name)
        ip("link", "set", outer, "master", self.bridge, "up")
        address = f"{self.subnet}.{number}"
        ip("-n", name, "addr", "add", f"{address}/24", "dev", inner)
        ip("-n", name, "link", "set", inner, "up")
        ip("-n", name, "link", "set", "lo", "up")
        host = self.hosts[role] = Host(name, address, self.folder / f"{role}-media")
        return host

    def remove(self) -> None:
        for host in self.hosts.values():
            host.kill()
            subprocess.run(["ip", "netns", "delete", host.name], capture_output=True)
        subprocess.run(["ip", "link", "delete", self.bridge], capture_output=True)


@dataclass
class Cluster:
    folder: Path
    net: Network
    database: str
    redis: Redis
    s3: S3Server
    bucket: str
    sink: SmtpSink
    workers: list = field(default_factory=list)

    def env(self, host: Host, **settings) -> dict:
        return app_env(
            self.database,
            host.media,
            CELERY_BROKER_URL=self.redis.url,
            CACHE_URL=self.redis.url.replace("/0", "/1"),
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=self.sink.host,
            EMAIL_PORT=self.sink.port,
            ALLOWED_HOSTS=",".join(h.address for h in self.net.hosts.values()),
            **self.s3.env(self.bucket),
            **settings,
        )

    def web(self, host: Host) -> None:
        """gunicorn on the host, two processes, as in production."""
        args = [*host.prefix, sys.executable, "-m", "gunicorn", "kkr.wsgi:application", "--workers", "2"]
        args += ["--bind", f"{host.address}:{WEB_PORT}"]
        with open(self.folder / f"{host.name}-gunicorn.log", "ab") as log:
            env = self.env(host, WEB_CONCURRENCY=2)
            process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        host.processes.append(process)

    def worker(self, host: Host, *, beat: bool, pause: bool = False, **settings) -> Worker:
        """A Celery worker on ``host``; ``pause``: its renders wait at the pause point while the flag exists."""
        env = self.env(host, PUBLICATION_RENDER_PAUSE_FILE=self.folder / "pause" if pause else "", **settings)
        worker = Worker(env, self.folder, beat=beat, name=f"{host.name}-{len(self.workers)}", prefix=host.prefix)
        self.workers.append(worker)
        worker.start(wait=False)
        host.processes.append(worker.process)
        return worker

    def url(self, host: Host, name: str, pk: int) -> str:
        return f"http://{host.address}:{WEB_PORT}{reverse(name, args=[pk])}"

    def rows(self, *pks) -> dict[int, dict]:
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(self.database, row_factory=dict_row) as connection:
            return {row["id"]: row for row in connection.execute(ROWS, [list(pks)]).fetchall()}

    def settled(self, members: int, public: int) -> bool:
        rows = self.rows(members, public)
        return all(row["state"] == "ready" for row in rows.values()) and rows[members]["notified_at"] is not None


@pytest.fixture
def cluster(demo_cluster, tmp_path):
    netns_or_skip()
    net = Network(tmp_path)
    stack = contextlib.ExitStack()
    try:
        demo_cluster.postgres.listen_also(net.address, net.network)
        stack.callback(demo_cluster.postgres.listen_also, "", "")
        database = demo_cluster.copy(tmp_path / "template-media").replace("127.0.0.1", net.address)
        redis = Redis(host=net.address).start()
        stack.callback(redis.kill)
        s3 = S3Server(host=net.address).start()
        stack.callback(s3.kill)
        sink = SmtpSink(host=net.address).start()
        stack.callback(sink.kill)
        cluster = Cluster(tmp_path, net, database, redis, s3, s3.create_bucket("kkr-media"), sink)
        for role, number in (("web1", 11), ("web2", 12), ("wk1", 21), ("wk2", 22)):
            net.host(role, number)
        yield cluster
    finally:
        net.remove()  # the hosts first (every process in them killed), then the shared servers
        stack.close()


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def log_in(session: requests.Session, base: str) -> None:
    """The demo's secretariat user signs in through the login page (dev mode: no second factor)."""
    session.get(f"{base}/konto/login/", timeout=10)
    form = {"username": "sekretariat-nordjylland", "password": DEMO_PASSWORD}
    response = session.post(
        f"{base}/konto/login/",
        data={**form, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{base}/konto/login/"},
        timeout=10,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]


def test_two_web_and_two_worker_hosts_share_storage_take_over_a_killed_host_and_run_two_beats_harmlessly(cluster):
    hosts = cluster.net.hosts
    web1, web2, wk1, wk2 = hosts["web1"], hosts["web2"], hosts["wk1"], hosts["wk2"]
    (cluster.folder / "pause").touch()
    quick = {"PUBLICATION_RENDER_LEASE_SECONDS": 3, "PUBLICATION_REQUEUE_SECONDS": 2}
    quick_requeue = {**quick, "PUBLICATION_QUEUED_GRACE_SECONDS": 3}
    first = cluster.worker(wk1, beat=False, pause=True, **quick)
    cluster.worker(wk2, beat=True, **quick_requeue)  # the one beat that should run
    cluster.web(web1)
    cluster.web(web2)

    scenario = [*web1.prefix, sys.executable, "-m", "tests.faults.scenario", "publish-with-bilag"]
    done = subprocess.run(scenario, env=cluster.env(web1), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    published = json.loads(done.stdout)
    members, public = published["members"], published["public"]
    assert published["bilag_file"] in cluster.s3.keys(cluster.bucket)  # uploaded on web 1, into the bucket

    reached = Path(f"{cluster.folder / 'pause'}.reached")
    paused = int(wait_until(lambda: reached.exists() and reached.read_text(), 90, what="a render on worker host 1"))
    assert " ready." in first.log()
    wk1.kill()  # the whole host, mid-render: its PDF was finished in memory and never stored
    (cluster.folder / "pause").unlink()
    assert cluster.rows(paused)[paused]["state"] == "rendering"

    # Worker host 1 comes back, now with a beat of its own too: two beats (a mistake that must do no harm).
    cluster.worker(wk1, beat=True, **quick_requeue)
    wait_until(lambda: cluster.settled(members, public), 120, every=0.25, what="both PDFs ready, e-mail sent")
    wait_for_port(WEB_PORT, host=web2.address)
    rows = cluster.rows(members, public)
    assert rows[paused]["attempts"] >= 2  # taken over after the killed host's lease ran out

    # Downloads from web 2: the public PDF for anyone, the members' PDF and the bilag with a session from web 1.
    web = requests.Session()
    web.trust_env = False  # straight to the hosts, never through a proxy from the environment
    anonymous = web.get(cluster.url(web2, "meetings:publication-pdf", public), timeout=30)
    assert anonymous.status_code == 200 and BILAG_TEXT in pdf_text(anonymous.content)
    assert web.get(cluster.url(web2, "meetings:publication-pdf", members), timeout=30).status_code == 404
    log_in(web, f"http://{web1.address}:{WEB_PORT}")
    # Behind the load balancer both hosts have one name: the browser sends web 1's session cookie to web 2.
    session = {"Cookie": f"sessionid={web.cookies['sessionid']}"}
    private = web.get(cluster.url(web2, "meetings:publication-pdf", members), headers=session, timeout=30)
    assert private.status_code == 200 and BILAG_TEXT in pdf_text(private.content)
    bilag = web.get(cluster.url(web2, "meetings:attachment-file", published["bilag"]), headers=session, timeout=30)
    assert bilag.status_code == 200 and pdf_text(bilag.content).strip() == BILAG_TEXT

    # Two beats sent the owed work twice over for a while; nothing happened twice.
    time.sleep(2 * quick["PUBLICATION_REQUEUE_SECONDS"])
    addresses = [address for to, _ in cluster.sink.messages for address in to]
    assert len(addresses) == len(set(addresses)) == published["recipients"]
    rows = cluster.rows(members, public)
    assert cluster.s3.keys(cluster.bucket) == {published["bilag_file"], *(row["file"] for row in rows.values())}
    # Worker host 1 rendered nothing to the end before it was killed; the renders finished on worker hosts.
    assert ": 'ready'" not in first.log()
    assert any(": 'ready'" in worker.log() for worker in cluster.workers[1:])
    for host in hosts.values():
        assert not host.media.exists(), f"{host.name} used its own disk"
