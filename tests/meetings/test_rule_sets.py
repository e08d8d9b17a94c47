"""Rule sets are not retroactive: each period has its own rules, a meeting is judged under its
period's, and the admin refuses to edit rules that have governed a meeting (KL copies them instead)."""

from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Meeting
from members.models import ElectionPeriod, RuleSet
from tests.members.test_admin import rule_set_form

from .conftest import at


def plan(council, actor, starts_at):
    return services.plan_meeting(council, actor=actor, kind=Meeting.Kind.ORDINARY, starts_at=starts_at, location="X")


def reloaded(meeting):
    return Meeting.objects.select_related("period__rule_set").get(pk=meeting.pk)


@pytest.fixture
def rules_2026(reference_data):
    return ElectionPeriod.objects.get(name="2026-2030").rule_set


def test_editing_the_2026_2030_rules_leaves_a_2022_meetings_quorum_and_deadlines_unchanged(
    client, admin_user_kl, nordjylland, staff_user, rules_2026
):
    meeting_2022 = plan(nordjylland, staff_user, at(2022, 5, 10, 10))
    before = reloaded(meeting_2022)
    assert before.period.name == "2022-2026"
    client.force_login(admin_user_kl)

    changes = {"proposal_deadline_days": 14, "agenda_notice_days": 10, "quorum_numerator": 2, "quorum_denominator": 3}
    response = client.post(
        reverse("admin:members_ruleset_change", args=[rules_2026.pk]), rule_set_form(rules_2026, **changes)
    )

    assert response.status_code == 302
    rules_2026.refresh_from_db()
    assert (rules_2026.proposal_deadline_days, rules_2026.quorum_fraction) == (14, Fraction(2, 3))
    after = reloaded(meeting_2022)
    assert after.rule_set.quorum_fraction == before.rule_set.quorum_fraction == Fraction(1, 2)  # FO 3.7
    assert after.proposal_deadline == before.proposal_deadline  # FO 3.2
    assert after.proposal_deadline.on == date(2022, 4, 30)
    assert after.agenda_deadline == before.agenda_deadline  # FO 3.3
    assert after.agenda_deadline.on == date(2022, 5, 3)


def test_the_admin_refuses_to_edit_a_rule_set_that_governs_a_period_with_meetings(
    client, admin_user_kl, nordjylland, staff_user, rules_2026
):
    plan(nordjylland, staff_user, at(2027, 3, 2, 10))
    client.force_login(admin_user_kl)
    url = reverse("admin:members_ruleset_change", args=[rules_2026.pk])

    page = client.get(url).content.decode()
    assert "kan ikke ændres" in page and "Kopiér regelsættet" in page
    assert 'name="proposal_deadline_days"' not in page  # read-only

    response = client.post(url, rule_set_form(rules_2026, proposal_deadline_days=14))
    assert response.status_code == 403
    rules_2026.refresh_from_db()
    assert rules_2026.proposal_deadline_days == 10


def test_the_admin_copies_a_rule_set_into_an_editable_one(client, admin_user_kl, nordjylland, staff_user, rules_2026):
    plan(nordjylland, staff_user, at(2027, 3, 2, 10))
    client.force_login(admin_user_kl)
    changelist = reverse("admin:members_ruleset_changelist")

    for _ in range(2):
        client.post(changelist, {"action": "copy_rule_set", "_selected_action": [rules_2026.pk]})

    copy, second = RuleSet.objects.filter(name__startswith=f"{rules_2026.name} (kopi)").order_by("pk")
    assert (copy.name, second.name) == (f"{rules_2026.name} (kopi)", f"{rules_2026.name} (kopi) 2")
    assert copy.proposal_deadline_days == 10 and not copy.periods.exists()
    assert copy.history.latest().history_user == admin_user_kl
    response = client.post(
        reverse("admin:members_ruleset_change", args=[copy.pk]), rule_set_form(copy, proposal_deadline_days=14)
    )
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.proposal_deadline_days == 14


def test_the_admin_keeps_the_dates_and_rules_of_a_period_with_meetings(client, admin_user_kl, nordjylland, staff_user):
    plan(nordjylland, staff_user, at(2027, 3, 2, 10))
    period = ElectionPeriod.objects.get(name="2026-2030")
    client.force_login(admin_user_kl)

    page = client.get(reverse("admin:members_electionperiod_change", args=[period.pk])).content.decode()

    assert "Valgperioden har møder" in page
    assert 'name="rule_set"' not in page and 'name="starts_on"' not in page
