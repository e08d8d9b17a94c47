"""Admins edit rule sets in Django admin with validation and history (SPEC §1, §6)."""

import pytest
from django.urls import reverse

from members.models import RuleSet

pytestmark = pytest.mark.django_db


def rule_set_form(rule_set, **changes):
    data = {
        "name": rule_set.name,
        "source": rule_set.source,
        "in_force_from": rule_set.in_force_from.isoformat(),
        "meetings_per_year": 5,
        "extra_meeting_numerator": 1,
        "extra_meeting_denominator": 3,
        "proposal_deadline_days": 10,
        "agenda_notice_days": 7,
        "quorum_numerator": 1,
        "quorum_denominator": 2,
        "casting_vote": "chair",
        "quorum_base": "filled",
        "proposal_in_writing": "on",
        "party_change_rules": "on",
        "cap_factor": 2,
        "entitlement_threshold_pct": "2.00",
        "alliance_declaration_weekdays": 3,
        "constituent_deadline_month": 1,
        "constituent_deadline_day": 31,
        "long_absence_months": 3,
        "substitute_same_party": "on",
        "closed_on_constitution_day": "on",
        "closed_on_christmas_eve": "on",
        "closed_on_new_years_eve": "on",
    }
    data.update(changes)
    return data


@pytest.fixture
def rules_2018(db):
    return RuleSet.objects.get(name="Forretningsorden for KKR 2018")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quorum_numerator": 0}, "intervallet (0, 1]"),
        ({"quorum_numerator": 3, "quorum_denominator": 2}, "intervallet (0, 1]"),
        ({"extra_meeting_numerator": 4}, "intervallet (0, 1]"),
        ({"cap_factor": 0}, "Loftet skal være mindst 1"),
        ({"constituent_deadline_month": 2, "constituent_deadline_day": 30}, "Datoen findes ikke"),
    ],
    ids=[
        "FO_3_7_quorum_zero",
        "FO_3_7_quorum_above_one",
        "FO_3_1_fraction_above_one",
        "B1_1_1_cap_zero",
        "B1_1_3_impossible_date",
    ],
)
def test_an_admin_cannot_save_an_invalid_rule_set(client, admin_user_kl, rules_2018, changes, message):
    client.force_login(admin_user_kl)
    url = reverse("admin:members_ruleset_change", args=[rules_2018.pk])
    response = client.post(url, rule_set_form(rules_2018, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    rules_2018.refresh_from_db()
    assert (rules_2018.quorum_numerator, rules_2018.cap_factor) == (1, 2)


def test_an_admin_change_to_a_rule_set_is_kept_in_history_with_who(client, admin_user_kl, rules_2018):
    client.force_login(admin_user_kl)
    url = reverse("admin:members_ruleset_change", args=[rules_2018.pk])
    response = client.post(url, rule_set_form(rules_2018, proposal_deadline_days=12))
    assert response.status_code == 302
    latest = rules_2018.history.latest()
    assert latest.proposal_deadline_days == 12
    assert latest.history_user == admin_user_kl
    history_page = client.get(reverse("admin:members_ruleset_history", args=[rules_2018.pk]))
    assert history_page.status_code == 200


def test_staff_cannot_reach_the_admin(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("admin:members_ruleset_changelist"))
    assert response.status_code == 302
