"""The council pages: the home page, a council's public page, the secretariat's dashboard and the member portal."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from appointments import panels as appointment_panels
from elections.queries import confirmed_composition
from kkr.rowurls import RowUrl
from meetings import panels as meeting_panels
from members.models import Council, ElectionPeriod
from members.permissions import get_council, get_council_for_members, get_council_for_staff
from members.queries import public_roster

from .. import dashboard
from ..panels import with_panels
from ..roles import roles


@require_GET
def home(request):
    """The public sees the five KKR; staff go to their council's dashboard, members to their portal."""
    user, mine = request.user, roles(request)
    if user.is_authenticated and not user.is_superuser:
        if len(mine.managed) == 1:
            return redirect("portal:council-dashboard", mine.managed[0].slug)
        if len(mine.member_of) == 1 and not mine.managed:
            return redirect("portal:council-portal", mine.member_of[0].slug)
    return render(request, "portal/home.html", {"councils": Council.objects.all()})


@require_GET
def council_detail(request, slug):
    """The public page of a council: its municipalities and published material, and, where the council publishes
    it (``Council.publishes_roster``), today's members and the period's confirmed composition."""
    council = get_council(slug)
    today = timezone.localdate()
    context = {"council": council, "municipalities": list(council.municipalities.order_by("name"))}
    if council.publishes_roster:
        period = ElectionPeriod.objects.containing(today).first()
        context["roster"] = public_roster(council, today)
        context["composition"] = confirmed_composition(council, period) if period else None
        context["period"], context["today"] = period, today
    context = with_panels(
        context,
        meeting_panels.public_panel(council, today=today, user=request.user),
        appointment_panels.public_panel(council, today=today, user=request.user),
    )
    return render(request, "portal/council_detail.html", context)


@require_GET
@login_required
def council_dashboard(request, slug):
    """The secretariat's dashboard: open follow-ups (the newest ten, the rest on the follow-up list), upcoming
    deadlines and meetings, composition and appointments (empty states say what next)."""
    council = get_council_for_staff(request.user, slug)
    values = dashboard.cached_dashboard_values(council, today=timezone.localdate(), user=request.user)
    context = {**values, "council": council, "resolve_url": RowUrl("members:action-resolve", council.slug)}
    return render(request, "portal/council_dashboard.html", context)


@require_GET
@login_required
def council_portal(request, slug):
    """The member portal: upcoming meetings and agendas including closed items."""
    council = get_council_for_members(request.user, slug)
    panel = meeting_panels.portal_panel(council, today=timezone.localdate(), user=request.user)
    return render(request, "portal/council_portal.html", with_panels({"council": council}, panel))
