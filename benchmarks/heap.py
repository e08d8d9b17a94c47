"""The C allocator's view of this process (glibc ``mallinfo2``): bytes in use and free, which tracemalloc does
not see (fontconfig, Pango, HarfBuzz), and the least-squares growth of a series of samples."""

import ctypes

FIELDS = ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")


class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in FIELDS]


def libc():
    """glibc, or None elsewhere (musl has neither ``mallinfo2`` nor ``malloc_trim``)."""
    try:
        lib = ctypes.CDLL("libc.so.6")
        lib.mallinfo2.restype = MallInfo2
        return lib
    except (OSError, AttributeError):
        return None


def heap_mb(lib) -> tuple[float, float]:
    """(in use, free) in MB: small chunks in use plus the large ones mapped on their own; free chunks kept."""
    info = lib.mallinfo2()
    return (info.uordblks + info.hblkhd) / 2**20, info.fordblks / 2**20


def slope(values: list[float]) -> float:
    """Least-squares growth per sample (a two-point difference is at the mercy of one step of the heap)."""
    n = len(values)
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    return sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values)) / sum((x - mean_x) ** 2 for x in range(n))
