"""Members' e-mail once per recipient on a real stack: PostgreSQL fails at the commit after some e-mails have
gone (our own cluster stopped while the SMTP sink holds a message, the way the commit of ``notified_at``
failed in production). The worker's task retries with backoff and resumes: every member and substitute of
KKR Nordjylland's demo council gets the e-mail once, except at most the one message in flight when the
database went (docs/operations.md). Before: one e-mail to all, sent before the commit; the retry sent all
44 again.

A Celery worker process (prefork, as in production) renders the real PDFs and sends to an SMTP sink of our
own; the database stays down until the task has retried twice (backoff 1, 2 s without jitter; production:
2, 4, 8 … s with jitter)."""

import re
from collections import Counter

import pytest

from tests.faults.servers import Redis, SmtpSink, wait_until
from tests.faults.test_worker import Stack

pytestmark = pytest.mark.faults

FAIL_AFTER = 5  # recipients received before the database goes: a few sent, most not


@pytest.fixture
def stack(demo_cluster, tmp_path):
    media = tmp_path / "media"
    database = demo_cluster.copy(media)
    redis = Redis().start()
    stack = Stack(tmp_path, media, database, redis, SmtpSink())
    try:
        yield stack
    finally:
        for worker in stack.workers:
            worker.kill()
        redis.kill()
        stack.sink.kill()
        if not demo_cluster.postgres.is_running():  # the test stopped it and failed before starting it again
            demo_cluster.postgres.start()


def members_received(sink: SmtpSink, sender: str) -> Counter:
    """How many messages each address got (the secretariat's own To: address of a Bcc message left out)."""
    received = Counter()
    for recipients, _ in sink.messages:
        received.update(address.strip("<>").lower() for address in recipients)
    del received[sender]
    return received


def test_a_commit_failing_after_some_e_mails_resends_only_what_was_not_recorded(stack, demo_cluster):
    def database_goes_at_the_fifth_recipient():
        """Runs as a message arrives, before the sender hears "250": the commit after it fails."""
        before = sum(len(recipients) for recipients, _ in stack.sink.messages)
        if before < FAIL_AFTER <= before + len(stack.sink.arriving):
            demo_cluster.postgres.stop()

    stack.sink.on_message = database_goes_at_the_fifth_recipient
    stack.sink.start()
    worker = stack.worker(TASK_RETRY_BACKOFF=1, TASK_RETRY_BACKOFF_MAX=4, TASK_RETRY_JITTER=0, wait=False)
    published = stack.publish()
    members, public = published["members"], published["public"]

    wait_until(lambda: not demo_cluster.postgres.is_running(), 120, what="the database stopped mid-sending")
    wait_until(
        lambda: len(re.findall(r"notify_members\[[0-9a-f-]+\] retry: Retry in", worker.log())) >= 2,
        60,
        what="two retries of the e-mail task",
    )
    demo_cluster.postgres.start()
    wait_until(lambda: stack.settled(members, public), 120, every=0.25, what="both PDFs ready, e-mail sent")
    worker.stop()

    received = members_received(stack.sink, "noreply@kkr.example")
    assert len(received) == published["recipients"]  # everyone got it
    # Once each, except the one message in flight when the commit failed: it went, its record did not.
    assert Counter(received.values()) == {1: published["recipients"] - 1, 2: 1}, received
