"""The meeting cycle as a secretariat runs it, held meetings locked (FO 3.4), no
silent lost update and no 500 on concurrent attendance clicks."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from kkr.errors import RuleViolation
from meetings import services
from meetings.forms import MeetingForm
from meetings.models import AgendaItem, Attendance, Meeting, Publication
from meetings.services import agenda, bilag, sitting
from members.models import Person, SubstituteAssignment
from tests.builders import SEATED_ON, at, make_user, pdf_file, seat_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def future_meeting(nordjylland, period):
    return Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10), location="Aalborg")


@pytest.fixture
def seats(nordjylland, period):
    """Four members, each with a personal substitute who has a login."""
    memberships = seat_members(nordjylland, period, 4)
    for n, membership in enumerate(memberships, start=1):
        user = make_user(f"stedfortraeder{n}")
        person = Person.objects.create(
            name=f"Stedfortræder {n:02d}", municipality=membership.municipality, email=f"sub{n}@kkr.example", user=user
        )
        SubstituteAssignment.objects.create(membership=membership, person=person, starts_on=SEATED_ON)
    return memberships


def sent(meeting, staff_user, now):
    services.publish_agenda(meeting, actor=staff_user, now=now)
    mail.outbox.clear()


def approved(meeting, staff_user):
    for membership in seat_members(meeting.council, meeting.period, 3, prefix="Held"):
        services.record_attendance(meeting, person=membership.person, is_present=True, actor=staff_user)
    item = services.add_item(meeting, actor=staff_user, title="Sag")
    services.record_decision(item, actor=staff_user, decision="Tiltrådt.")
    services.add_attachment(item, actor=staff_user, title="Notat", file=pdf_file())
    services.approve_minutes(meeting, actor=staff_user)
    item.refresh_from_db()
    return item


# --- FO 3.4: held meetings are locked ------------------------------------------------------------------


def test_fo_3_4_approved_minutes_lock_items_decisions_votes_and_attachments(meeting, staff_user):
    item = approved(meeting, staff_user)
    with pytest.raises(RuleViolation, match="Referatet er godkendt"):
        services.record_decision(item, actor=staff_user, decision="Noget andet")
    with pytest.raises(RuleViolation, match="Referatet er godkendt"):
        services.update_item(
            item, actor=staff_user, kind=item.kind, title="Ny", case_presentation="", recommendation="", is_closed=False
        )
    with pytest.raises(RuleViolation, match="Referatet er godkendt"):
        services.add_attachment(item, actor=staff_user, title="Nyt", file=pdf_file())
    with pytest.raises(RuleViolation, match="Referatet er godkendt"):
        services.record_vote(item, actor=staff_user, votes_for=3, votes_against=0)
    item.refresh_from_db()
    assert (item.title, item.decision, item.attachments.count(), item.votes.count()) == ("Sag", "Tiltrådt.", 1, 0)


def test_fo_3_4_nothing_of_a_held_meeting_is_deleted(meeting, staff_user):
    item = approved(meeting, staff_user)
    with pytest.raises(RuleViolation):
        services.remove_item(item, actor=staff_user)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_fo_3_4_staff_reopen_the_minutes_with_a_reason_which_makes_a_new_version(meeting, staff_user):
    item = approved(meeting, staff_user)
    with pytest.raises(RuleViolation, match="Skriv hvorfor"):
        services.reopen_minutes(meeting, actor=staff_user, reason="  ")
    assert meeting.minutes_approved_at is not None
    services.reopen_minutes(meeting, actor=staff_user, reason="Forkert beslutningstekst i punkt 1")
    services.record_decision(item, actor=staff_user, decision="Tiltrådt med ændring.")
    services.approve_minutes(meeting, actor=staff_user)
    meeting.refresh_from_db()
    assert meeting.minutes_version == 2 and meeting.minutes_approved_at is not None
    reasons = list(meeting.history.values_list("minutes_reopen_reason", flat=True))
    assert "Forkert beslutningstekst i punkt 1" in reasons


def test_fo_3_4_reopen_by_view_records_the_reason(client, meeting, staff_user):
    approved(meeting, staff_user)
    client.force_login(staff_user)
    url = reverse("meetings:minutes-reopen", args=["nordjylland", meeting.pk])
    client.post(url, {"reason": ""})
    meeting.refresh_from_db()
    assert meeting.minutes_approved_at is not None
    client.post(url, {"reason": "Rettelse", "version": 1})
    meeting.refresh_from_db()
    assert meeting.minutes_approved_at is None and meeting.minutes_reopen_reason == "Rettelse"


def test_fo_3_4_an_item_removed_from_a_sent_agenda_is_withdrawn_not_deleted(meeting, staff_user):
    first = services.add_item(meeting, actor=staff_user, title="Første")
    second = services.add_item(meeting, actor=staff_user, title="Anden")
    sent(meeting, staff_user, at(2026, 5, 1, 12))
    services.remove_item(first, actor=staff_user)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == AgendaItem.Status.WITHDRAWN and (first.position, second.position) == (1, 2)
    with pytest.raises(RuleViolation, match="allerede udgået"):
        services.remove_item(first, actor=staff_user)


def test_fo_3_4_before_sending_a_removed_item_is_deleted_and_the_numbers_close_up(meeting, staff_user):
    first = services.add_item(meeting, actor=staff_user, title="Første")
    second = services.add_item(meeting, actor=staff_user, title="Anden")
    services.remove_item(first, actor=staff_user)
    second.refresh_from_db()
    assert not AgendaItem.objects.filter(pk=first.pk).exists() and second.position == 1


def test_fo_3_4_a_decision_is_never_overwritten_by_an_invalid_submission(client, meeting, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Orientering", kind=AgendaItem.Kind.ORIENTATION)
    services.record_decision(item, actor=staff_user, decision="Taget til efterretning.")
    client.force_login(staff_user)
    url = reverse("meetings:decision-update", args=["nordjylland", item.pk])
    for bad in ({"decision": "x\x00"}, {"decision": "y", "version": "abc"}):
        client.post(url, bad, headers={"HX-Request": "true"})
    item.refresh_from_db()
    assert item.decision == "Taget til efterretning."


def test_fo_3_4_item_removal_asks_first(client, meeting, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Sag")
    client.force_login(staff_user)
    url = reverse("meetings:item-delete", args=["nordjylland", item.pk])
    page = client.get(url).content.decode()
    assert "Fjern punkt 1: Sag?" in page and "button danger" in page
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    client.post(url)
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


# --- no silent lost update ----------------------------------------------------------


def test_a_stale_item_form_is_refused_with_the_other_change(client, meeting, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Original")
    client.force_login(staff_user)
    url = reverse("meetings:item-update", args=["nordjylland", item.pk])
    form = {"kind": "decision", "case_presentation": "", "recommendation": "", "version": item.version}
    assert client.post(url, {**form, "title": "Første ændring"}).status_code == 302
    response = client.post(url, {**form, "title": "Anden ændring"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "ændret af sekretariat-nordjylland" in page and "«Første ændring»" in page
    item.refresh_from_db()
    assert item.title == "Første ændring" and item.version == 2


def test_a_stale_decision_is_refused_and_says_gemt_only_when_saved(client, meeting, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Orientering", kind=AgendaItem.Kind.ORIENTATION)
    client.force_login(staff_user)
    url = reverse("meetings:decision-update", args=["nordjylland", item.pk])
    first = client.post(url, {"decision": "Første", "version": 1}, headers={"HX-Request": "true"})
    assert "Gemt" in first.content.decode() and 'name="version" value="2"' in first.content.decode()
    second = client.post(url, {"decision": "Anden", "version": 1}, headers={"HX-Request": "true"})
    assert "Gemt" not in second.content.decode() and "ændret" in second.content.decode()
    item.refresh_from_db()
    assert item.decision == "Første"


def test_a_stale_minutes_approval_is_refused(meeting, staff_user):
    approved(meeting, staff_user)
    services.reopen_minutes(meeting, actor=staff_user, reason="Ret")
    with pytest.raises(agenda.StaleEdit):
        services.approve_minutes(meeting, actor=staff_user, version=1)


# --- concurrent attendance clicks ------------------------------------------------------


def test_concurrent_attendance_clicks_for_one_seat_give_a_danish_message(
    client, meeting, staff_user, seats, monkeypatch
):
    membership = seats[0]
    services.record_absence_notice(meeting, membership=membership, actor=staff_user, now=at(2026, 5, 1, 9))
    substitute = membership.substitutes.get().person
    original = sitting.save

    def racing_save(obj, actor, **kwargs):  # the other click commits between our check and our insert
        if isinstance(obj, Attendance) and obj.pk is None:
            Attendance.objects.create(
                meeting=meeting, person=membership.person, capacity="member", membership=membership, is_present=True
            )
        return original(obj, actor, **kwargs)

    monkeypatch.setattr(sitting, "save", racing_save)
    client.force_login(staff_user)
    response = client.post(
        reverse("meetings:attendance-update", args=["nordjylland", meeting.pk]),
        {"present": substitute.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "samtidig" in response.content.decode()
    assert not meeting.attendances.filter(person=substitute).exists()


def test_an_integrity_error_in_attendance_becomes_a_rule_violation(meeting, staff_user, members, monkeypatch):
    def clash(*args, **kwargs):
        raise IntegrityError("attendance_seat_counts_once")

    monkeypatch.setattr(sitting, "_record_attendance", clash)
    with pytest.raises(RuleViolation, match="samtidig"):
        services.record_attendance(meeting, person=members[0].person, is_present=True, actor=staff_user)


# --- Nothing before the meeting starts; planning in the past asks first --------------------------------


def test_attendance_votes_decisions_and_minutes_wait_for_the_start(future_meeting, staff_user, members):
    item = services.add_item(future_meeting, actor=staff_user, title="Sag")
    before = future_meeting.starts_at - timedelta(minutes=1)
    with pytest.raises(RuleViolation, match="ikke begyndt"):
        services.record_attendance(future_meeting, person=members[0].person, is_present=True, actor=staff_user)
    with pytest.raises(RuleViolation, match="ikke begyndt"):
        services.record_vote(item, actor=staff_user, votes_for=1, votes_against=0)
    with pytest.raises(RuleViolation, match="ikke begyndt"):
        services.record_decision(item, actor=staff_user, decision="x", now=before)
    with pytest.raises(RuleViolation, match="ikke begyndt"):
        services.approve_minutes(future_meeting, actor=staff_user, now=before)
    services.record_attendance(
        future_meeting, person=members[0].person, is_present=True, actor=staff_user, now=future_meeting.starts_at
    )


def test_planning_a_meeting_in_the_past_asks_for_confirmation(nordjylland):
    past = (timezone.localtime() - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    data = {"kind": "ordinary", "starts_at": past, "location": "Aalborg"}
    form = MeetingForm(data)
    assert not form.is_valid() and "fortiden" in str(form.errors["confirm_past"])
    assert MeetingForm({**data, "confirm_past": "on"}).is_valid()


def test_a_meeting_ends_after_it_starts(nordjylland):
    form = MeetingForm(
        {"kind": "ordinary", "starts_at": "2027-03-02T10:00", "ends_at": "2027-03-02T09:00", "location": "A"}
    )
    assert not form.is_valid() and "slutte efter" in str(form.errors["ends_at"])


def test_the_calendar_event_ends_at_the_meetings_end(future_meeting):
    from meetings.feeds import meeting_event

    assert meeting_event(future_meeting, host="x").decoded("dtend") == future_meeting.starts_at + timedelta(hours=2)
    future_meeting.ends_at = at(2027, 3, 2, 15)
    assert meeting_event(future_meeting, host="x").decoded("dtend") == at(2027, 3, 2, 15)


# --- Cancellation, supplementary items, postponed items ---------------------------------------------------


def test_cancelling_asks_first_then_e_mails_members_and_substitutes_with_the_reason(
    client, future_meeting, staff_user, seats, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    url = reverse("meetings:meeting-cancel", args=["nordjylland", future_meeting.pk])
    page = client.get(url).content.decode()
    assert "får 8 medlemmer og stedfortrædere en e-mail" in page
    assert client.post(url, {"reason": ""}).status_code == 400
    future_meeting.refresh_from_db()
    assert future_meeting.is_planned and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Formanden er syg"})
    future_meeting.refresh_from_db()
    assert future_meeting.is_cancelled and future_meeting.sequence == 1
    (message,) = mail.outbox
    assert message.subject.startswith("Aflyst:") and "Formanden er syg" in message.body and len(message.bcc) == 8


def test_an_item_added_after_sending_is_a_supplementary_item_numbered_last(
    future_meeting, staff_user, seats, django_capture_on_commit_callbacks
):
    services.add_item(future_meeting, actor=staff_user, title="Sag")
    closing = services.add_item(future_meeting, actor=staff_user, title="Eventuelt")
    AgendaItem.objects.filter(pk=closing.pk).update(is_kept_last=True)
    sent(future_meeting, staff_user, at(2027, 2, 1, 12))
    with django_capture_on_commit_callbacks(execute=True):
        extra = services.add_item(future_meeting, actor=staff_user, title="Hastesag")
        assert extra.is_supplementary and extra.position == 3
        services.publish_supplement(future_meeting, actor=staff_user)  # its PDF and e-mail: test_supplement.py
    message = mail.outbox[0]  # one per recipient
    assert "Tillæg" in message.subject and "Tillæg – punkt 3. Hastesag" in message.body
    with pytest.raises(RuleViolation, match="numre ligger fast"):
        services.move_item(extra, actor=staff_user, up=True)


def test_a_supplementary_item_is_marked_in_the_next_version_of_the_agenda(future_meeting, staff_user):
    services.add_item(future_meeting, actor=staff_user, title="Sag")
    sent(future_meeting, staff_user, at(2027, 2, 1, 12))
    services.add_item(future_meeting, actor=staff_user, title="Hastesag")
    members_version, _ = services.publish_agenda(
        future_meeting, actor=staff_user, now=at(2027, 2, 2, 12), change_note="Hastesag"
    )
    assert members_version.content["items"][1]["is_supplementary"] is True


def test_a_postponed_item_is_carried_over_to_the_later_meeting(meeting, future_meeting, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Trafikplan", case_presentation="Tekst")
    carried = services.postpone_item(item, actor=staff_user, to_meeting=future_meeting)
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.POSTPONED
    assert (carried.meeting, carried.title, carried.carried_from) == (future_meeting, "Trafikplan", item)
    with pytest.raises(RuleViolation):
        services.postpone_item(carried, actor=staff_user, to_meeting=meeting)


# --- Afbud and substitutes ----------------------------------------------------------------------------------


def test_fo_3_9_staff_register_an_afbud_and_the_substitute_is_summoned(
    client, future_meeting, staff_user, seats, django_capture_on_commit_callbacks
):
    services.add_item(
        future_meeting, actor=staff_user, title="Personsag", case_presentation="FORTROLIGT", is_closed=True
    )
    services.publish_agenda(future_meeting, actor=staff_user, now=at(2027, 2, 1, 12))
    Publication.objects.update(state=Publication.State.READY)
    mail.outbox.clear()
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("meetings:absence-register", args=["nordjylland", future_meeting.pk]),
            {"membership": seats[0].pk, "confirmed": "1"},
        )
    (summons,) = mail.outbox
    assert summons.bcc == ["sub1@kkr.example"] and "Medlem 01 har meldt afbud" in summons.body
    assert f"/medlem/moeder/{future_meeting.pk}/" in summons.body and "/dokumenter/" in summons.body
    assert future_meeting.absence_notices.get().substitute_summoned_at is not None


def test_b1_1_8_a_substitute_sees_closed_material_only_of_the_meeting_they_are_summoned_to(
    client, future_meeting, staff_user, seats, nordjylland, period
):
    other = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 4, 6, 10), location="A")
    for meeting in (future_meeting, other):
        services.add_item(meeting, actor=staff_user, title="Personsag", case_presentation="FORTROLIGT", is_closed=True)
        services.publish_agenda(meeting, actor=staff_user, now=at(2027, 2, 1, 12))
    services.record_absence_notice(future_meeting, membership=seats[0], actor=staff_user, now=at(2027, 2, 2, 12))
    client.force_login(seats[0].substitutes.get().person.user)

    def page(meeting):
        return client.get(reverse("meetings:member-meeting", args=["nordjylland", meeting.pk])).content.decode()

    assert "FORTROLIGT" in page(future_meeting)
    assert "FORTROLIGT" not in page(other) and "Lukket punkt" in page(other)  # no closed title
    members_pdf = other.publications.get(audience=Publication.Audience.MEMBERS)
    Publication.objects.update(state=Publication.State.READY, file="publikationer/x.pdf")
    assert client.get(reverse("meetings:publication-pdf", args=[members_pdf.pk])).status_code == 404


def test_fo_3_9_an_afbud_can_be_withdrawn_before_the_meeting(future_meeting, staff_user, seats):
    notice = services.record_absence_notice(future_meeting, membership=seats[0], actor=staff_user)
    services.withdraw_absence_notice(notice, actor=staff_user)
    assert not future_meeting.absence_notices.exists()


# --- Attendance: alle til stede ---------------------------------------------------------------------------


def test_fo_3_7_alle_til_stede_marks_every_seated_member_without_afbud(client, meeting, staff_user, seats):
    services.record_absence_notice(meeting, membership=seats[0], actor=staff_user, now=at(2026, 5, 1, 9))
    client.force_login(staff_user)
    client.post(reverse("meetings:attendance-all-present", args=["nordjylland", meeting.pk]))
    present = set(meeting.attendances.filter(is_present=True).values_list("person__name", flat=True))
    assert present == {"Medlem 02", "Medlem 03", "Medlem 04"}


def test_attendance_by_htmx_returns_only_the_row_and_the_quorum(client, meeting, staff_user, seats):
    client.force_login(staff_user)
    response = client.post(
        reverse("meetings:attendance-update", args=["nordjylland", meeting.pk]),
        {"absent": seats[1].person.pk},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert page.count("<tr") == 1 and f'id="row-{seats[1].person.pk}"' in page and "is-absent" in page
    assert response.headers["HX-Retarget"] == f"#row-{seats[1].person.pk}"  # the sheet is one form: this row
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert 'hx-swap-oob="true"' in page and "0 af 4 pladser besat" in page


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)


def test_the_decision_written_in_place_is_the_form_the_sitting_page_prints(client, meeting, staff_user):
    """The sitting page prints each item's decision form; the htmx answer of decision-update renders that part of
    the page (``meeting_sitting.html#decision-form``), so the two are one markup (the status line aside)."""
    item = services.add_item(meeting, actor=staff_user, title="Orientering", kind=AgendaItem.Kind.ORIENTATION)
    client.force_login(staff_user)
    url = reverse("meetings:decision-update", args=["nordjylland", item.pk])
    answer = client.post(url, {"decision": "Taget til efterretning", "version": 1}, headers={"HX-Request": "true"})
    page = client.get(reverse("meetings:meeting-sitting", args=["nordjylland", meeting.pk])).content.decode()
    form = re.search(rf'<form id="decision-form-{item.pk}".*?</form>\n', page, re.S).group(0)
    swapped = answer.content.decode().replace('<span class="ok">Gemt ✓</span>', "")
    assert _without_tokens(swapped).strip() == _without_tokens(form).strip()
    assert "Gemt ✓" in answer.content.decode() and ">Taget til efterretning</textarea>" in form
    templates = Path(settings.BASE_DIR, "templates")
    written = [p.name for p in templates.rglob("*.html") if 'id="decision-form-' in p.read_text()]
    assert written == ["meeting_sitting.html"]  # one markup: the page's partial, no copy for the htmx answer


def test_the_attendance_row_swapped_in_is_the_row_the_sitting_page_prints(client, meeting, staff_user, seats):
    client.force_login(staff_user)
    person = seats[1].person.pk
    answer = client.post(
        reverse("meetings:attendance-update", args=["nordjylland", meeting.pk]),
        {"absent": person},
        headers={"HX-Request": "true"},
    ).content.decode()
    page = client.get(reverse("meetings:meeting-sitting", args=["nordjylland", meeting.pk])).content.decode()
    row = re.compile(rf'<tr id="row-{person}".*?</tr>', re.S)
    assert row.search(answer).group(0) == row.search(page).group(0)


# --- Rich text ------------------------------------------------------------------------------------------------


def test_rich_text_keeps_lists_and_tables_and_drops_scripts(meeting, staff_user):
    item = services.add_item(
        meeting,
        actor=staff_user,
        title="Sag",
        case_presentation='<p onclick="x()">Afsnit</p><script>alert(1)</script><ul><li>Et</li></ul>'
        "<table><tr><td>1</td></tr></table>",
    )
    assert "script" not in item.case_presentation and "onclick" not in item.case_presentation
    assert "<ul><li>Et</li></ul>" in item.case_presentation and "<td>1</td>" in item.case_presentation


# --- Agenda conventions from real KKR agendas ---------------------------------------------------------------


def test_default_standing_sections_follow_real_agendas_and_cases_go_between(nordjylland, staff_user):
    services.create_default_standing_items(nordjylland, actor=staff_user)
    meeting = services.plan_meeting(
        nordjylland, actor=staff_user, kind=Meeting.Kind.ORDINARY, starts_at=at(2027, 3, 2, 10), location="A"
    )
    services.add_item(meeting, actor=staff_user, title="Regional trafikplan")
    assert list(meeting.items.values_list("title", flat=True)) == [
        "Godkendelse af referat fra forrige møde",
        "Meddelelser",
        "Regional trafikplan",
        "Udpegninger",
        "Punkter til næste møde",
        "Eventuelt",
    ]
    with pytest.raises(RuleViolation):
        services.create_default_standing_items(nordjylland, actor=staff_user)


def test_b1_1_3_a_constituent_meeting_starts_from_the_items_real_constituent_meetings_have(nordjylland, staff_user):
    meeting = services.plan_meeting(
        nordjylland, actor=staff_user, kind=Meeting.Kind.CONSTITUENT, starts_at=at(2027, 1, 12, 10), location="A"
    )
    titles = list(meeting.items.values_list("title", flat=True))
    assert titles[0] == "Godkendelse af valg og sammensætning af KKR" and titles[2] == "Valg af formand og næstformand"
    assert titles[-2:] == ["Mødeplan", "Eventuelt"]


def test_fo_3_9_the_members_page_shows_the_afbud_and_the_member_withdraws_it(client, future_meeting, member_user):
    client.force_login(member_user)
    client.post(reverse("meetings:absence-create", args=["nordjylland", future_meeting.pk]), {"note": "Syg"})
    page = client.get(reverse("meetings:member-meeting", args=["nordjylland", future_meeting.pk])).content.decode()
    assert "Du har meldt afbud" in page
    client.post(reverse("meetings:absence-withdraw-own", args=["nordjylland", future_meeting.pk]))
    assert not future_meeting.absence_notices.exists()


# --- Attachments -----------------------------------------------------------------------------------------------


def test_a_bilag_is_opened_on_its_own_replaced_and_removed_before_sending(
    client, future_meeting, staff_user, member_user
):
    item = services.add_item(future_meeting, actor=staff_user, title="Sag")
    attachment = services.add_attachment(item, actor=staff_user, title="Bilag 1.1: Notat", file=pdf_file())
    assert attachment.title == "Notat"
    url = reverse("meetings:attachment-file", args=[attachment.pk])
    client.force_login(member_user)
    assert client.get(url).status_code == 404  # not sent yet
    client.force_login(staff_user)
    assert client.get(url).status_code == 200
    services.replace_attachment(attachment, actor=staff_user, file=pdf_file("ny.pdf"), title="Nyt notat")
    assert attachment.title == "Nyt notat"
    delete = reverse("meetings:attachment-delete", args=["nordjylland", attachment.pk])
    assert "Fjern bilaget «Nyt notat»" in client.get(delete).content.decode()
    client.post(delete)
    assert not item.attachments.exists()


def test_after_sending_a_bilag_is_readable_by_members_and_is_removed_only_with_a_change_note(
    client, future_meeting, staff_user, member_user
):
    item = services.add_item(future_meeting, actor=staff_user, title="Sag", is_closed=True)
    attachment = services.add_attachment(item, actor=staff_user, title="Notat", file=pdf_file())
    sent(future_meeting, staff_user, at(2027, 2, 1, 12))
    with pytest.raises(RuleViolation, match="Skriv kort, hvad der er ændret"):
        services.remove_attachment(attachment, actor=staff_user)
    client.force_login(member_user)
    assert client.get(reverse("meetings:attachment-file", args=[attachment.pk])).status_code == 200
    client.logout()
    assert client.get(reverse("meetings:attachment-file", args=[attachment.pk])).status_code == 404


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Bilag 3.1: Notat", "Notat"), ("Bilag 2 – Budget", "Budget"), ("Bilagsmappe", "Bilagsmappe"), ("Notat", "Notat")],
)
def test_a_bilag_title_is_not_prefixed_twice(typed, stored):
    assert bilag.bare_title(typed) == stored


# --- Query counts: constant with 58 members and 40 items, whatever has been recorded ---------------------------


@pytest.fixture
def big_sitting(meeting, staff_user, nordjylland, period):
    """A started meeting: 58 members, 40 items (every fourth closed, some withdrawn/supplementary)."""
    memberships = seat_members(nordjylland, period, 58)
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=n,
            title=f"Punkt {n}",
            is_closed=n % 4 == 0,
            is_supplementary=n > 38,
            status=AgendaItem.Status.WITHDRAWN if n == 5 else AgendaItem.Status.ACTIVE,
        )
        for n in range(1, 41)
    )
    return meeting, memberships


def test_the_sitting_page_stays_at_constant_queries_with_58_members_marked(
    client, big_sitting, staff_user, django_assert_num_queries
):
    meeting, memberships = big_sitting
    client.force_login(staff_user)
    url = reverse("meetings:meeting-sitting", args=["nordjylland", meeting.pk])
    client.get(url)
    # session, user, the user's roles (access, council and navigation in one), meeting, roster ×2 (the
    # seats; substitutes, leaves, chair roles and observers), attendance marks and notices in one (the quorum
    # counts the marks too), items with their votes
    with django_assert_num_queries(8):
        client.get(url)
    services.mark_all_present(meeting, actor=staff_user)
    for membership in memberships[:2]:
        services.record_attendance(meeting, person=membership.person, is_present=False, actor=staff_user)
    with django_assert_num_queries(8):
        page = client.get(url).content.decode()
    assert "56 af 58 pladser besat" in page and page.count('class="attendance-row is-present"') == 56


def test_the_agenda_page_stays_at_constant_queries_after_sending(
    client, big_sitting, staff_user, django_assert_num_queries
):
    meeting, _ = big_sitting
    client.force_login(staff_user)
    url = reverse("meetings:meeting-detail", args=["nordjylland", meeting.pk])
    client.get(url)
    # session, user, roles, meeting, items with attachments, proposals, publications (tests/meetings/test_views.py)
    with django_assert_num_queries(7):
        client.get(url)
    Publication.objects.create(
        meeting=meeting, kind="agenda", audience="members", version=1, content={}, requested_at=timezone.now()
    )
    with django_assert_num_queries(7):
        page = client.get(url).content.decode()
    assert page.count("Tillæg – ") == 2 and "Udgået" in page


def test_one_attendance_click_costs_the_same_queries_with_58_members(
    client, big_sitting, staff_user, django_assert_max_num_queries
):
    meeting, memberships = big_sitting
    client.force_login(staff_user)
    url = reverse("meetings:attendance-update", args=["nordjylland", meeting.pk])
    with django_assert_max_num_queries(40):
        response = client.post(url, {"present": memberships[10].person.pk}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "1 af 58 pladser besat" in response.content.decode()


def test_a_withdrawn_item_gets_no_decision(meeting, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Sag", kind=AgendaItem.Kind.ORIENTATION)
    sent(meeting, staff_user, at(2026, 5, 1, 12))
    services.remove_item(item, actor=staff_user)
    with pytest.raises(RuleViolation, match="udgået"):
        services.record_decision(item, actor=staff_user, decision="Taget til efterretning.")


def test_removing_a_vote_asks_for_a_reason_and_looks_harmful(client, meeting, staff_user, members):
    """Safe actions: a button that does harm is visually apart from those that don't."""
    for membership in members:
        services.record_attendance(meeting, person=membership.person, is_present=True, actor=staff_user)
    item = services.add_item(meeting, actor=staff_user, title="Sag")
    vote = services.record_vote(item, actor=staff_user, votes_for=3, votes_against=1)
    client.force_login(staff_user)
    page = client.get(reverse("meetings:vote-correct", args=["nordjylland", vote.pk])).content.decode()
    removal = page[page.index(reverse("meetings:vote-remove", args=["nordjylland", vote.pk])) :]
    removal = removal[: removal.index("</form>")]
    assert 'name="reason"' in removal and "required" in removal
    assert '<button type="submit" class="button danger">Fjern afstemningen</button>' in removal


# --- the sitting page as one attendance form; vote forms open from a link ----------------------


def sitting_url(meeting):
    return reverse("meetings:meeting-sitting", args=["nordjylland", meeting.pk])


def test_the_attendance_sheet_is_one_form_whose_buttons_carry_the_person(client, meeting, staff_user, seats):
    client.force_login(staff_user)
    page = client.get(sitting_url(meeting)).content.decode()
    sheet = page[page.index('id="attendance-form"') : page.index("</table>")]
    assert sheet.count("csrfmiddlewaretoken") == 1 and sheet.count("<form") == 0
    person = seats[1].person.pk
    assert f'id="absent-{person}" name="absent" value="{person}"' in sheet and 'aria-pressed="false"' in sheet
    assert f'<span class="visually-hidden">: {seats[1].person.name}</span>' in sheet


def test_attendance_without_javascript_posts_the_sheet_and_comes_back(client, meeting, staff_user, seats):
    client.force_login(staff_user)
    url = reverse("meetings:attendance-update", args=["nordjylland", meeting.pk])
    response = client.post(url, {"absent": seats[2].person.pk})
    assert response.status_code == 302 and response.url == sitting_url(meeting)
    assert meeting.attendances.get(person=seats[2].person).is_present is False


@pytest.mark.parametrize("data", [{}, {"present": 1, "absent": 1}, {"present": "x"}])
def test_an_attendance_click_needs_exactly_one_person_and_state(client, meeting, staff_user, seats, data):
    client.force_login(staff_user)
    url = reverse("meetings:attendance-update", args=["nordjylland", meeting.pk])
    assert client.post(url, data, headers={"HX-Request": "true"}).status_code == 400
    assert not meeting.attendances.exists()


def test_before_the_meeting_the_sheet_registers_and_withdraws_afbud_by_button(
    client, future_meeting, staff_user, seats
):
    services.record_absence_notice(future_meeting, membership=seats[0], actor=staff_user, now=at(2026, 5, 1, 9))
    client.force_login(staff_user)
    page = client.get(sitting_url(future_meeting)).content.decode()
    withdraw = reverse("meetings:absence-withdraw", args=["nordjylland", future_meeting.pk])
    assert f'action="{reverse("meetings:absence-register", args=["nordjylland", future_meeting.pk])}"' in page
    assert f'formaction="{withdraw}" name="membership" value="{seats[0].pk}"' in page
    assert f'name="membership" value="{seats[1].pk}" class="link-button">Registrér afbud' in page
    assert 'name="present"' not in page


def test_the_vote_form_opens_in_place_with_htmx_and_on_its_own_page_without(client, meeting, staff_user, members):
    for membership in members:
        services.record_attendance(meeting, person=membership.person, is_present=True, actor=staff_user)
    item = services.add_item(meeting, actor=staff_user, title="Sag")
    client.force_login(staff_user)
    url = reverse("meetings:vote-create", args=["nordjylland", item.pk])
    page = client.get(sitting_url(meeting)).content.decode()
    assert f'<a href="{url}" hx-get="{url}"' in page and 'name="votes_for"' not in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith("<form") and "<html" not in fragment and "autofocus" in fragment
    full = client.get(url).content.decode()
    assert "<html" in full and 'name="token"' in full and f'href="{sitting_url(meeting)}#item-{item.pk}"' in full
    orientation = services.add_item(meeting, actor=staff_user, title="Orientering", kind=AgendaItem.Kind.ORIENTATION)
    refused = client.get(reverse("meetings:vote-create", args=["nordjylland", orientation.pk])).content.decode()
    assert "Der kan ikke registreres en afstemning" in refused and 'name="votes_for"' not in refused


def test_a_vote_of_approved_minutes_offers_no_correction(client, meeting, staff_user, members):
    for membership in members:
        services.record_attendance(meeting, person=membership.person, is_present=True, actor=staff_user)
    item = services.add_item(meeting, actor=staff_user, title="Sag")
    vote = services.record_vote(item, actor=staff_user, votes_for=3, votes_against=1)
    client.force_login(staff_user)
    url = reverse("meetings:vote-correct", args=["nordjylland", vote.pk])
    assert 'name="reason"' in client.get(url).content.decode()
    services.approve_minutes(meeting, actor=staff_user)
    page = client.get(url).content.decode()
    assert 'name="reason"' not in page and "Referatet er godkendt" in page
    assert url not in client.get(sitting_url(meeting)).content.decode()
