"""Start pages and the council pages of the foundation: public page, staff dashboard, member portal."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import permissions
from .models import Action, Council, ElectionPeriod


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
    municipalities = council.municipalities.order_by("name")
    return render(request, "members/council_detail.html", {"council": council, "municipalities": municipalities})


@require_GET
@login_required
def council_dashboard(request, slug):
    """The secretariat's dashboard: open actions, upcoming deadlines and meetings (empty states say what next)."""
    council = permissions.get_council_for_staff(request.user, slug)
    today = timezone.localdate()
    context = {
        "council": council,
        "period": ElectionPeriod.objects.containing(today).select_related("rule_set").first(),
        "actions": Action.objects.open().filter(council=council)[:50],
        "member_count": council.memberships.current(today).count(),
    }
    return render(request, "members/council_dashboard.html", context)


@require_GET
@login_required
def council_portal(request, slug):
    """The member portal: upcoming meetings and agendas including closed items."""
    council = permissions.get_council_for_members(request.user, slug)
    return render(request, "members/council_portal.html", {"council": council})
