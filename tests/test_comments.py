"""Comments and docstrings say why, not when or how fast: timing figures (milliseconds, ratios to the login page)
and issue numbers belong in ``docs/`` and the commit history, where they are dated and measured again; in the
code they go stale silently."""

import ast
import io
import re
import tokenize

from tests.test_date_style import ROOT, python_files

# Timing figures ("2 ms", "0.46 ms", "40 µs", "≤ 5× the login page") and a tracker reference: the word
# "issue" followed by a number, with or without "#".
STALE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:ms|µs)\b|[≤<]\s?\d+(?:[.,]\d+)?\s?×|\bissue\s?#?\d+", re.IGNORECASE)
TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)


def prose(source: str) -> list[tuple[int, str]]:
    """The comments and docstrings of a module, each with its first line number."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    found = [(t.start[0], t.string) for t in tokens if t.type == tokenize.COMMENT]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                found.append((node.body[0].lineno, docstring))
    return found


def test_no_timing_figures_or_issue_numbers_in_the_codes_comments_and_docstrings():
    found = [
        f"{name}:{line}: {STALE.search(text).group(0)}"
        for path, name in python_files()
        for line, text in prose(path.read_text())
        if STALE.search(text)
    ]
    assert found == [], "move these to docs/ (docs/performance.md) or the commit message"


def test_no_timing_figures_or_issue_numbers_in_template_comments():
    found = [
        f"{path.relative_to(ROOT)}: {STALE.search(comment).group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for comment in TEMPLATE_COMMENT.findall(path.read_text())
        if STALE.search(comment)
    ]
    assert found == [], "move these to docs/ or the commit message"


def test_the_check_finds_what_it_looks_for():
    reference = "issue" + " 15"  # built, so this file holds no tracker reference itself
    source = f'"""Module."""\n\n\ndef f():\n    """Took 2 ms ({reference})."""\n    return "3 ms"  # 40 µs a call\n'
    assert [line for line, text in prose(source) if STALE.search(text)] == [6, 5]
