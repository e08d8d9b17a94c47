"""The read-only open-data API under ``/api/v1/`` (docs/api.md). Anonymous, and only what the public pages show,
by the rules those pages use: a meeting exists once its agenda is published to the public
(``Meeting.objects.with_published_agenda``), its items come from the newest public documents
(``meetings.queries.latest_documents``: closed items as their public title or "Lukket punkt", FO 3.0, 3.3, 3.4),
and appointments are the public list's (``appointments.queries.public_appointees``: SPEC §4 policy). The API
never looks at who is signed in: everyone gets the public answer.

One module per resource; importing them adds their operations to ``api``, in the order of their import."""

from ..throttle import AnonymousRate
from . import appointments, councils, meetings  # noqa: F401 - their operations join ``api``
from .base import api, index, unknown

__all__ = ["AnonymousRate", "api", "index", "unknown"]
