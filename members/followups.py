"""The council's open follow-ups (``Action``, SPEC §3: what a rule implies after an event, open until resolved) as
plain values: the secretariat's dashboard shows the newest few with their count, the follow-up list all of them
(searchable, paginated), each with the form that resolves it ("next step") when there is one."""

from dataclasses import dataclass

from django.db.models import Count, Q, Window
from django.urls import reverse

from kkr.rowurls import RowUrl

from .models import Action

DASHBOARD_COUNT = 10  # the dashboard shows this many; the rest are on the follow-up list
COLUMNS = ("pk", "title", "rule", "details", "kind", "membership_id", "membership__ends_on")


@dataclass(frozen=True)
class OpenAction:
    """One open follow-up with the form that resolves it (``step_url`` empty: it is resolved by hand)."""

    pk: int
    title: str
    rule: str
    details: str
    step_url: str = ""
    step_label: str = ""


class NextSteps:
    """The form that resolves an open follow-up, as (url, label), None when it is resolved by hand; each form's
    address reversed once for the page (``kkr.rowurls``), not once per follow-up."""

    def __init__(self, slug: str):
        self.substitute = RowUrl("members:substitute-create", slug)
        self.new_member = reverse("members:membership-create", args=[slug])
        self.chair = reverse("members:chairrole-create", args=[slug])

    def of(self, kind: str, membership_id: int | None, membership_ends_on=None) -> tuple[str, str] | None:
        """A new substitute is registered only while the member still sits; a new member or mayor and a new
        chair or vice-chair on their forms."""
        if kind == Action.Kind.NEW_SUBSTITUTE:
            if membership_id is not None and membership_ends_on is None:
                return self.substitute.of(membership_id), "Registrér stedfortræder"
            return None
        if kind in (Action.Kind.NEW_MEMBER, Action.Kind.NEW_MAYOR):
            return self.new_member, "Registrér nyt medlem"
        if kind in (Action.Kind.NEW_CHAIR, Action.Kind.NEW_VICE_CHAIR):
            return self.chair, "Registrér valg"
        return None

    def row(self, values: dict) -> OpenAction:
        """An ``OpenAction`` from a ``values(*COLUMNS)`` row."""
        step = self.of(values["kind"], values["membership_id"], values["membership__ends_on"])
        url, label = step or ("", "")
        return OpenAction(values["pk"], values["title"], values["rule"], values["details"], url, label)


def open_actions(council, *, query: str = ""):
    """The council's open follow-ups as ``values(*COLUMNS)`` rows, newest first (the dashboard's order), those
    whose title, details or rule contain ``query`` when given."""
    actions = Action.objects.open().filter(council=council)
    if query:
        actions = actions.filter(Q(title__icontains=query) | Q(details__icontains=query) | Q(rule__icontains=query))
    return actions.order_by("-created_at", "-pk").values(*COLUMNS)


def newest_open_actions(council, *, limit: int = DASHBOARD_COUNT) -> tuple[list[OpenAction], int]:
    """The newest ``limit`` open follow-ups and how many are open in all (one query: the count is a window
    over the open follow-ups, taken before the limit)."""
    rows = list(open_actions(council).annotate(open_count=Window(Count("pk")))[:limit])
    steps = NextSteps(council.slug)
    return [steps.row(values) for values in rows], (rows[0]["open_count"] if rows else 0)
