"""The secretariat's forms for membership events. Each names the rule it applies, calls one service and,
when a rule forbids the action, shows the service's Danish message and changes nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kkr.errors import RuleViolation
from kkr.formats import format_date

from .. import forms, permissions, services
from ..models import Action, ChairRole, Leave, Membership, Observer, SubstituteAssignment

RULES = {
    "departure": (
        "B1 1.9 / 1.13",
        "Et medlem, der forlader kommunalbestyrelsen eller partiet, udtræder af KKR; "
        "et partivalgt medlems stedfortræder indtræder dagen efter, og partiet vælger ny stedfortræder.",
    ),
    "substitute_departure": (
        "B1 1.9 / 1.14",
        "En stedfortræder, der ophører, erstattes af en ny, som partiets "
        "kommunalbestyrelsesmedlemmer vælger (for en borgmester: B1 1.2).",
    ),
    "leave": (
        "B1 1.6 / 1.7",
        "Ved forfald i mindst 3 måneder indtræder stedfortræderen; efter B1 1.7 først når KKR "
        "har besluttet det på sit næste møde. Kortere fravær er afbud til det enkelte møde.",
    ),
    "leave_decision": (
        "B1 1.7",
        "KKR beslutter på mødet, om betingelserne for stedfortræderens indtræden er til stede.",
    ),
    "leave_end": ("B1 1.7", "Når medlemmet igen kan varetage hvervet, udtræder stedfortræderen."),
    "party_switch": (
        "B1 1.10-1.12",
        "En borgmester, der skifter parti, forbliver medlem; var han partiets eneste "
        "repræsentant, udpeger et berettiget parti et nyt medlem, også ud over loftet.",
    ),
    "substitute": (
        "B1 1.2",
        "Hvert medlem har én personlig stedfortræder; ingen er stedfortræder for flere, og et "
        "medlem kan ikke være stedfortræder. Et partivalgt medlems stedfortræder er fra samme parti.",
    ),
    "member": (
        "B1 1.0",
        "Kun kommunalbestyrelsesmedlemmer i regionen kan være medlemmer: borgmestrene og de "
        "partivalgte medlemmer inden for partiets pladser.",
    ),
    "chair": (
        "B1 1.4 / 1.15 / 1.16",
        "Formand og næstformand vælges blandt medlemmerne; ved udtræden eller forfald i "
        "mindst 3 måneder vælger den gruppe, der valgte dem, en ny (midlertidig) for perioden.",
    ),
    "chair_absence": (
        "B1 1.16",
        "Er formanden eller næstformanden forhindret i mindst 3 måneder, vælges en midlertidig for perioden.",
    ),
    "observer": (
        "B1 1.5",
        "Medlemmer af KL's bestyrelse og udvalg fra regionen kan deltage i møderne uden stemmeret. "
        "De tæller ikke med, når det opgøres, om KKR er beslutningsdygtigt (FO 3.7).",
    ),
    "observer_end": ("B1 1.5", "Registrér observatørens sidste dag, fx når hvervet i KL ophører."),
    "action": ("", "Luk opfølgningen, når den er løst, og skriv hvordan."),
}


def _event(request, council, form, apply, *, rule, subject=None, note=""):
    """GET shows the form; a valid POST calls ``apply`` (a service); a rule refusal re-renders with its message."""
    if request.method == "POST" and form.is_valid():
        try:
            message = apply(form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return _roster_after(council, form.cleaned_data)
    rule_id, explanation = RULES[rule]
    context = {
        "council": council,
        "form": form,
        "rule_id": rule_id,
        "explanation": explanation,
        "subject": str(subject) if subject is not None else "",  # its relations are read here, not in the template
        "title": TITLES[rule],
        "note": note,
    }
    return render(request, "members/event_form.html", context)


TITLES = {
    "departure": "Registrér udtræden",
    "substitute_departure": "Registrér at stedfortræderen ophører",
    "leave": "Registrér længerevarende forfald",
    "leave_decision": "Registrér KKR's beslutning om forfald",
    "leave_end": "Afslut forfald",
    "party_switch": "Registrér borgmesterens partiskifte",
    "substitute": "Registrér ny stedfortræder",
    "member": "Registrér nyt medlem",
    "chair": "Registrér valg af formand eller næstformand",
    "chair_absence": "Registrér forfald i formandskabet",
    "observer": "Registrér observatør",
    "observer_end": "Registrér at observatøren ophører",
    "action": "Løs opfølgning",
}


def _roster_after(council, data):
    """The roster, on the change's date when it lies ahead (otherwise the change seems lost)."""
    url = reverse("members:roster-detail", args=[council.slug])
    ahead = [data[key] for key in ("on", "starts_on", "resumes_on") if data.get(key)]
    if ahead and ahead[0] > timezone.localdate():
        return redirect(f"{url}?dato={ahead[0].isoformat()}")
    return redirect(url)


def _data(request):
    return request.POST if request.method == "POST" else None


def _actions_note(actions) -> str:
    return "".join(f" Ny opfølgning: {action.title}." for action in actions)


@require_http_methods(["GET", "POST"])
@login_required
def membership_depart(request, slug, pk):
    council, membership = permissions.get_for_staff(request.user, slug, Membership, pk)

    def apply(data):
        result = services.record_departure(
            membership,
            on=data["on"],
            reason=data["reason"],
            actor=request.user,
            substitute_accepts=not data["substitute_declines"],
        )
        return f"{membership.person} er udtrådt af {council}.{_actions_note(result.actions)}"

    return _event(request, council, forms.DepartureForm(_data(request)), apply, rule="departure", subject=membership)


@require_http_methods(["GET", "POST"])
@login_required
def substitute_depart(request, slug, pk):
    council, assignment = permissions.get_for_staff(
        request.user, slug, SubstituteAssignment, pk, council_path="membership__council"
    )

    def apply(data):
        result = services.record_departure(assignment, on=data["on"], reason=data["reason"], actor=request.user)
        return f"{assignment.person} er ikke længere stedfortræder.{_actions_note(result.actions)}"

    form = forms.SubstituteDepartureForm(_data(request))
    return _event(request, council, form, apply, rule="substitute_departure", subject=assignment)


@require_http_methods(["GET", "POST"])
@login_required
def leave_create(request, slug, pk):
    council, membership = permissions.get_for_staff(request.user, slug, Membership, pk)

    def apply(data):
        leave = services.register_leave(
            membership,
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            reason=data["reason"],
            actor=request.user,
        )
        return f"Forfald registreret for {membership.person}: {leave.get_status_display().lower()}."

    return _event(request, council, forms.LeaveForm(_data(request)), apply, rule="leave", subject=membership)


@require_http_methods(["GET", "POST"])
@login_required
def leave_decide(request, slug, pk):
    council, leave = permissions.get_for_staff(request.user, slug, Leave, pk, council_path="membership__council")

    def apply(data):
        services.decide_leave(leave, approved=data["approved"], decided_on=data["decided_on"], actor=request.user)
        return f"KKR's beslutning er registreret: {leave.get_status_display().lower()}."

    form = forms.LeaveDecisionForm(_data(request))
    return _event(request, council, form, apply, rule="leave_decision", subject=leave.membership)


@require_http_methods(["GET", "POST"])
@login_required
def leave_end(request, slug, pk):
    council, leave = permissions.get_for_staff(request.user, slug, Leave, pk, council_path="membership__council")

    def apply(data):
        services.end_leave(leave, resumes_on=data["resumes_on"], actor=request.user)
        return f"Forfaldet slutter {format_date(leave.ends_on)}; stedfortræderen udtræder."

    return _event(
        request, council, forms.LeaveEndForm(_data(request)), apply, rule="leave_end", subject=leave.membership
    )


@require_http_methods(["GET", "POST"])
@login_required
def membership_party_switch(request, slug, pk):
    council, membership = permissions.get_for_staff(request.user, slug, Membership, pk)

    def apply(data):
        switch = services.record_party_switch(
            membership, new_party=data["new_party"], on=data["on"], actor=request.user
        )
        return f"{switch.explanation}{_actions_note([switch.action] if switch.action else [])}"

    form = forms.PartySwitchForm(_data(request))
    return _event(request, council, form, apply, rule="party_switch", subject=membership)


@require_http_methods(["GET", "POST"])
@login_required
def substitute_create(request, slug, pk):
    council, membership = permissions.get_for_staff(request.user, slug, Membership, pk)
    note, initial = "", {}
    if membership.kind == Membership.Kind.MAYOR and membership.ends_on is None:
        proposal = services.propose_mayor_substitute(membership, on=timezone.localdate())
        note, initial = proposal.explanation, {"person": proposal.person, "basis": proposal.basis}
    form = forms.SubstituteForm(_data(request), council=council, membership=membership, initial=initial)

    def apply(data):
        services.assign_substitute(
            membership, data["person"], starts_on=data["starts_on"], actor=request.user, basis=data["basis"]
        )
        return f"{data['person']} er personlig stedfortræder for {membership.person}."

    return _event(request, council, form, apply, rule="substitute", subject=membership, note=note)


@require_http_methods(["GET", "POST"])
@login_required
def membership_create(request, slug):
    council = permissions.get_council_for_staff(request.user, slug)

    def apply(data):
        membership = services.add_member(
            council, person=data["person"], starts_on=data["starts_on"], actor=request.user
        )
        kind = membership.get_kind_display().lower()
        return f"{membership.person} er medlem ({kind}) fra {format_date(membership.starts_on)}."

    return _event(request, council, forms.NewMemberForm(_data(request), council=council), apply, rule="member")


@require_http_methods(["GET", "POST"])
@login_required
def chairrole_create(request, slug):
    council = permissions.get_council_for_staff(request.user, slug)

    def apply(data):
        role = services.elect_chair(
            data["membership"],
            role=data["role"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            actor=request.user,
        )
        return f"{role.membership.person} er {role.get_role_display().lower()} fra {format_date(role.starts_on)}."

    return _event(request, council, forms.ChairForm(_data(request), council=council), apply, rule="chair")


@require_http_methods(["GET", "POST"])
@login_required
def chairrole_absence(request, slug, pk):
    council, role = permissions.get_for_staff(request.user, slug, ChairRole, pk)

    def apply(data):
        action = services.register_chair_absence(
            role, starts_on=data["starts_on"], ends_on=data["ends_on"], actor=request.user
        )
        return f"Ny opfølgning: {action.title}."

    form = forms.ChairAbsenceForm(_data(request))
    return _event(request, council, form, apply, rule="chair_absence", subject=role.membership)


@require_http_methods(["GET", "POST"])
@login_required
def observer_create(request, slug):
    council = permissions.get_council_for_staff(request.user, slug)

    def apply(data):
        observer = services.add_observer(
            council, data["person"], capacity=data["capacity"], starts_on=data["starts_on"], actor=request.user
        )
        return f"{observer.person} er observatør uden stemmeret fra {format_date(observer.starts_on)}."

    return _event(request, council, forms.ObserverForm(_data(request), council=council), apply, rule="observer")


@require_http_methods(["GET", "POST"])
@login_required
def observer_end(request, slug, pk):
    council, observer = permissions.get_for_staff(request.user, slug, Observer, pk)

    def apply(data):
        services.end_observer(observer, ends_on=data["ends_on"], actor=request.user)
        return f"{observer.person} er observatør til og med {format_date(observer.ends_on)}."

    form = forms.ObserverEndForm(_data(request))
    return _event(request, council, form, apply, rule="observer_end", subject=observer)


@require_http_methods(["GET", "POST"])
@login_required
def action_resolve(request, slug, pk):
    council, action = permissions.get_for_staff(request.user, slug, Action, pk)

    def apply(data):
        services.resolve_action(action, actor=request.user, resolution=data["resolution"])
        return f"Opfølgningen '{action.title}' er løst."

    form = forms.ResolveActionForm(_data(request))
    response = _event(request, council, form, apply, rule="action", subject=action, note=action.details)
    if response.status_code == 302:
        return redirect("portal:council-dashboard", council.slug)
    return response
