"""Celery: the broker, the publications' render leases and requeue, retries, time and memory limits, beat."""

from celery.schedules import crontab

from .env import DEV_MODE, env_bool, env_int, env_str, require

# Celery: without a broker (dev mode only) tasks run eagerly in the web process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
if not CELERY_BROKER_URL and not DEV_MODE:
    require("CELERY_BROKER_URL", None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A render holds its publication for this long (a lease) and renews it every third of it while it runs; when
# a killed worker stops renewing, the requeue takes it over after the lease ran out. Short, so that a killed
# worker costs at most the lease plus one requeue interval (2 min), however long the render.
PUBLICATION_RENDER_LEASE_SECONDS = env_int("PUBLICATION_RENDER_LEASE_SECONDS", 60)
# A render still queued this long after it was requested was lost by the broker (or the broker was down):
# beat's requeue sends it again.
PUBLICATION_QUEUED_GRACE_SECONDS = env_int("PUBLICATION_QUEUED_GRACE_SECONDS", 600)
# How often celery beat sends again whatever a publication still owes (cheap: three indexed queries).
PUBLICATION_REQUEUE_SECONDS = env_int("PUBLICATION_REQUEUE_SECONDS", 60)
# Tasks retry on database and broker errors after 2, 4, 8 ... seconds (each at most TASK_RETRY_BACKOFF_MAX,
# with full jitter), 8 times: a PostgreSQL restart or a 20 s drop is waited out by the task itself.
TASK_RETRY_BACKOFF = env_int("TASK_RETRY_BACKOFF", 2)
TASK_RETRY_BACKOFF_MAX = env_int("TASK_RETRY_BACKOFF_MAX", 120)
TASK_RETRY_JITTER = env_bool("TASK_RETRY_JITTER", True)
# Fault tests only (tests/faults, dev mode only): a render waits before saving its finished PDF while this
# file exists, so that a test can kill the worker or stop the database at exactly that point.
PUBLICATION_RENDER_PAUSE_FILE = env_str("PUBLICATION_RENDER_PAUSE_FILE", "") if DEV_MODE else ""
# Recycle worker processes: WeasyPrint's memory is returned to the system every 50 renders.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 50)
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Whatever a publication still owes (renders lost by the broker or with an expired lease, unsent members'
# e-mails) is sent again by celery beat: nothing is lost.
# A render that runs away is stopped (the publication is marked failed with a retry button), and a worker
# process that grew past the memory cap (kB) is replaced after its task.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("KKR_RENDER_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 30
# Redis redelivers an unacknowledged task (acks_late) after the visibility timeout: it outlasts the longest
# render (the time limit) with margin, and the lease (not the broker) is what guarantees the takeover.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": max(PUBLICATION_RENDER_LEASE_SECONDS, CELERY_TASK_TIME_LIMIT) + 300
}
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("KKR_WORKER_MAX_MEMORY_KB", 1024 * 1024)
# Publications whose task was lost while the broker was down are sent again (nothing is lost).
# Once a night the files on the media storage that no row names are listed in the log (never deleted: that
# is `manage.py orphan_files --delete`, docs/operations.md).
CELERY_BEAT_SCHEDULE = {
    "requeue-publications": {"task": "meetings.requeue_publications", "schedule": float(PUBLICATION_REQUEUE_SECONDS)},
    "orphan-files": {"task": "kkr.orphan_files", "schedule": crontab(hour=4, minute=15)},
}
