"""Start pages, the council pages (public page, staff dashboard, member portal) and the membership pages:
roster on any date, person history, the member directory (Blå bog) and its CSV export."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import permissions
from .extensions import render_panels
from .forms import RosterDateForm
from .history import audit_rows, person_history
from .models import Action, Council, ElectionPeriod, SeatEntitlement
from .roster import group_by_party, roster


@require_GET
def home(request):
    """The public sees the five KKR; staff go to their council's dashboard, members to their portal."""
    user = request.user
    if user.is_authenticated and not user.is_superuser:
        managed = list(permissions.managed_councils(user)[:2])
        if len(managed) == 1:
            return redirect("members:council-dashboard", managed[0].slug)
        member_of = list(permissions.member_councils(user)[:2])
        if len(member_of) == 1 and not managed:
            return redirect("members:council-portal", member_of[0].slug)
    councils = Council.objects.all()
    return render(request, "members/home.html", {"councils": councils})


@require_GET
def council_detail(request, slug):
    """The public page of a council: its municipalities and published material."""
    council = permissions.get_council(slug)
    context = {
        "council": council,
        "municipalities": council.municipalities.order_by("name"),
        "panels": render_panels("public", request, council, today=timezone.localdate()),
    }
    return render(request, "members/council_detail.html", context)


@require_GET
@login_required
def council_dashboard(request, slug):
    """The secretariat's dashboard: open actions, upcoming deadlines and meetings (empty states say what next)."""
    council = permissions.get_council_for_staff(request.user, slug)
    today = timezone.localdate()
    context = {
        "council": council,
        "period": ElectionPeriod.objects.containing(today).select_related("rule_set").first(),
        "actions": Action.objects.open().filter(council=council).select_related("membership")[:50],
        "member_count": council.memberships.current(today).count(),
        "panels": render_panels("dashboard", request, council, today=today),
    }
    return render(request, "members/council_dashboard.html", context)


@require_GET
@login_required
def council_portal(request, slug):
    """The member portal: upcoming meetings and agendas including closed items."""
    council = permissions.get_council_for_members(request.user, slug)
    panels = render_panels("portal", request, council, today=timezone.localdate())
    return render(request, "members/council_portal.html", {"council": council, "panels": panels})


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
    entitlements = SeatEntitlement.objects.filter(
        council=council, period__starts_on__lte=on, period__ends_on__gte=on
    ).select_related("party")
    context = {
        "council": council,
        "form": form,
        "on": on,
        "roster": board,
        "groups": group_by_party(board.seats, list(entitlements)),
        "can_manage": can_manage,
    }
    return render(request, "members/roster_detail.html", context)


@require_GET
@login_required
def person_detail(request, slug, pk):
    """A person's dated history; the secretariat also sees the audit trail (who changed what, when)."""
    council, can_manage, person = permissions.get_person_for_members(request.user, slug, pk)
    context = {"council": council, "person": person, "can_manage": can_manage, **person_history(person)}
    context["audit"] = audit_rows(person) if can_manage else []
    return render(request, "members/person_detail.html", context)


def directory_entries(council, on):
    """Blå bog: every current member and personal substitute with contact details (roster's five queries)."""
    entries = []
    for seat in roster(council, on=on).seats:
        m = seat.membership
        entries.append((m.person, m.get_kind_display(), m.municipality.name, m.party))
        if seat.substitute:
            sub = seat.substitute
            town = sub.municipality.name if sub.municipality else ""
            entries.append((sub, f"Stedfortræder for {m.person.name}", town, sub.party))
    return sorted(entries, key=lambda entry: entry[0].name)


@require_GET
@login_required
def directory_list(request, slug):
    council = permissions.get_council_for_members(request.user, slug)
    entries = directory_entries(council, timezone.localdate())
    return render(request, "members/directory_list.html", {"council": council, "entries": entries})


@require_GET
@login_required
def directory_export(request, slug):
    """Blå bog as CSV (UTF-8 with BOM and semicolons, so Excel opens it with æ, ø, å)."""
    council = permissions.get_council_for_members(request.user, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="blaa-bog-{council.slug}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["Navn", "Rolle", "Kommune", "Parti", "E-mail", "Telefon"])
    for person, role, town, party in directory_entries(council, timezone.localdate()):
        writer.writerow(
            [person.name, role, town, party.letter or party.name if party else "", person.email, person.phone]
        )
    return response
