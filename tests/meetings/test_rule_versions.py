"""Rules changed during a period (SPEC §1 policy): a KL admin gives a period a new version of its rules from a
date; a meeting is judged by the version in force on its day, and the versions a meeting used are kept."""

from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse

from kkr.errors import RuleViolation
from members.models import ElectionPeriod, RuleSet, RuleSetVersion
from members.services.rules import add_rule_version
from tests.builders import at

from .test_rule_sets import plan, reloaded

CHANGELIST = "admin:members_electionperiod_changelist"


@pytest.fixture
def period_2026(reference_data):
    return ElectionPeriod.objects.get(name="2026-2030")


@pytest.fixture
def new_rules_from_june_2027(period_2026, admin_user_kl):
    """A version from 1 June 2027 with a longer agenda notice (FO 3.3), member deadline (FO 3.2) and quorum
    (FO 3.7) than the 2026 rules (7 days, 10 days, 1/2)."""
    version = add_rule_version(period_2026, date(2027, 6, 1), actor=admin_user_kl, now=at(2027, 1, 5, 12))
    RuleSet.objects.filter(pk=version.rule_set_id).update(
        agenda_notice_days=10, proposal_deadline_days=14, quorum_numerator=2, quorum_denominator=3
    )
    return version


def test_fo_3_3_fo_3_2_fo_3_7_a_meeting_the_day_before_a_new_version_keeps_the_old_rules(
    nordjylland, staff_user, period_2026, new_rules_from_june_2027
):
    meeting = reloaded(plan(nordjylland, staff_user, at(2027, 5, 31, 10)))

    assert meeting.rule_set == period_2026.rule_set
    assert meeting.agenda_deadline.on == date(2027, 5, 24)  # FO 3.3: 7 days
    assert meeting.proposal_deadline.on == date(2027, 5, 21)  # FO 3.2: 10 days
    assert meeting.rule_set.quorum_fraction == Fraction(1, 2)  # FO 3.7


def test_fo_3_3_fo_3_2_fo_3_7_a_meeting_on_the_day_a_version_takes_effect_is_judged_by_it(
    nordjylland, staff_user, new_rules_from_june_2027
):
    meeting = reloaded(plan(nordjylland, staff_user, at(2027, 6, 1, 10)))

    assert meeting.rule_set == new_rules_from_june_2027.rule_set
    assert meeting.agenda_deadline.on == date(2027, 5, 22)  # FO 3.3: 10 days
    assert meeting.proposal_deadline.on == date(2027, 5, 18)  # FO 3.2: 14 days
    assert meeting.rule_set.quorum_fraction == Fraction(2, 3)  # FO 3.7


def test_a_second_version_copies_the_one_in_force_and_each_meeting_keeps_its_own(
    nordjylland, staff_user, admin_user_kl, period_2026, new_rules_from_june_2027
):
    later = add_rule_version(period_2026, date(2028, 3, 1), actor=admin_user_kl, now=at(2027, 1, 5, 12))

    assert later.rule_set.agenda_notice_days == 10  # copied from the June 2027 version, not the period's first
    period_2026.refresh_from_db()
    assert period_2026.rules_changed_on == date(2027, 6, 1)
    assert period_2026.rules_on(date(2027, 1, 10)) == period_2026.rule_set
    assert period_2026.rules_on(date(2028, 2, 29)) == new_rules_from_june_2027.rule_set
    assert period_2026.rules_on(date(2028, 3, 1)) == later.rule_set


@pytest.mark.parametrize("day", [date(2026, 1, 1), date(2025, 12, 31), date(2030, 1, 1)], ids=str)
def test_a_version_outside_the_period_or_on_its_first_day_is_refused(period_2026, admin_user_kl, day):
    with pytest.raises(RuleViolation, match="inden for valgperioden 2026-2030"):
        add_rule_version(period_2026, day, actor=admin_user_kl, now=at(2025, 12, 1, 12))
    assert not RuleSetVersion.objects.exists()


def test_a_version_from_before_a_held_meeting_is_refused(nordjylland, staff_user, admin_user_kl, period_2026):
    plan(nordjylland, staff_user, at(2027, 3, 2, 10))

    with pytest.raises(RuleViolation, match="allerede holdt"):
        add_rule_version(period_2026, date(2027, 3, 1), actor=admin_user_kl, now=at(2027, 3, 10, 12))
    version = add_rule_version(period_2026, date(2027, 3, 3), actor=admin_user_kl, now=at(2027, 3, 10, 12))
    assert version.takes_effect_on == date(2027, 3, 3)


def test_the_admin_action_makes_a_new_version_from_a_date(client, admin_user_kl, period_2026):
    client.force_login(admin_user_kl)
    url = reverse(CHANGELIST)
    chosen = {"action": "new_rule_version", "_selected_action": [period_2026.pk]}

    form_page = client.post(url, chosen).content.decode()
    assert "Ny version af reglerne fra dato" in form_page and 'name="takes_effect_on"' in form_page

    refused = client.post(url, {**chosen, "apply": "1", "takes_effect_on": "2031-02-01"}).content.decode()
    assert "inden for valgperioden" in refused and 'value="2031-02-01"' in refused  # the typed day is kept

    response = client.post(url, {**chosen, "apply": "1", "takes_effect_on": "2028-02-01"}, follow=True)
    version = RuleSetVersion.objects.get(period=period_2026)
    assert version.takes_effect_on == date(2028, 2, 1)
    assert version.rule_set.name == f"{period_2026.rule_set.name}, version fra 1. februar 2028"
    assert version.rule_set.history.latest().history_user == admin_user_kl
    assert "Ret tallene i den nye version" in response.content.decode()
    period_page = client.get(reverse("admin:members_electionperiod_change", args=[period_2026.pk])).content.decode()
    assert version.rule_set.name in period_page  # the versions are listed on the period


def test_a_version_a_meeting_used_can_no_longer_be_edited(
    client, admin_user_kl, nordjylland, staff_user, new_rules_from_june_2027
):
    client.force_login(admin_user_kl)
    url = reverse("admin:members_ruleset_change", args=[new_rules_from_june_2027.rule_set_id])
    assert 'name="agenda_notice_days"' in client.get(url).content.decode()

    plan(nordjylland, staff_user, at(2027, 6, 1, 10))

    page = client.get(url).content.decode()
    assert 'name="agenda_notice_days"' not in page and "kan ikke ændres" in page


def test_council_staff_cannot_make_a_new_version(client, staff_user, period_2026):
    client.force_login(staff_user)
    response = client.post(
        reverse(CHANGELIST),
        {
            "action": "new_rule_version",
            "_selected_action": [period_2026.pk],
            "apply": "1",
            "takes_effect_on": "2028-02-01",
        },
    )
    assert response.status_code == 302 and "login" in response["Location"]
    assert not RuleSetVersion.objects.exists()


def test_the_staff_rules_page_lists_the_versions_of_the_period(client, staff_user, new_rules_from_june_2027):
    client.force_login(staff_user)

    page = client.get(reverse("members:ruleset-detail", args=["nordjylland", "2026-2030"])).content.decode()

    assert "Versioner i valgperioden" in page
    assert f"Fra 1. juni 2027: {new_rules_from_june_2027.rule_set.name}" in page
