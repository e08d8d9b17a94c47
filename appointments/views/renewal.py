"""The next term (SPEC §4): what must be filled for it, and the button that copies the seats forward to the next
period after a page that asks first. Staff of the council and KL admins; members 403; others 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kkr.errors import RuleViolation

from .. import permissions, queries, services


@require_GET
@login_required
def next_term(request, slug, period):
    """Each seat of the period beside its next term: created or not, filled or not, and whether the present
    holder may be appointed again (a body that limits it, erhvervsfremmeloven § 10 stk. 3)."""
    council = permissions.get_council_for_staff(request.user, slug)
    period = permissions.get_period(period)
    following, lines = queries.next_term_lines(council, period)
    context = {"council": council, "period": period, "following": following, "lines": lines}
    context["to_fill"] = sum(line.to_fill for line in lines)
    return render(request, "appointments/next_term.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def seats_copy(request, slug, period):
    """GET: what copying forward would do; POST: do it (one transaction; a second time copies nothing)."""
    council = permissions.get_council_for_staff(request.user, slug)
    period = permissions.get_period(period)
    try:
        if request.method == "POST":
            plan = services.copy_seats_forward(council, period, actor=request.user)
            messages.success(request, _done(plan))
            return redirect("appointments:next-term", council.slug, period.name)
        plan = services.plan_copy(council, period, user=request.user)
    except RuleViolation as error:
        context = {"council": council, "period": period, "error": str(error)}
        return render(request, "appointments/seats_copy.html", context, status=400)
    return render(request, "appointments/seats_copy.html", {"council": council, "period": period, "plan": plan})


def _done(plan) -> str:
    if not plan.created:
        return f"Alle pladser findes allerede for {plan.period}; intet er kopieret."
    return f"{len(plan.created)} pladser er oprettet for {plan.period}; de besættes på organernes sider."
