"""SPEC §6 across search and the pages: for each role, whatever the search page finds is on the page its hit
opens. The check reads both through the real views (the test client, signed in as each user): the search page's
hits, then each hit's page, which must open (200) and show what the hit showed: an item's title, and the closed
case text if the hit's snippet quoted it; a person's name. The secretariat's meeting page lists its items' titles
and links to each item's text: that it opens only for the council's staff is the URL matrix's to hold. The check
decides nothing itself, so it holds whatever rule the index, the archive and the meeting pages follow, as long as
search and the pages follow the same one."""

from html import unescape
from html.parser import HTMLParser

from django.db import connection
from django.test import Client
from django.urls import reverse

from .checks import SECRET

# What the state machine's meetings hold: a closed item's public title, its case text (closed content), the place
# (meetings, people) and a politician's name (people, appointments).
WORDS = ("lukket", SECRET.lower(), "aalborg")
NAME = "anna"
# The services whose changes no search and no page reads for the items it finds: the sitting's marks and votes,
# and the minutes' approval (a published version is the search's; a decision's text is searched, so
# ``record_decision`` is not here). The state machine skips this check after them.
NOT_SEARCHED = frozenset(
    {"record_attendance", "mark_all_present", "record_arrival", "record_departure", "record_vote",
     "approve_minutes", "reopen_minutes"}
)  # fmt: skip


class SearchHits(HTMLParser):
    """The hits of a search page: each ``<li>`` of a ``search-results`` list, its first link and its text."""

    def __init__(self):
        super().__init__()
        self.hits: list[dict] = []
        self.inside = self.in_link = False
        self.hit: dict | None = None
        self.section = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.section = (attrs.get("aria-labelledby") or "").removesuffix("-heading")
        elif tag in ("ul", "ol") and "search-results" in (attrs.get("class") or "").split():
            self.inside = True
        elif self.inside and tag == "li":
            self.hit = {"kind": self.section, "href": None, "link": "", "text": ""}
            self.hits.append(self.hit)
        elif self.hit is not None and tag == "a" and self.hit["href"] is None:
            self.hit["href"], self.in_link = attrs["href"], True

    def handle_endtag(self, tag):
        if tag == "a":
            self.in_link = False
        elif tag == "li":
            self.hit = None
        elif tag in ("ul", "ol"):
            self.inside = False

    def handle_data(self, data):
        if self.hit is not None:
            self.hit["text"] += data
            if self.in_link:
                self.hit["link"] += data


class PageText(HTMLParser):
    """A page's visible text (no scripts or styles), its whitespace collapsed."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return squeeze(" ".join(parser.parts))


def squeeze(text: str) -> str:
    return " ".join(unescape(text).split())


def signed_in(users) -> dict[str, Client]:
    """A client per user (``None``: anonymous), signed in once; the machine keeps them for its example."""
    clients = {}
    for user in users:
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[user.username if user is not None else "anonym"] = client
    return clients


def queries() -> list[str]:
    """On PostgreSQL the words in one query (``websearch_to_tsquery``'s "or": items and meetings); a person is
    found by every word, so the name on its own. SQLite matches every word, so one query each."""
    if connection.vendor == "postgresql":
        return [" or ".join(WORDS), NAME]
    return [*WORDS, NAME]


def search_shows_what_the_pages_show(clients: dict[str, Client]) -> int:
    """Every hit of every query on the first search page of each user opens a page (200) that shows it; returns
    how many hits were followed."""
    followed = 0
    for who, client in clients.items():
        pages: dict[str, str] = {}  # the pages this user opened, by address: their text
        for query in queries():
            response = client.get(reverse("portal:search"), {"q": query})
            assert response.status_code == 200, (who, query, response.status_code)
            parser = SearchHits()
            parser.feed(response.content.decode())
            for hit in parser.hits:
                href, link, text = hit["href"], squeeze(hit["link"]), squeeze(hit["text"])
                if href not in pages:
                    page = client.get(href)
                    assert page.status_code == 200, (
                        f"{who} søgte {query!r}: {link!r} åbner {href} med {page.status_code}"
                    )
                    pages[href] = PageText.of(page.content.decode())
                shown = pages[href]
                if hit["kind"] != "meetings":  # a meeting's hit is its date in words, its page says more
                    assert link in shown, f"{who} søgte {query!r}: {link!r} står ikke på {href}"
                if SECRET in text and "/sekretariat/" not in href:
                    assert SECRET in shown, f"{who} søgte {query!r}: det lukkede indhold står ikke på {href}"
                followed += 1
    return followed
