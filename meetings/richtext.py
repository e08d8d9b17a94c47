"""Rich text in case presentations, recommendations and decisions: paragraphs, lists and simple tables.

Text with markup is sanitised with nh3 (ammonia) when saved and again when shown, so neither the page nor
the PDF ever carries a script or an attribute that runs one. Plain text stays plain (line breaks kept).
"""

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "u", "table", "thead", "tbody", "tr", "th", "td", "h4"}
BLANK_LINES, NEWLINE = re.compile("\n{2,}"), "\n"
ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}}


def clean(text: str) -> str:
    """What is stored: NUL and other control bytes removed; markup, if any, reduced to the allowed tags."""
    text = "".join(ch for ch in text if ch in "\n\r\t" or ord(ch) >= 32)
    if "<" not in text:
        return text
    return nh3.clean(text, tags=TAGS, attributes=ATTRIBUTES, link_rel=None)


def render(text: str) -> SafeString:
    """HTML for the page and the PDF: sanitised markup, or escaped plain text with its line breaks."""
    if not text:
        return mark_safe("")
    if "<" in text:
        return mark_safe(nh3.clean(text, tags=TAGS, attributes=ATTRIBUTES, link_rel=None))  # noqa: S308 - sanitised
    return mark_safe(_paragraphs(html.escape(text)))  # noqa: S308 - escaped


def _paragraphs(text: str) -> str:
    """Django's ``linebreaks`` of escaped text (``<p>`` per blank-line block, ``<br>`` within), without its lazy
    wrappers: a page of 40 items calls it 100 times (issue 15)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n\n".join(f"<p>{block.replace(NEWLINE, '<br>')}</p>" for block in BLANK_LINES.split(text))
