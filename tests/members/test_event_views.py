"""The secretariat's event forms: each explains its rule, applies one service, and refuses what the rules
forbid with a Danish message and no change. Every form × every role."""

from datetime import date

import pytest
from django.urls import reverse

from members.models import Action, ChairRole, Leave, Membership, Observer, Person
from tests.builders import action, chair_role, entitle, leave, observer, politician, seat, snapshot, substitute

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(nordjylland, period, member_user):
    """The demo member (V, Aalborg) with a substitute, a mayor, a chair and an awaiting leave."""
    member = Membership.objects.get(person__user=member_user)
    entitle(nordjylland, period, "V", seats=3)
    entitle(nordjylland, period, "A", seats=1, mayors=1)
    sub = substitute(member, politician("Søren Suppleant"))
    mayor = seat(nordjylland, period, politician("Borgmester Bo", "Hjørring", kind="mayor", letter="A"), kind="mayor")
    chair = chair_role(mayor)
    other = seat(nordjylland, period, politician("Viggo Venstre"))
    absence = leave(other, kind=Leave.Kind.PREVENTED, reason="Sygdom", status=Leave.Status.AWAITING_DECISION)
    follow_up = action(nordjylland)
    politician("Nina Ny")
    watcher = observer(nordjylland, politician("Olga Observatør", "Hjørring", letter="A"))
    return {
        "member": member,
        "sub": sub,
        "mayor": mayor,
        "chair": chair,
        "leave": absence,
        "action": follow_up,
        "other": other,
        "observer": watcher,
    }


def _pk(name):
    return lambda w: w[name].pk


# name → (url name, object for pk or None, valid data, data a rule refuses, rule id shown, check after success)
FORMS = {
    "departure": (
        "membership-depart",
        _pk("member"),
        {"on": "2026-06-30", "reason": "left_party"},
        {"on": "2026-01-01", "reason": "left_party"},
        "B1 1.9",
        lambda w: Membership.objects.get(person__name="Søren Suppleant").starts_on == date(2026, 7, 1),
    ),
    "substitute_departure": (
        "substitute-depart",
        _pk("sub"),
        {"on": "2026-06-30", "reason": "left_party"},
        {"on": "2026-01-01", "reason": "left_party"},
        "1.14",
        lambda w: Action.objects.filter(rule="B1 1.14", kind="new_substitute").exists(),
    ),
    "leave": (
        "leave-create",
        _pk("member"),
        {"kind": "b1_1_6", "starts_on": "2026-03-01", "ends_on": "2026-05-31", "reason": "Orlov"},
        {"kind": "b1_1_6", "starts_on": "2026-03-01", "ends_on": "2026-05-30", "reason": "Orlov"},
        "B1 1.6",
        lambda w: w["member"].leaves.get().status == "approved",
    ),
    "leave_decision": (
        "leave-decide",
        _pk("leave"),
        {"approved": "ja", "decided_on": "2026-03-10"},
        None,
        "B1 1.7",
        lambda w: Leave.objects.get(pk=w["leave"].pk).status == "approved",
    ),
    "leave_end": (
        "leave-end",
        _pk("leave"),
        {"resumes_on": "2026-05-01"},
        {"resumes_on": "2026-03-01"},
        "B1 1.7",
        lambda w: Leave.objects.get(pk=w["leave"].pk).ends_on == date(2026, 4, 30),
    ),
    "party_switch": (
        "membership-party-switch",
        _pk("mayor"),
        {"new_party": "", "on": "2026-06-01"},
        {"new_party": "", "on": "2025-06-01"},
        "B1 1.10",
        lambda w: Action.objects.filter(rule="B1 1.11").exists(),
    ),
    "substitute": (
        "substitute-create",
        _pk("other"),
        {"person": "nina", "starts_on": "2026-02-01"},
        {"person": "soeren", "starts_on": "2026-02-01"},
        "B1 1.2",
        lambda w: w["other"].substitutes.get().person.name == "Nina Ny",
    ),
    "member": (
        "membership-create",
        None,
        {"person": "nina", "starts_on": "2026-02-01"},
        {"person": "soeren", "starts_on": "2026-02-01"},
        "B1 1.0",
        lambda w: Membership.objects.filter(person__name="Nina Ny").exists(),
    ),
    "chair": (
        "chairrole-create",
        None,
        {"membership": "member", "role": "vice_chair", "starts_on": "2026-02-01"},
        {"membership": "member", "role": "chair", "starts_on": "2026-02-01"},
        "B1 1.4",
        lambda w: ChairRole.objects.filter(role="vice_chair").exists(),
    ),
    "chair_absence": (
        "chairrole-absence",
        _pk("chair"),
        {"starts_on": "2026-03-01", "ends_on": "2026-05-31"},
        {"starts_on": "2026-03-01", "ends_on": "2026-04-30"},
        "B1 1.16",
        lambda w: Action.objects.filter(rule="B1 1.16").exists(),
    ),
    "observer": (
        "observer-create",
        None,
        {"person": "nina", "capacity": "Medlem af KL's Arbejdsmarkedsudvalg", "starts_on": "2026-02-01"},
        {"person": "viggo", "capacity": "Medlem af KL's Arbejdsmarkedsudvalg", "starts_on": "2026-02-01"},
        "B1 1.5",
        lambda w: Observer.objects.filter(person__name="Nina Ny", ends_on=None).exists(),
    ),
    "observer_end": (
        "observer-end",
        _pk("observer"),
        {"ends_on": "2026-06-30"},
        {"ends_on": "2026-01-19"},
        "B1 1.5",
        lambda w: Observer.objects.get(pk=w["observer"].pk).ends_on == date(2026, 6, 30),
    ),
    "action": (
        "action-resolve",
        _pk("action"),
        {"resolution": "Klaret"},
        None,
        "",
        lambda w: Action.objects.get(pk=w["action"].pk).resolved_at is not None,
    ),
}


def url_for(name, world):
    url_name, pk, *_ = FORMS[name]
    args = ["nordjylland"] + ([pk(world)] if pk else [])
    return reverse(f"members:{url_name}", args=args)


def post_data(data, world):
    """Symbolic references in the table → primary keys."""
    refs = {"nina": "Nina Ny", "soeren": "Søren Suppleant", "viggo": "Viggo Venstre"}
    out = dict(data)
    if out.get("person") in refs:
        out["person"] = Person.objects.get(name=refs[out["person"]]).pk
    if out.get("membership") == "member":
        out["membership"] = world["member"].pk
    return out


@pytest.mark.parametrize("name", FORMS)
def test_staff_see_the_rule_and_the_form_applies_it(client, staff_user, world, name):
    client.force_login(staff_user)
    page = client.get(url_for(name, world))
    assert page.status_code == 200 and FORMS[name][4] in page.content.decode()
    response = client.post(url_for(name, world), post_data(FORMS[name][2], world))
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert FORMS[name][5](world)


@pytest.mark.parametrize("name", [name for name, spec in FORMS.items() if spec[3] is not None])
def test_what_a_rule_forbids_is_refused_in_danish_and_changes_nothing(client, staff_user, world, name):
    client.force_login(staff_user)
    before = snapshot()
    response = client.post(url_for(name, world), post_data(FORMS[name][3], world))
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode() or 'class="error"' in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("name", FORMS)
def test_an_incomplete_form_is_refused_in_danish(client, staff_user, world, name):
    client.force_login(staff_user)
    before = snapshot()
    response = client.post(url_for(name, world), {})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Angiv en dato." in page or "Vælg" in page or "Skriv" in page
    assert snapshot() == before


@pytest.mark.parametrize("name", FORMS)
def test_only_the_councils_secretariat_reaches_the_form(client, member_user, other_staff_user, world, name):
    url = url_for(name, world)
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(member_user)
    assert client.get(url).status_code == 403
    client.force_login(other_staff_user)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", FORMS)
def test_the_forms_refuse_other_methods(client, staff_user, world, name):
    client.force_login(staff_user)
    assert client.put(url_for(name, world)).status_code == 405


def test_the_roster_lists_observers_and_links_staff_to_their_forms(client, staff_user, member_user, world):
    client.force_login(staff_user)
    page = client.get(reverse("members:roster-detail", args=["nordjylland"])).content.decode()
    assert "Olga Observatør" in page and "Medlem af KL&#x27;s bestyrelse" in page
    assert reverse("members:observer-create", args=["nordjylland"]) in page
    assert reverse("members:observer-end", args=["nordjylland", world["observer"].pk]) in page
    assert reverse("members:office-import", args=["nordjylland"]) in page
    client.force_login(member_user)
    page = client.get(reverse("members:roster-detail", args=["nordjylland"])).content.decode()
    assert "Olga Observatør" in page
    assert reverse("members:observer-create", args=["nordjylland"]) not in page


def test_open_actions_on_the_dashboard_link_to_their_forms(client, staff_user, world):
    client.force_login(staff_user)
    page = client.get(reverse("portal:council-dashboard", args=["nordjylland"])).content.decode()
    assert reverse("members:action-resolve", args=["nordjylland", world["action"].pk]) in page
    assert reverse("members:observer-create", args=["nordjylland"]) in page
    assert reverse("members:office-import", args=["nordjylland"]) in page
