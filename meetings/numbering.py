"""The numbers an agenda prints (docs/meetings.md, "Nummerering"): flat (1, 2, 3) or block.item (3.1, 3.2) under
the council's standing blocks ("Regionalpolitiske sager", "Udpegninger"), as real KKR agendas since 2021 do.

Pure: no Django. An item's ``position`` stays its identity (1..n, what attendance, votes and links refer to);
the printed number is derived from the order here, once, and stored in the published snapshot.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """What the numbering needs of an item: its position, whether it is a block heading, and whether it came from
    the council's standing items (a standing item that is not a block ends the block before it)."""

    position: int
    is_section: bool = False
    is_standing: bool = False


def labels(rows: Iterable[Row]) -> dict[int, str]:
    """position → printed number. Without a block on the agenda the number is the position. With one, every
    heading and every item outside a block counts 1, 2, 3 …, and the items after a heading (up to the next
    standing item or heading) are numbered under it: 3.1, 3.2."""
    rows = sorted(rows, key=lambda row: row.position)
    if not any(row.is_section for row in rows):
        return {row.position: str(row.position) for row in rows}
    result, top, block, sub = {}, 0, None, 0
    for row in rows:
        if row.is_section:
            top, block, sub = top + 1, top + 1, 0
            result[row.position] = str(top)
        elif block is not None and not row.is_standing:
            sub += 1
            result[row.position] = f"{block}.{sub}"
        else:
            top, block = top + 1, None
            result[row.position] = str(top)
    return result
