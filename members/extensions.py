"""Places where apps higher in the stack plug into the members pages, so members never imports them.

``meetings`` and ``elections`` register panels (a template and a function returning its context) and demo
loaders in their ``AppConfig.ready``. The members views render the registered panels in order; a panel's
context function runs the queries, the template only shows values.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[..., dict]  # (council, *, today, user) -> dict
    order: int = 50


_PANELS: dict[str, list[Panel]] = {"dashboard": [], "portal": [], "public": []}
_DEMO_LOADERS: list[tuple[int, Callable[[], str]]] = []


def register_panel(page: str, template: str, context: Callable[..., dict], *, order: int = 50) -> None:
    """Add a panel to ``page`` ("dashboard", "portal" or "public"); registering the same template twice is a no-op."""
    panels = _PANELS[page]
    if all(panel.template != template for panel in panels):
        panels.append(Panel(template, context, order))
        panels.sort(key=lambda panel: panel.order)


def render_panels(page: str, request, council, *, today) -> list[SafeString]:
    """Each registered panel of ``page`` rendered with its context (plus ``council``) for this request."""
    return [
        render_to_string(
            p.template, {"council": council, **p.context(council, today=today, user=request.user)}, request
        )
        for p in _PANELS[page]
    ]


def register_demo_loader(loader: Callable[[], str], *, order: int = 50) -> None:
    """A function that adds an app's demo data after the members demo (idempotent) and returns a summary line."""
    if all(existing is not loader for _, existing in _DEMO_LOADERS):
        _DEMO_LOADERS.append((order, loader))
        _DEMO_LOADERS.sort(key=lambda entry: entry[0])


def demo_loaders() -> list[Callable[[], str]]:
    return [loader for _, loader in _DEMO_LOADERS]
