"""A walk over the demo data set, as the public, a member, the secretariat and a KL admin, at 1280 and 390 px,
plus a few interactive states (an open form, a refused form): axe-core finds no serious or critical violation in
any page state, and no page scrolls sideways at 390 px. One browser, one data set, one test, so the walk stays
fast; every problem is collected and reported together."""

import re
from io import BytesIO, StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from pypdf import PdfWriter

from meetings import documents, services
from meetings.models import Meeting
from members.models import ElectionPeriod
from tests.builders import at
from tests.e2e.a11y import axe_violations, load_axe
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "kkr-demo-2026"
WIDTHS = (1280, 390)
PAGES_PER_ROLE = 6  # a crawl from each role's start page: 4 roles x 6 pages x 2 widths, the staff's own list, forms
SKIP = re.compile(r"\.(pdf|csv|ics)$|/log(ud|out)|/konto/|/admin/|/bilag/|/dokumenter/|/kalender/")
LINKS_JS = """() => [...document.querySelectorAll('main a[href], nav a[href]')].map((a) => a.getAttribute('href'))"""
SHEET_JS = """() => {
  const sheet = document.querySelector('table.attendance');
  return {scroll: sheet.scrollWidth, client: sheet.clientWidth};
}"""
NEXT_FRAME_JS = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
HEADING_ORDER_JS = "async () => (await axe.run(document, {runOnly: ['heading-order']})).violations.length"
OVERFLOW_JS = "() => document.scrollingElement.scrollWidth"


def check_state(page, label, problems, states):
    """One page state at both widths: axe at each, and no sideways scrolling at 390 px."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate(NEXT_FRAME_JS)  # the page's own resize handlers (static/js/scroll-regions.js) have run
        states.append(f"{label} @{width}")
        violations = axe_violations(page)
        if violations:
            problems.append(f"{label} @{width}: {violations}")
        if width == 390 and (wide := page.evaluate(OVERFLOW_JS)) > 390:
            problems.append(f"{label} @390: the page is {wide}px wide")


def crawl(page, base, starts, limit, problems, states):
    """Breadth-first over same-site GET links from ``starts``, checking each page found (at most ``limit``)."""
    queue, seen = list(starts), set()
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or SKIP.search(path):
            continue
        seen.add(path)
        response = page.goto(base + path)
        if response is None or response.status != 200 or "html" not in response.headers.get("content-type", ""):
            continue
        check_state(page, path, problems, states)
        for href in page.evaluate(LINKS_JS):
            url = urlsplit(urljoin(page.url, href))
            if url.netloc == urlsplit(base).netloc and url.path not in seen:
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return seen


def one_blank_page(publication) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def demo(settings, nordjylland, period, monkeypatch):
    """The demo data set, its publications ready as after a real render. The walk opens no PDF (``SKIP``), so
    each is rendered as one blank page instead of WeasyPrint's seconds per document: the pages show the same."""
    settings.DEV_MODE = True
    with monkeypatch.context() as patch:
        patch.setattr(documents, "render_pdf", one_blank_page)
        call_command("load_demo_data", stdout=StringIO())
    return nordjylland


def test_no_serious_axe_violation_nor_sideways_scrolling_over_60_page_states(browser, live_server, demo):
    base = live_server.url
    meetings = Meeting.objects.filter(council=demo).exclude(kind=Meeting.Kind.CONSTITUENT).order_by("starts_at")
    held, upcoming = meetings[0], meetings[1]
    # a meeting under way, so the sitting sheet shows its attendance buttons
    sitting = Meeting.objects.create(
        council=demo,
        period=ElectionPeriod.objects.get(name="2026-2030"),
        starts_at=at(2026, 5, 12, 10),
        location="Aalborg Rådhus",
    )
    services.add_item(sitting, actor=None, title="Regional trafikplan")
    problems, states = [], []
    staff_pages = [
        "/kkr/nordjylland/sekretariat/",
        f"/kkr/nordjylland/sekretariat/moeder/{upcoming.pk}/",
        f"/kkr/nordjylland/sekretariat/moeder/{upcoming.pk}/moedet/",
        f"/kkr/nordjylland/sekretariat/moeder/{held.pk}/",
        f"/kkr/nordjylland/sekretariat/moeder/{held.pk}/moedet/",
        f"/kkr/nordjylland/sekretariat/moeder/{sitting.pk}/moedet/",
        "/kkr/nordjylland/sekretariat/sammensaetning/2026-2030/",
        "/kkr/nordjylland/udpegninger/",
        "/kkr/nordjylland/medlemmer/",
    ]
    roles = [
        (None, ["/", "/kkr/nordjylland/", "/kkr/nordjylland/arkiv/", "/soeg/?q=trafik"]),
        ("medlem-nordjylland", ["/kkr/nordjylland/medlem/", "/kkr/nordjylland/medlemmer/"]),
        ("sekretariat-nordjylland", staff_pages),
        ("admin", ["/administration/sekretariater/", "/"]),
    ]
    for username, starts in roles:
        context = browser.new_context(locale="da-DK", timezone_id="Europe/Copenhagen")
        context.set_default_timeout(15_000)
        page = context.new_page()
        if username:
            log_in(page, live_server, username, DEMO_PASSWORD)
            page.wait_for_load_state()
        limit = PAGES_PER_ROLE + (len(staff_pages) if username == "sekretariat-nordjylland" else 0)
        crawl(page, base, starts, limit, problems, states)
        if username == "sekretariat-nordjylland":
            # the sitting sheet's buttons are whole at 390 px: the sheet fits, it does not scroll in its box
            page.goto(f"{base}/kkr/nordjylland/sekretariat/moeder/{sitting.pk}/moedet/")
            page.set_viewport_size({"width": 390, "height": 900})
            sheet = page.evaluate(SHEET_JS)
            if sheet["scroll"] > sheet["client"]:
                problems.append(f"the sitting sheet is {sheet['scroll']}px wide in a {sheet['client']}px box at 390")
            # the composition page's headings go in order (a moderate axe finding, checked here by name)
            page.goto(f"{base}/kkr/nordjylland/sekretariat/sammensaetning/2026-2030/")
            load_axe(page)
            if page.evaluate(HEADING_ORDER_JS):
                problems.append("the composition page's headings skip a level (axe: heading-order)")
            # interactive states: an open form, and the same form refused (required fields left empty)
            page.goto(f"{base}/kkr/nordjylland/medlemmer/ny/")
            check_state(page, "ny medlemsform", problems, states)
            page.locator("main form button[type=submit], main form input[type=submit]").last.click()
            page.wait_for_load_state()
            check_state(page, "ny medlemsform afvist", problems, states)
        context.close()
    assert len(states) >= 60, f"only {len(states)} page states walked: {states}"
    assert not problems, "\n".join(problems)
