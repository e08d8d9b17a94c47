"""B1 1.3: who convenes the constituent meeting — the region's longest-serving mayor, the oldest on a tie.

"Longest-serving" = the earliest `mayor_since` (mayor without a break since) among the mayors of the
council's KL member municipalities on the meeting day; equal dates → the earliest `birth_on`. When a
date the decision needs is missing, no convener is named and the answer says which data is missing
(a guess would name the wrong person); the secretariat completes the data and computes again.

Plain Python: no Django, no settings, no clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Mayor:
    """A mayor on the meeting day: `id` is the caller's key (a person's pk)."""

    id: int
    name: str
    municipality: str
    mayor_since: date | None
    birth_on: date | None


@dataclass(frozen=True)
class Convener:
    """The convener (None when the data can't decide) and the explanation, one Danish sentence a line."""

    mayor: Mayor | None
    explanation: tuple[str, ...]
    missing: tuple[str, ...] = ()


def longest_serving_mayor(mayors: Iterable[Mayor], *, date_text: Callable[[date], str] = date.isoformat) -> Convener:
    """B1 1.3: the mayor with the earliest `mayor_since`; a tie → the oldest (earliest `birth_on`). ``date_text``
    writes a date in the explanation (the callers pass ``kkr.formats.format_date``; this module stays pure)."""
    _d = date_text
    mayors = sorted(mayors, key=lambda m: m.name)
    if not mayors:
        return Convener(None, ("Der er ingen borgmestre registreret i rådets KL-medlemskommuner på mødedagen.",))
    missing = tuple(f"{m.name} ({m.municipality}): borgmester uafbrudt siden" for m in mayors if not m.mayor_since)
    if missing:
        return Convener(None, ("Indkalderen kan ikke findes, fordi der mangler oplysninger (B1 1.3).",), missing)
    earliest = min(m.mayor_since for m in mayors)
    longest = [m for m in mayors if m.mayor_since == earliest]
    lines = [f"{len(mayors)} borgmestre på mødedagen; længst siddende siden {_d(earliest)}."]
    if len(longest) == 1:
        lines.append(f"{longest[0].name} ({longest[0].municipality}) har været borgmester længst (B1 1.3).")
        return Convener(longest[0], tuple(lines))
    names = ", ".join(m.name for m in longest)
    lines.append(f"Lige længe: {names}; den ældste indkalder (B1 1.3).")
    missing = tuple(f"{m.name} ({m.municipality}): fødselsdato" for m in longest if not m.birth_on)
    if missing:
        lines.append("Den ældste kan ikke findes, fordi der mangler fødselsdatoer.")
        return Convener(None, tuple(lines), missing)
    oldest_on = min(m.birth_on for m in longest)
    oldest = [m for m in longest if m.birth_on == oldest_on]
    if len(oldest) > 1:
        lines.append(f"{', '.join(m.name for m in oldest)} er født samme dag ({_d(oldest_on)}); afgør det i hånden.")
        return Convener(None, tuple(lines))
    lines.append(f"{oldest[0].name} ({oldest[0].municipality}) er den ældste, født {_d(oldest_on)}.")
    return Convener(oldest[0], tuple(lines))
