"""What every kind of search shares: the words of a query, the full-text query as SQL, and the marks around a hit
(escaped text gets ``<mark>`` around them, never the user's HTML)."""

import re

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CONFIG = "danish"
START, STOP = "\x02", "\x03"  # marks around a hit; escaped text gets <mark> around them (never user HTML)


def words(query: str) -> list[str]:
    return [word for word in re.split(r"\s+", query.strip()) if word][:8]


def tsquery_sql(text: str) -> str:
    """The query text as a quoted SQL literal in ``websearch_to_tsquery``, not a bound parameter: the statements
    are prepared on the server (``kkr.settings``, DB_SERVER_SIDE_BINDING), and a generic plan, made without the
    words, would walk the GIN index for a word in every row where the custom plan walks the date index newest
    first and stops at the cap. The literal is psycopg's quoting (and ``%`` doubled for the parameter style)."""
    from psycopg import sql

    connection.ensure_connection()
    literal = sql.Literal(text).as_string(connection.connection).replace("%", "%%")
    return f"websearch_to_tsquery('{CONFIG}'::regconfig, {literal})"


def mark_terms(text: str, terms: list[str]) -> str:
    """``text`` with every typed word marked (SQLite, and text PostgreSQL has no headline for)."""
    for term in filter(None, (term.strip(".,") for term in terms)):
        text = re.sub(re.escape(term), lambda m: f"{START}{m.group(0)}{STOP}", text, flags=re.IGNORECASE)
    return text


def highlight(raw: str) -> SafeString:
    """Escape the text, then turn the hit marks into <mark> (the text is user input: never trusted HTML)."""
    return mark_safe(escape(raw).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped above


def marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def contains_sql(column: str) -> str:
    """``column`` holds the next parameter (``like_param``) case-insensitively, as the ORM's ``icontains``
    writes it on each database."""
    if connection.vendor == "postgresql":
        return f"UPPER({column}::text) LIKE UPPER(%s)"
    return f"{column} LIKE %s ESCAPE '\\'"


def like_param(term: str) -> str:
    return f"%{connection.ops.prep_for_like_query(term)}%"
