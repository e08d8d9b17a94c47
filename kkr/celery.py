"""The Celery application. Tasks live in the apps' ``tasks.py`` and take primary keys."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr.settings")

app = Celery("kkr")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="kkr.ping", ignore_result=False)
def ping(value: str = "pong") -> str:
    """Round-trip check used by the health endpoint's tests and the worker test."""
    return value
