"""Fictitious, KV25-like results for the demo (KKR Nordjylland): plausible numbers, not the real ones.

Votes follow a regional pattern varied per municipality; council seats are divided by d'Hondt; Venstre
holds 7 of the 11 mayoralties, the Social Democrats 3 and a local list Læsø's. Under the 2018 rules the
uncapped size is above the cap, so the cap binds: 2 × 11 = 22 members (as for 2026-2030, seed 004).
The rows go through the ordinary CSV import, so the demo data is what an import would have stored.
"""

from elections.dhondt import Unit, allocate_seats
from elections.ties import seeded_lots
from members.models import Council, ElectionPeriod

from .importing import parse_results
from .models import ElectionResultSet
from .services import import_results

# name: (valid votes, council size, mayor's list)
MUNICIPALITIES = {
    "Aalborg": (124_000, 31, "A"),
    "Hjørring": (38_000, 31, "V"),
    "Frederikshavn": (34_500, 31, "A"),
    "Thisted": (26_800, 29, "V"),
    "Mariagerfjord": (25_300, 29, "A"),
    "Jammerbugt": (24_100, 29, "V"),
    "Brønderslev": (22_900, 29, "V"),
    "Vesthimmerlands": (22_200, 27, "V"),
    "Rebild": (19_700, 25, "V"),
    "Morsø": (12_400, 21, "V"),
    "Læsø": (1_250, 9, "L"),
}
# letter: (name, regional share in per mille)
PARTIES = {
    "A": ("Socialdemokratiet", 300),
    "V": ("Venstre", 265),
    "Æ": ("Danmarksdemokraterne", 85),
    "F": ("SF – Socialistisk Folkeparti", 80),
    "C": ("Det Konservative Folkeparti", 70),
    "O": ("Dansk Folkeparti", 55),
    "Ø": ("Enhedslisten", 45),
    "I": ("Liberal Alliance", 40),
    "B": ("Radikale Venstre", 15),
    "M": ("Moderaterne", 10),
}
LOCAL = ("L", "Læsø Listen")


def demo_csv(council) -> str:
    """The demo results as import CSV for the council's municipalities named above."""
    codes = dict(council.municipalities.filter(name__in=MUNICIPALITIES).values_list("name", "code"))
    lines = ["kommunekode;bogstav;parti;stemmer;mandater;borgmester;art"]
    for index, (name, (valid, size, mayor)) in enumerate(MUNICIPALITIES.items()):
        votes = _votes(index, valid, local=name == "Læsø")
        seats = allocate_seats(
            [Unit(letter, count) for letter, count in votes.items()], seats=size, tie_break=seeded_lots(name)
        ).seats
        for letter, count in votes.items():
            party = LOCAL[1] if letter == LOCAL[0] else PARTIES[letter][0]
            kind = "lokalliste" if letter == LOCAL[0] else ""
            yes = "ja" if letter == mayor else ""
            lines.append(f"{codes[name]};{letter};{party};{count};{seats[letter]};{yes};{kind}")
    return "\n".join(lines) + "\n"


def _votes(index: int, valid: int, *, local: bool) -> dict[str, int]:
    """Each party's regional share, varied by up to ±12 % per municipality, scaled to `valid` votes."""
    weights = {
        letter: share * (100 + 6 * ((index * 7 + n * 3) % 5 - 2))
        for n, (letter, (_, share)) in enumerate(PARTIES.items())
    }
    if local:
        weights[LOCAL[0]] = sum(weights.values())  # half of Læsø's votes
    total = sum(weights.values())
    votes = {letter: valid * weight // total for letter, weight in weights.items()}
    votes[next(iter(votes))] += valid - sum(votes.values())
    return votes


def load_demo_results(council, period, *, actor=None):
    """Import the demo results for `council` and `period` (a new result set each call)."""
    parsed = parse_results(demo_csv(council), council)
    return import_results(parsed, period=period, actor=actor, source_name="demo.csv", note="Fiktive demotal")


def load_demo() -> str:
    """Fictitious KV25-like results for KKR Nordjylland 2026-2030 (once)."""
    council = Council.objects.get(slug="nordjylland")
    period = ElectionPeriod.objects.get(name="2026-2030")
    if not ElectionResultSet.objects.filter(council=council, period=period).exists():
        load_demo_results(council, period)
    return f"Valgresultater (fiktive): {council.name} {period.name}"
