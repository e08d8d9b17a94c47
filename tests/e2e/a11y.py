"""Accessibility and layout checks for the browser tests: axe-core (vendored in tests/e2e/vendor, injected
from the page's own origin through a Playwright route, so the Content-Security-Policy stays on; no CDN) must
find no serious or critical violation, and the page must not scroll sideways."""

from pathlib import Path
from urllib.parse import urlsplit

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")


def load_axe(page) -> None:
    """axe-core into the page once per document (a second check of the same page, e.g. at another width, reuses
    it). The route serves only this one request: while a page has a route, Chromium bypasses its HTTP cache."""
    if page.evaluate("() => typeof window.axe === 'object'"):
        return
    here = urlsplit(page.url)
    url = f"{here.scheme}://{here.netloc}/__axe__.js"  # same origin: allowed by script-src 'self'
    page.route(url, serve_axe)
    try:
        page.add_script_tag(url=url)
    finally:
        page.unroute(url, serve_axe)


def serve_axe(route) -> None:
    route.fulfill(path=str(AXE), content_type="application/javascript")


def axe_violations(page) -> list[dict]:
    load_axe(page)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"axe: {page.url}: {violations}"


def sideways_overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


# Every word in a table cell, as lines on screen: a word laid out on two lines was broken mid-word.
WORDS_BROKEN_JS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s\\u00ad-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def assert_words_whole(page, width: int = 1280):
    """No word in a table breaks mid-word at ``width`` (a column narrower than its longest word wraps it)."""
    page.set_viewport_size({"width": width, "height": 900})
    broken = page.evaluate(WORDS_BROKEN_JS)
    assert not broken, f"{page.url}: words broken mid-word at {width}px: {broken}"


def assert_fits(page, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    overflow = sideways_overflow(page)
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"


# Every visible checkbox and radio button against the first line of its label's text: the box's vertical centre
# within 3 px of the line's, and the text starting just right of the box (0-16 px). The label is the one that
# wraps the input, else the one whose ``for`` names it.
CHOICES = """() => {
  const rows = [];
  for (const input of document.querySelectorAll('input[type=checkbox], input[type=radio]')) {
    const box = input.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const label = input.closest('label') || (input.labels && input.labels[0]);
    const walker = label && document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    let text = null;
    while (walker && (text = walker.nextNode()) && !text.textContent.trim()) {}
    if (!text) { rows.push({input: input.name + '=' + input.value, problem: 'no label text'}); continue; }
    const range = document.createRange();
    range.selectNodeContents(text);
    const line = range.getClientRects()[0];
    rows.push({input: input.name + '=' + input.value, text: text.textContent.trim().slice(0, 30),
               dy: (box.top + box.height / 2) - (line.top + line.height / 2), dx: line.left - box.right});
  }
  return rows;
}"""


def choices(page) -> list[dict]:
    return page.evaluate(CHOICES)


def assert_choices_aligned(page, width: int, *, at_least: int = 1):
    """Checkboxes and radio buttons line up with their labels at ``width`` px."""
    page.set_viewport_size({"width": width, "height": 900})
    rows = choices(page)
    assert len(rows) >= at_least, f"{page.url}: {len(rows)} checkboxes/radio buttons, expected {at_least}"
    bad = [r for r in rows if "problem" in r or abs(r["dy"]) > 3 or not 0 <= r["dx"] <= 16]
    assert not bad, f"{page.url} at {width}px: {bad[:5]}"
