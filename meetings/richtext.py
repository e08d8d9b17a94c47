"""Rich text in case presentations, recommendations and decisions: paragraphs, headings, lists, links and tables.

Text with markup is sanitised with nh3 (ammonia) when saved and again when shown, so neither the page nor
the PDF ever carries a script or an attribute that runs one. Plain text stays plain (line breaks kept).

Staff type in the editor (static/js/richtext-editor.js) or paste from Word and Outlook; what Word adds (``mso-*``
classes and styles, ``<o:p>``, spans, its hand-made list bullets) is dropped here, whatever the browser sent.
Headings become ``h4``/``h5``: the page's own headings above an item's text go to ``h3``.
"""

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "u", "a", "h4", "h5"}
TAGS |= {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
BLANK_LINES, NEWLINE = re.compile("\n{2,}"), "\n"
ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}, "a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Word's hand-made list bullets ("·" and spaces in a span) between its conditional markers, in both spellings.
WORD_BULLETS = re.compile(r"<!(?:--)?\[if !supportLists\](?:--)?>.*?<!(?:--)?\[endif\](?:--)?>", re.DOTALL)
HEADINGS = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)
BLOCK_TAGS = re.compile(r"<(?=/?(?:p|br|li|h[1-6]|td|th|tr|div|table|ul|ol|caption)\b)", re.IGNORECASE)
SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """What is stored: NUL and other control bytes removed; markup, if any, reduced to the allowed tags."""
    text = "".join(ch for ch in text if ch in "\n\r\t" or ord(ch) >= 32)
    if "<" not in text:
        return text
    return _sanitise(text)


def render(text: str) -> SafeString:
    """HTML for the page and the PDF: sanitised markup, or escaped plain text with its line breaks."""
    if not text:
        return mark_safe("")
    if "<" in text:
        return mark_safe(_sanitise(text))  # noqa: S308 - sanitised
    return mark_safe(_paragraphs(html.escape(text)))  # noqa: S308 - escaped


def _paragraphs(text: str) -> str:
    """Django's ``linebreaks`` of escaped text (``<p>`` per blank-line block, ``<br>`` within), without its lazy
    wrappers: a page of 40 items calls it 100 times."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n\n".join(f"<p>{block.replace(NEWLINE, '<br>')}</p>" for block in BLANK_LINES.split(text))


def plain_text(text: str) -> str:
    """The words of rich or plain text without any markup, for search snippets and other one-line uses: block
    boundaries become spaces, entities become characters, runs of white space one space. Not HTML-safe: escape
    it where it goes into a page."""
    if "<" in text:
        text = html.unescape(nh3.clean(BLOCK_TAGS.sub(" <", text), tags=set(), attributes={}))
    return SPACES.sub(" ", text).strip()


def _sanitise(text: str) -> str:
    text = HEADINGS.sub(_heading, WORD_BULLETS.sub("", text))
    return nh3.clean(
        text, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer"
    ).strip()


def _heading(match: re.Match) -> str:
    return f"<{match.group(1)}h{4 if int(match.group(2)) <= 4 else 5}"
