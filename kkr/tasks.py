"""Celery tasks of the project as a whole (the apps' own are in their ``tasks.py``)."""

import logging
from datetime import timedelta

from celery import shared_task

from kkr import orphans

log = logging.getLogger(__name__)


@shared_task(name="kkr.orphan_files")
def orphan_files() -> int:
    """Beat's daily listing of the files no row names (``manage.py orphan_files``), logged as a warning for
    the operators: it never deletes (docs/operations.md says why). Returns how many there are."""
    found = orphans.find(timedelta(hours=1))
    if found:
        log.warning(
            "%s Slet dem med manage.py orphan_files --delete: %s",
            orphans.summary(found),
            ", ".join(orphan.name for orphan in found),
        )
    return len(found)
