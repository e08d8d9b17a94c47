"""The real KV25 result for the demo (KKR Nordjylland 2026-2030).

`data/kv25-nordjylland.csv` is the official result of the municipal election of 18 November 2025 in the 11
municipalities (votes and seats from the final count, the mayor's list after the constitution), in the
application's own import format; `data/README.md` says where it comes from. It goes through the ordinary
import service, so the demo data is exactly what an import of the real file stores. Under the 2018 rules
the uncapped size is above the cap, so the cap binds: 2 × 11 = 22 members (seed 004).
"""

from pathlib import Path

from members.models import Council, ElectionPeriod

from .importing import parse_results
from .models import ElectionResultSet
from .services import import_results

KV25_NORDJYLLAND = Path(__file__).resolve().parent / "data" / "kv25-nordjylland.csv"


def demo_csv(council=None) -> str:
    """The KV25 result for KKR Nordjylland as import CSV."""
    return KV25_NORDJYLLAND.read_text(encoding="utf-8")


def load_demo_results(council, period, *, actor=None):
    """Import the KV25 result for `council` and `period` (a new result set each call)."""
    parsed = parse_results(demo_csv(council), council)
    if not parsed.is_valid:
        raise ValueError(f"{KV25_NORDJYLLAND.name}: {parsed.problems}")
    return import_results(
        parsed, period=period, actor=actor, source_name=KV25_NORDJYLLAND.name, note="KV25, endelig optælling"
    )


def load_demo() -> str:
    """The real KV25 result for KKR Nordjylland 2026-2030 (once)."""
    council = Council.objects.get(slug="nordjylland")
    period = ElectionPeriod.objects.get(name="2026-2030")
    if not ElectionResultSet.objects.filter(council=council, period=period).exists():
        load_demo_results(council, period)
    return f"Valgresultater (KV25): {council.name} {period.name}"
