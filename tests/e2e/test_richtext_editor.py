"""In a real browser: staff write a case text in the rich-text editor by keyboard alone (heading, bold, list, link),
save it, and the stored HTML has that formatting; the page runs the editor without a CSP violation (no inline
script or style). Without JavaScript the textarea is the editor (meetings/richtext.py sanitises either way)."""

import pytest

from meetings.models import AgendaItem, Meeting
from members.models import ElectionPeriod
from tests.builders import at
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_CSP = """window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));"""


def open_agenda(page, live_server, staff_user, council):
    period = ElectionPeriod.objects.get(name="2026-2030")
    meeting = Meeting.objects.create(council=council, period=period, starts_at=at(2027, 3, 2, 10), location="Aalborg")
    log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/kkr/{council.slug}/sekretariat/moeder/{meeting.pk}/")
    return meeting


def test_staff_format_a_case_text_by_keyboard_and_the_stored_html_keeps_it_without_csp_violations(
    page, live_server, staff_user, nordjylland
):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(str(error)))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept("https://www.kl.dk/trafik")))
    page.add_init_script(WATCH_CSP)
    meeting = open_agenda(page, live_server, staff_user, nordjylland)
    page.get_by_label("Titel").fill("Regional trafikplan")

    editor = page.get_by_role("textbox", name="Sagsfremstilling")
    editor.focus()
    keyboard = page.keyboard
    keyboard.type("Baggrund")
    toolbar = page.locator(".rich-editor", has=editor).get_by_role("toolbar", name="Formatering")
    heading = toolbar.get_by_role("button", name="Overskrift")
    heading.focus()
    keyboard.press("Enter")
    assert heading.get_attribute("aria-pressed") == "true"
    keyboard.press("End")  # the button hands the caret back to the text
    keyboard.press("Enter")
    keyboard.type("Planen er ")
    keyboard.press("Control+b")
    keyboard.type("vigtig")
    keyboard.press("Control+b")
    keyboard.type(" for ")
    keyboard.press("Control+k")  # the link dialog is answered with the address above
    keyboard.press("Enter")
    toolbar.get_by_role("button", name="Punktliste").focus()
    keyboard.press("Space")
    keyboard.type("Busser")
    keyboard.press("Enter")
    keyboard.type("Tog")
    page.get_by_role("button", name="Tilføj punkt").focus()
    keyboard.press("Enter")
    page.get_by_role("heading", name="1. Regional trafikplan").wait_for()

    stored = AgendaItem.objects.get(meeting=meeting).case_presentation
    assert "<h4>Baggrund</h4>" in stored, stored
    assert "<b>vigtig</b>" in stored, stored
    assert '<a href="https://www.kl.dk/trafik" rel="noopener noreferrer">www.kl.dk/trafik</a>' in stored, stored
    assert "<ul><li>Busser</li><li>Tog</li></ul>" in stored.replace("<br>", ""), stored
    assert page.evaluate("window.cspViolations") == []
    assert not [text for text in console if "Content Security Policy" in text], console


def test_without_javascript_the_case_text_is_a_plain_textarea(browser, live_server, staff_user, nordjylland):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    page = context.new_page()
    meeting = open_agenda(page, live_server, staff_user, nordjylland)
    page.get_by_label("Titel").fill("Regional trafikplan")
    page.get_by_label("Sagsfremstilling").fill("<p>Planen er <b>vigtig</b></p><script>x()</script>")
    page.get_by_role("button", name="Tilføj punkt").click()
    assert AgendaItem.objects.get(meeting=meeting).case_presentation == "<p>Planen er <b>vigtig</b></p>"
    context.close()
