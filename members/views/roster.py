"""The membership pages: roster on any date, person history, the member directory (Blå bog) and its CSV
export."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kkr.csvfiles import csv_response
from kkr.rowurls import RowUrl, row_urls

from .. import permissions
from ..forms import RosterDateForm
from ..queries import directory_entries, group_by_party, roster
from ..rostertable import entitlements_on, party_tables


def _roster_date(request):
    """``?dato=YYYY-MM-DD`` or today; a bad date falls back to today and the form shows a Danish error."""
    form = RosterDateForm(request.GET or None)
    on = form.cleaned_data.get("dato") if form.is_valid() else None
    return form, on or timezone.localdate()


@require_GET
@login_required
def roster_detail(request, slug):
    """The council on any date, grouped by party against the entitlement; members read, staff act."""
    council, can_manage = permissions.get_council_and_role(request.user, slug)
    form, on = _roster_date(request)
    board = roster(council, on=on)
    links = _row_links(council.slug, can_manage)
    groups = group_by_party(board.seats, entitlements_on(council.pk, on))
    context = {
        "council": council,
        "form": form,
        "on": on,
        "roster": board,
        "groups": party_tables(groups, links, can_manage=can_manage),
        "can_manage": can_manage,
        "links": links,
    }
    return render(request, "members/roster_detail.html", context)


def _row_links(slug, can_manage) -> dict:
    """Every row's links, reversed once for the page (``kkr.rowurls``)."""
    links = row_urls(slug, person="portal:person-detail")
    if can_manage:
        links.update(
            row_urls(
                slug,
                substitute_depart="members:substitute-depart",
                substitute_create="members:substitute-create",
                leave_end="members:leave-end",
                leave_decide="members:leave-decide",
                depart="members:membership-depart",
                leave_create="members:leave-create",
                party_switch="members:membership-party-switch",
                observer_end="members:observer-end",
            )
        )
    return links


@require_GET
@login_required
def directory_list(request, slug):
    council = permissions.get_council_for_members(request.user, slug)
    entries = directory_entries(council, timezone.localdate())
    context = {"council": council, "entries": entries, "person_url": RowUrl("portal:person-detail", council.slug)}
    return render(request, "members/directory_list.html", context)


@require_GET
@login_required
def directory_export(request, slug):
    """Blå bog as CSV (UTF-8 with BOM and semicolons, so Excel opens it with æ, ø, å)."""
    council = permissions.get_council_for_members(request.user, slug)
    rows = (
        [person.name, role, town, party.letter or party.name if party else "", person.email, person.phone]
        for person, role, town, party in directory_entries(council, timezone.localdate())
    )
    return csv_response(
        f"blaa-bog-{council.slug}.csv", ["Navn", "Rolle", "Kommune", "Parti", "E-mail", "Telefon"], rows
    )
