"""Accessibility and layout checks for the browser tests: axe-core (vendored in tests/e2e/vendor, injected
from the page's own origin through a Playwright route, so the Content-Security-Policy stays on; no CDN) must
find no serious or critical violation, and the page must not scroll sideways."""

from pathlib import Path
from urllib.parse import urlsplit

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    here = urlsplit(page.url)
    url = f"{here.scheme}://{here.netloc}/__axe__.js"  # same origin: allowed by script-src 'self'
    page.route(url, lambda route: route.fulfill(path=str(AXE), content_type="application/javascript"))
    page.add_script_tag(url=url)
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


def assert_fits(page, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    overflow = sideways_overflow(page)
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"
