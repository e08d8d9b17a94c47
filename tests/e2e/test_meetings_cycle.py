"""In a real browser, the meeting cycle as a secretariat runs it: cancelling with a reason e-mails the
members; an item added after sending is a supplementary item (Tillæg), sent to the members as its own PDF; an
afbud summons the personal substitute, who then sees that meeting's closed item; attendance for 58 members with
"alle til stede" and two exceptions, keyboard focus staying on the row."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from meetings import services
from meetings.models import Attendance, Meeting
from meetings.richtext import plain_text
from members.models import ElectionPeriod, Person, SubstituteAssignment
from tests.builders import SEATED_ON, at, make_user, seat_members
from tests.e2e.a11y import assert_accessible, assert_fits
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def planned(council, starts_at=None):
    return Meeting.objects.create(
        council=council,
        period=ElectionPeriod.objects.get(name="2026-2030"),
        starts_at=starts_at or at(2027, 3, 2, 10),
        location="Aalborg Rådhus",
    )


def staff_page(live_server, meeting, tail=""):
    return f"{live_server.url}/kkr/nordjylland/sekretariat/moeder/{meeting.pk}/{tail}"


def test_staff_cancel_a_meeting_and_the_members_get_the_cancellation(page, live_server, staff_user, nordjylland):
    seat_members(nordjylland, ElectionPeriod.objects.get(name="2026-2030"), 3)
    meeting = planned(nordjylland)
    log_in(page, live_server, staff_user.username)
    page.goto(staff_page(live_server, meeting))
    page.get_by_role("link", name="Aflys mødet …").click()
    assert page.get_by_text("får 3 medlemmer og stedfortrædere en e-mail").is_visible()
    assert not mail.outbox
    page.get_by_label("Begrundelse").fill("Formanden er forhindret")
    page.get_by_role("button", name="Aflys mødet og send e-mail").click()
    page.get_by_text("Mødet er aflyst.").wait_for()
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancel_reason == "Formanden er forhindret"
    (message,) = mail.outbox
    assert message.subject.startswith("Aflyst:") and "Formanden er forhindret" in message.body
    assert sorted(message.bcc) == ["medlem1@kkr.example", "medlem2@kkr.example", "medlem3@kkr.example"]


def test_staff_add_a_supplementary_item_after_sending_and_members_get_tillaeg(
    page, live_server, staff_user, nordjylland
):
    seat_members(nordjylland, ElectionPeriod.objects.get(name="2026-2030"), 2)
    meeting = planned(nordjylland)
    services.add_item(meeting, actor=staff_user, title="Regional trafikplan")
    services.publish_agenda(meeting, actor=staff_user, now=at(2027, 2, 1, 12))
    mail.outbox.clear()
    log_in(page, live_server, staff_user.username)
    page.goto(staff_page(live_server, meeting))
    page.locator("details", has_text="Tilføj punkt").locator("summary").click()
    page.get_by_label("Titel").fill("Hastesag om beredskab")
    page.get_by_role("button", name="Tilføj punkt").click()
    page.get_by_role("heading", name="Tillæg – 2. Hastesag om beredskab").wait_for()
    assert not mail.outbox  # the Tillæg is sent when its bilag are on: staff send it, after a confirmation
    page.get_by_role("link", name="Udsend tillæg …").click()
    assert page.get_by_text("Tillæg – 2. Hastesag om beredskab").is_visible()
    page.get_by_role("button", name="Offentliggør tillægget").click()
    page.get_by_text("Tillægget er sendt til offentliggørelse som version 1.").wait_for()
    message = mail.outbox[0]
    assert "Tillæg" in message.subject and "Hastesag om beredskab" in message.body
    assert "/dokumenter/" in message.body  # the Tillæg PDF
    assert sorted(m.to[0] for m in mail.outbox) == ["medlem1@kkr.example", "medlem2@kkr.example"]  # one each


def test_staff_register_an_afbud_and_the_substitute_is_summoned_and_sees_the_closed_item(
    page, live_server, staff_user, nordjylland
):
    (membership,) = seat_members(nordjylland, ElectionPeriod.objects.get(name="2026-2030"), 1)
    user = make_user("stedfortraeder")
    substitute = Person.objects.create(
        name="Stedfortræder Sørensen", municipality=membership.municipality, email="sub@kkr.example", user=user
    )
    SubstituteAssignment.objects.create(membership=membership, person=substitute, starts_on=SEATED_ON)
    meeting = planned(nordjylland)
    services.add_item(meeting, actor=staff_user, title="Personsag", case_presentation="FORTROLIGT", is_closed=True)
    services.publish_agenda(meeting, actor=staff_user, now=at(2027, 2, 1, 12))
    mail.outbox.clear()

    log_in(page, live_server, staff_user.username)
    page.goto(staff_page(live_server, meeting, "moedet/"))
    page.locator(f"#row-{membership.person.pk}").get_by_role("button", name="Registrér afbud").click()
    page.get_by_role("button", name="Registrér afbuddet og send e-mail").click()  # it asks first: an e-mail goes
    page.get_by_text("Stedfortræderen er indkaldt pr. e-mail.").wait_for()
    (summons,) = [m for m in mail.outbox if "sub@kkr.example" in m.bcc]
    assert "Indkaldelse som stedfortræder" in summons.subject and f"/medlem/moeder/{meeting.pk}/" in summons.body

    page.context.clear_cookies()
    log_in(page, live_server, "stedfortraeder")
    page.goto(f"{live_server.url}/kkr/nordjylland/medlem/moeder/{meeting.pk}/")
    page.get_by_text("FORTROLIGT").wait_for()


def test_attendance_for_58_members_with_alle_til_stede_and_two_exceptions(page, live_server, staff_user, nordjylland):
    members = seat_members(nordjylland, ElectionPeriod.objects.get(name="2026-2030"), 58)
    meeting = planned(nordjylland, starts_at=at(2026, 5, 12, 10))
    log_in(page, live_server, staff_user.username)
    started = time.monotonic()
    page.goto(staff_page(live_server, meeting, "moedet/"))
    page.get_by_role("button", name="Alle til stede").click()
    page.get_by_text("58 af 58 pladser besat").wait_for()
    for membership in members[4:6]:
        page.locator(f"#row-{membership.person.pk}").get_by_role("button", name="Fraværende").click()
        page.locator(f"#row-{membership.person.pk}.is-absent").wait_for()
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        assert focused == f"absent-{membership.person.pk}"
    page.get_by_text("56 af 58 pladser besat").wait_for()
    assert time.monotonic() - started < 60
    absent = Attendance.objects.filter(meeting=meeting, is_present=False).values_list("person__name", flat=True)
    assert sorted(absent) == ["Medlem 05", "Medlem 06"]
    assert Attendance.objects.filter(meeting=meeting, is_present=True).count() == 56


def test_a_decision_saves_in_place_with_a_visible_gemt(page, live_server, staff_user, nordjylland):
    meeting = planned(nordjylland, starts_at=at(2026, 5, 12, 10))
    for n in range(1, 13):
        services.add_item(meeting, actor=staff_user, title=f"Orientering {n}", kind="orientation")
    log_in(page, live_server, staff_user.username)
    page.goto(staff_page(live_server, meeting, "moedet/"))
    last = meeting.items.order_by("-position").first()
    page.locator(f"#decision-form-{last.pk} .rich-area").fill("Taget til efterretning.")  # the rich-text editor
    scrolled = page.evaluate("window.scrollY")
    page.get_by_role("button", name=f"Gem beslutning for punkt {last.position}").click()
    page.locator(f"#decision-form-{last.pk}").get_by_text("Gemt").wait_for()
    assert page.evaluate("window.scrollY") == scrolled and scrolled > 0
    last.refresh_from_db()
    assert plain_text(last.decision).strip() == "Taget til efterretning." and last.version == 2


def test_a_vote_form_opens_in_the_item_by_keyboard_and_records_one_vote(page, live_server, staff_user, nordjylland):
    """the sitting page links each vote form; htmx opens it in the item with focus on its first field,
    the page stays accessible and fits 390 px, and the vote is recorded once."""
    members = seat_members(nordjylland, ElectionPeriod.objects.get(name="2026-2030"), 4)
    meeting = planned(nordjylland, starts_at=at(2026, 5, 12, 10))
    item = services.add_item(meeting, actor=staff_user, title="Regional trafikplan")
    for membership in members:
        services.record_attendance(meeting, person=membership.person, is_present=True, actor=staff_user)
    log_in(page, live_server, staff_user.username)
    page.goto(staff_page(live_server, meeting, "moedet/"))
    assert_accessible(page)
    assert_fits(page, 390)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name=f"Registrér afstemning om punkt {item.position}").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#vote-{item.pk}-subject")).to_be_focused()  # htmx focuses it once the swap settles
    assert page.url.endswith("/moedet/")  # in place, not another page
    # htmx has finished swapping and settling before the form is filled and posted
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    page.get_by_label("For", exact=True).fill("3")
    page.get_by_label("Imod", exact=True).fill("1")
    form = page.locator(f"#vote-form-{item.pk}")
    form.get_by_role("button", name="Registrér", exact=True).click()  # posts; the sitting page comes back
    try:
        page.get_by_text("Indstillingen blev vedtaget med 3 stemmer for og 1 imod").first.wait_for(timeout=30_000)
    except Exception as error:  # say what the page showed instead
        raise AssertionError(f"{page.url}: {page.locator('main').inner_text()[:3000]}") from error
    assert item.votes.count() == 1
    page.get_by_role("link", name=f"Ret eller fjern afstemningen «Indstillingen» om punkt {item.position}").click()
    page.get_by_role("button", name="Fjern afstemningen").wait_for()
    assert_accessible(page)


def test_a_late_arrival_recorded_on_the_sitting_page_shows_per_item_and_in_the_minutes(
    page, live_server, staff_user, nordjylland
):
    """FO 3.9: staff record a late arrival by keyboard (at 390 px); the sheet and each item say who was
    present and who led there, and the minutes say the same as the votes."""
    from meetings import documents
    from meetings.models import Publication, Vote
    from tests.meetings.pdftext import pdf_text

    members = seat_members(nordjylland, ElectionPeriod.objects.get(name="2026-2030"), 4)
    meeting = planned(nordjylland, starts_at=at(2026, 5, 12, 10))
    first = services.add_item(meeting, actor=staff_user, title="Regional trafikplan")
    services.add_item(meeting, actor=staff_user, title="Klimaplan")
    for membership in (members[0], members[1], members[3]):
        services.record_attendance(meeting, person=membership.person, is_present=True, actor=staff_user)
    services.record_attendance(meeting, person=members[2].person, is_present=False, actor=staff_user)
    services.record_vote(first, actor=staff_user, votes_for=2, votes_against=1)
    log_in(page, live_server, staff_user.username)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(staff_page(live_server, meeting, "moedet/"))
    page.get_by_text("Registrér ankomst eller afgang (FO 3.9)").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Person").select_option(label="Medlem 03")
    page.get_by_label("Ankomst – til stede fra punktet").check()
    expect(page.get_by_label("Fra punkt", exact=True)).to_have_value("2")  # the current item: item 1 has its vote
    page.get_by_label("Klokkeslæt (valgfrit)").fill("10:40")
    page.get_by_label("Klokkeslæt (valgfrit)").press("Enter")
    page.get_by_text("Registreret: Medlem 03 ankom til punkt 2.").wait_for()
    row = page.locator(f"#row-{members[2].person.pk}")
    expect(row).to_contain_text("Ankom til punkt 2 kl. 10.40")
    expect(page.locator("#quorum")).to_contain_text("Ved punkt 2: Beslutningsdygtigt: 4 af 4 pladser besat")
    items = page.locator("article.agenda-item")
    expect(items.nth(0)).to_contain_text("Til stede ved punktet: 3 af 4 pladser; mødeleder: Medlem 01.")
    expect(items.nth(1)).to_contain_text("Til stede ved punktet: 4 af 4 pladser; mødeleder: Medlem 01.")
    assert_fits(page, 390)
    assert_accessible(page)
    page.get_by_role("button", name="Godkend referatet (version 1)").click()
    page.get_by_text("Referatet er godkendt").first.wait_for()
    meeting.refresh_from_db()
    services.publish_minutes(meeting, actor=staff_user)
    minutes = meeting.publications.get(kind=Publication.Kind.MINUTES, audience=Publication.Audience.MEMBERS)
    text = " ".join(pdf_text(documents.render_pdf(minutes)).split())
    assert "Ankomst og afgang Medlem 03 ankom til punkt 2 kl. 10.40" in text
    assert "Til stede ved punktet: 3 af 4 pladser; mødeleder: Medlem 01." in text
    assert Vote.objects.get().minutes_sentence in text


def test_a_58_member_meeting_with_late_arrivals_an_early_departure_and_substitutes_has_minutes_that_match_the_votes(
    page, live_server, staff_user, nordjylland
):
    """FO 3.5, FO 3.7, FO 3.9: 2 late arrivals, 1 early departure and 3 substitutes (afbud before the
    meeting) recorded in the browser; each item's vote statement and presence in the minutes PDF are those at
    that item."""
    from meetings import documents, queries
    from meetings.models import Publication, Vote
    from tests.meetings.pdftext import pdf_text

    period = ElectionPeriod.objects.get(name="2026-2030")
    members = seat_members(nordjylland, period, 58)
    meeting = planned(nordjylland, starts_at=at(2026, 5, 12, 10))
    substitutes = []
    for n, membership in enumerate(members[10:13], start=1):
        person = Person.objects.create(name=f"Stedfortræder {n}", municipality=membership.municipality)
        SubstituteAssignment.objects.create(membership=membership, person=person, starts_on=SEATED_ON)
        services.record_absence_notice(meeting, membership=membership, actor=staff_user, now=at(2026, 5, 11, 9))
        substitutes.append(person)
    items = [services.add_item(meeting, actor=staff_user, title=f"Sag {n}") for n in (1, 2, 3)]
    log_in(page, live_server, staff_user.username)
    page.goto(staff_page(live_server, meeting, "moedet/"))
    page.get_by_role("button", name="Alle til stede").click()
    page.get_by_text("55 af 58 pladser besat").wait_for()
    late, chair = members[20:22], members[0]
    for person in [*(m.person for m in late), chair.person]:
        page.locator(f"#row-{person.pk}").get_by_role("button", name="Fraværende").click()
        page.locator(f"#row-{person.pk}.is-absent").wait_for()
    for person in substitutes:
        page.locator(f"#row-{person.pk}").get_by_role("button", name="Til stede").click()
        page.locator(f"#row-{person.pk}.is-present").wait_for()

    def move(person, kind, position):
        page.get_by_text("Registrér ankomst eller afgang (FO 3.9)").click()
        page.get_by_label("Person").select_option(label=person.name)
        page.get_by_label(kind).check()
        page.get_by_label("Fra punkt", exact=True).select_option(str(position))
        page.get_by_role("button", name="Registrér ankomst eller afgang").click()
        page.get_by_text(f"Registreret: {person.name}").wait_for()

    for membership in late:
        move(membership.person, "Ankomst – til stede fra punktet", 2)
    move(chair.person, "Ankomst – til stede fra punktet", 2)
    move(members[30].person, "Afgang – fraværende fra punktet", 3)
    expect(page.locator("article.agenda-item").nth(0)).to_contain_text(
        "Til stede ved punktet: 55 af 58 pladser; mødeleder: Medlem 02."
    )
    expect(page.locator("article.agenda-item").nth(1)).to_contain_text("58 af 58 pladser; mødeleder: Medlem 01.")
    expect(page.locator("article.agenda-item").nth(2)).to_contain_text("57 af 58 pladser; mødeleder: Medlem 01.")
    services.record_vote(items[0], actor=staff_user, votes_for=27, votes_against=27, abstentions=1)
    services.record_vote(items[1], actor=staff_user, votes_for=29, votes_against=29, casting_vote="for")
    services.record_vote(items[2], actor=staff_user, votes_for=40, votes_against=17)
    meeting.refresh_from_db()
    services.approve_minutes(meeting, actor=staff_user)
    services.publish_minutes(meeting, actor=staff_user)
    minutes = meeting.publications.get(kind=Publication.Kind.MINUTES, audience=Publication.Audience.MEMBERS)
    text = " ".join(pdf_text(documents.render_pdf(minutes)).split())
    for item in items:
        at_item = queries.at_item(meeting, item.position)
        vote = Vote.objects.get(item=item)
        section = text.split(f"{item.position}. Sag {item.position} (", 1)[1]  # the item, not its line in the contents
        assert vote.minutes_sentence in section and at_item.summary in section
        assert at_item.casting_sentence() in section and "(FO 3.7)" not in section  # no rule ids for members
    assert "formanden var ikke til stede" in Vote.objects.get(item=items[0]).minutes_sentence
    assert "formandens stemme gjorde udslaget" in Vote.objects.get(item=items[1]).minutes_sentence
    for line in ("Medlem 21 ankom til punkt 2", "Medlem 22 ankom til punkt 2", "Medlem 31 gik før punkt 3"):
        assert line in text
    assert re.search(r"Stedfortræder 1, \w+ deltog som stedfortræder for Medlem 11", text)
    afbud = " ".join(rf"Medlem {n}, \w+ \(A\)" for n in (11, 12, 13))
    assert re.search(rf"Afbud {afbud} Fraværende uden afbud", text)
