"""Links repeated on every row of a page, reversed once per page instead of once per row.

``reverse()`` is costly next to the rest of a row, and the roster and the sitting page reverse hundreds a request
(figures in docs/performance.md).
``RowUrl("portal:person-detail", slug).of(pk)`` is exactly ``reverse("portal:person-detail", args=[slug, pk])``;
a template writes ``{{ person_url|row:seat.membership.person_id }}`` (the ``row`` filter, a builtin).
"""

from django.urls import reverse

_MARK = 987654321987  # stands in for the row's id while reversing; never a real primary key


class RowUrl:
    """The URL ``name`` with the fixed leading ``args`` and a row's id as the last argument."""

    def __init__(self, name: str, *args):
        head, tail = reverse(name, args=[*args, _MARK]).rsplit(str(_MARK), 1)
        self._head, self._tail = head, tail

    def of(self, pk) -> str:
        return f"{self._head}{int(pk)}{self._tail}"

    def __str__(self):  # a RowUrl printed without ``|row`` shows its pattern, never a wrong link
        return f"{self._head}<id>{self._tail}"


def row_urls(*args, **names: str) -> dict[str, RowUrl]:
    """``row_urls(slug, depart="members:membership-depart", ...)`` → ``{"depart": RowUrl(...), ...}``."""
    return {key: RowUrl(name, *args) for key, name in names.items()}
