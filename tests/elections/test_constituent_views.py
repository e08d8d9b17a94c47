"""The constituent-meeting page (B1 1.3-1.4): staff of the council only; changes by POST."""

from django.urls import reverse

from elections.constituent import services as constituent_services
from elections.models import AllianceDeclaration, ChairElection, ConstituentMeeting
from members.models import ChairRole, Party
from tests.elections.test_constituent_services import (
    EVEN,
    LISTS,
    at,
    constituted,
    imported,
    mayoralty,
    meeting,
    member,
    parties,
    represented,
)


def url(name="constituent-detail", council=None, period="2026-2030"):
    return reverse(f"elections:{name}", args=[council.slug, period])


def ids(*letters):
    return [str(pk) for pk in Party.objects.filter(letter__in=letters).values_list("pk", flat=True)]


def counts():
    return (ConstituentMeeting.objects.count(), AllianceDeclaration.objects.count(), ChairElection.objects.count())


def test_staff_register_the_meeting_declare_an_alliance_run_and_confirm(client, nordjylland, period, staff_user):
    client.force_login(staff_user)
    chosen = meeting(nordjylland)
    response = client.get(url(council=nordjylland))
    assert response.status_code == 200 and "Registrér som konstituerende møde" in response.text
    assert client.post(url("constituent-create", nordjylland), {"meeting": chosen.pk}).status_code == 302
    record = ConstituentMeeting.objects.get()
    constituted_data(nordjylland, period)
    form = {"units": ids("V", "C"), "received_at": "2026-01-07T23:59", "note": "Mail fra V"}
    assert client.post(url("alliance-create", nordjylland), form).status_code == 302
    assert client.post(url("chair-election-run", nordjylland)).status_code == 302
    election = ChairElection.objects.get(constituent=record)
    assert (election.chair_party.letter, election.vice_chair_party.letter) == ("V", "A")
    chair, vice = member(nordjylland, period, "V", "Viggo V"), member(nordjylland, period, "A", "Anne A")
    page = client.get(url(council=nordjylland)).text
    assert "Viggo V" in page and "Grupperne udpeger personerne" in page
    response = client.post(url("chair-election-confirm", nordjylland), {"chair": chair.pk, "vice_chair": vice.pk})
    assert response.status_code == 302
    assert {r.role: r.membership for r in ChairRole.objects.all()} == {"chair": chair, "vice_chair": vice}
    assert "Formand: <strong>Viggo V</strong>" in client.get(url(council=nordjylland)).text


def constituted_data(council, period):
    imported(council, period, None, lists=LISTS)
    represented(council, period)


def test_a_late_declaration_is_refused_in_danish_and_nothing_is_stored(client, nordjylland, period, staff_user):
    constituted(nordjylland, period, staff_user)
    client.force_login(staff_user)
    form = {"units": ids("V", "C"), "received_at": "2026-01-08T00:00"}
    response = client.post(url("alliance-create", nordjylland), form)
    assert response.status_code == 400
    assert (
        "Valgforbundet er anmeldt for sent: fristen var onsdag den 7. januar 2026 kl. 23.59. (B1 1.4)" in response.text
    )
    assert counts() == (1, 0, 0)


def test_bad_input_shows_danish_form_errors_and_changes_nothing(client, nordjylland, period, staff_user):
    constituted(nordjylland, period, staff_user)
    client.force_login(staff_user)
    response = client.post(url("alliance-create", nordjylland), {"units": ids("V"), "received_at": "i går"})
    assert response.status_code == 400
    assert "Et valgforbund skal bestå af mindst to partier (B1 1.4)." in response.text
    assert "Angiv dato og klokkeslæt." in response.text
    response = client.post(url("constituent-create", nordjylland), {"meeting": "999"})
    assert response.status_code == 400
    assert counts() == (1, 0, 0)


def test_a_tie_shows_the_lot_form_and_the_lot_is_recorded_and_shown(client, nordjylland, period, staff_user):
    constituted(nordjylland, period, staff_user, lists=EVEN)
    client.force_login(staff_user)
    client.post(url("chair-election-run", nordjylland))
    page = client.get(url(council=nordjylland)).text
    assert "Uafgjort mellem A og V om plads 1 – der skal trækkes lod." in page
    assert client.post(url("chair-lot-create", nordjylland), {"tied": "A|V", "chosen": "A"}).status_code == 302
    assert ChairElection.objects.get().lots == [{"tied": ["A", "V"], "chosen": "A", "seat": 1}]
    assert "Plads 1: lod mellem A og V faldt på <strong>A</strong>." in client.get(url(council=nordjylland)).text


def test_b1_1_3_the_page_words_the_stored_convener_reasoning_and_what_is_missing(
    client, nordjylland, period, staff_user
):
    mayoralty(nordjylland, "Uden dato", since=None, born=None)
    constituted(nordjylland, period, staff_user)
    client.force_login(staff_user)
    page = client.get(url(council=nordjylland)).text
    assert "Indkalderen kan ikke findes, fordi der mangler oplysninger (B1 1.3)." in page
    assert "Mangler: Uden dato (Aalborg): borgmester uafbrudt siden" in page


def test_a_late_meeting_is_flagged_on_the_page(client, nordjylland, period, staff_user):
    constituted(nordjylland, period, staff_user, starts_at=at(2026, 2, 2, 10, 0))
    client.force_login(staff_user)
    assert (
        "Mødet holdes mandag den 2. februar 2026, efter fristen: det konstituerende møde skal holdes senest "
        "lørdag den 31. januar 2026 (B1 1.3)." in client.get(url(council=nordjylland)).text
    )


def test_anonymous_users_are_sent_to_log_in(client, nordjylland, period):
    response = client.get(url(council=nordjylland))
    assert response.status_code == 302 and "/konto/login/" in response.url


def test_other_councils_staff_get_404_and_members_403(
    client, nordjylland, period, staff_user, other_staff_user, member_user
):
    constituted(nordjylland, period, staff_user)
    client.force_login(other_staff_user)
    assert client.get(url(council=nordjylland)).status_code == 404
    assert client.post(url("chair-election-run", nordjylland)).status_code == 404
    client.force_login(member_user)
    assert client.get(url(council=nordjylland)).status_code == 403
    assert client.post(url("chair-election-run", nordjylland)).status_code == 403
    assert counts() == (1, 0, 0)


def test_changes_are_post_only(client, nordjylland, period, staff_user):
    constituted(nordjylland, period, staff_user)
    client.force_login(staff_user)
    for name in ("constituent-create", "convener-update", "alliance-create", "chair-election-run", "chair-lot-create"):
        assert client.get(url(name, nordjylland)).status_code == 405
    assert client.post(url(council=nordjylland)).status_code == 405
    assert counts() == (1, 0, 0)


def test_the_page_has_a_fixed_number_of_queries(client, nordjylland, period, staff_user, django_assert_num_queries):
    record = constituted(nordjylland, period, staff_user)
    for letters in (("V", "C"), ("A", "Ø")):
        if letters == ("A", "Ø"):
            represented(nordjylland, period, letters=("Ø",))
        constituent_services.declare_alliance(
            record, units=parties(*letters), received_at=at(2026, 1, 5, 12), actor=staff_user
        )
    client.force_login(staff_user)
    # session, user; the user's roles (access, council and navigation in one); period with rule set;
    # constituent meeting with meeting, convener and election; declarations with who recorded them; their
    # units (prefetch); represented units; result set; regional votes; the alliance form's parties. Not one
    # per declaration or per unit.
    with django_assert_num_queries(11):
        response = client.get(url(council=nordjylland))
    assert response.status_code == 200
    assert "A+Ø (valgforbund)" in response.text and "C+V (valgforbund)" in response.text


def test_naming_the_same_person_twice_or_another_unit_is_refused_in_danish(client, nordjylland, period, staff_user):
    constituted(nordjylland, period, staff_user)
    anne, carl = member(nordjylland, period, "A", "Anne A"), member(nordjylland, period, "C", "Carl C")
    client.force_login(staff_user)
    client.post(url("chair-election-run", nordjylland))
    response = client.post(url("chair-election-confirm", nordjylland), {"chair": anne.pk, "vice_chair": carl.pk})
    assert response.status_code == 400
    assert "Vælg blandt de viste medlemmer." in response.text  # the vice-chair seat is V's, not C's
    assert client.get(url("chair-election-confirm", nordjylland)).status_code == 405
    assert not ChairRole.objects.exists()
    assert ChairElection.objects.get().state == ChairElection.State.DECIDED


def test_b1_1_3_staff_preview_and_carry_out_the_handover_in_one_step(client, nordjylland, period, staff_user):
    from datetime import date, timedelta

    from members.models import ElectionPeriod, EndReason, Membership
    from tests.builders import politician, seat

    old_period = ElectionPeriod.objects.get(name="2022-2026")
    old = seat(nordjylland, old_period, politician("Gammel Gert"), starts_on=date(2022, 1, 18))
    record = constituent_services.register_constituent_meeting(meeting(nordjylland), period=period, actor=staff_user)
    seat(nordjylland, period, politician("Ny Nina"), starts_on=record.meeting.meets_on)
    client.force_login(staff_user)
    page = client.get(url("constituent-handover", nordjylland)).text
    assert "Fratræder" in page and "Gammel Gert" in page and "Ny Nina" in page
    assert client.post(url("constituent-handover", nordjylland)).status_code == 302
    old.refresh_from_db()
    assert (old.ends_on, old.end_reason) == (record.meeting.meets_on - timedelta(days=1), EndReason.PERIOD_ENDED)
    assert Membership.objects.filter(ends_on__isnull=True).count() == 1
