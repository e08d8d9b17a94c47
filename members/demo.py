"""A full, rule-consistent 2026-2030 roster for KKR Nordjylland (demo data; invented names). 22 seats =
2 × 11 municipalities (B1 1.1): 11 mayors and 11 party-elected members, each with a personal substitute
(B1 1.2: the mayor's from the deputy chain, a party-elected member's from the same party), and the seat
entitlements that match. The chair and vice-chair are elected at the demo's constituent meeting
(``elections.demo``), so they never stand in its way. Idempotent: rows are found by their natural keys."""

from datetime import date

from .models import (
    Council,
    ElectionPeriod,
    Membership,
    Municipality,
    MunicipalOffice,
    Party,
    Person,
    SeatEntitlement,
    SubstituteAssignment,
)
from .services import propose_mayor_substitute

OFFICES_FROM = date(2026, 1, 1)
CONSTITUTED = date(2026, 1, 20)
# The mayors' parties are the real ones after KV25 (V 8, A 2, C 1; elections/data/README.md); the names are
# invented. municipality: (mayor, party, mayor since), 1st deputy (name, party), 2nd deputy (name, party)
MAYORS = {
    "Aalborg": (("Lene Thorsager", "A", date(2022, 1, 1)), ("Rasmus Bak", "F"), ("Pia Dalsgaard", "V")),
    "Brønderslev": (("Niels Bøgh", "V", date(2014, 1, 1)), ("Karen Vestergaard", "A"), ("Ole Krogh", "C")),
    "Frederikshavn": (("Jens Lykke", "V", date(2026, 1, 1)), ("Birgitte Skov", "A"), ("Anne Mølgaard", "Æ")),
    "Hjørring": (("Henrik Brix", "V", date(2010, 1, 1)), ("Maja Lund", "F"), ("Poul Andersen", "A")),
    "Jammerbugt": (("Inge Thomsen", "V", date(2018, 1, 1)), ("Kim Sørensen", "O"), ("Lars Mikkelsen", "A")),
    "Læsø": (("Jesper Nørgaard", "C", date(2022, 1, 1)), ("Hanne Bach", "A"), ("Erik Holt", "V")),
    "Mariagerfjord": (("Bjarne Kjeldsen", "V", date(2026, 1, 1)), ("Tina Friis", "A"), ("Sofie Ravn", "F")),
    "Morsø": (("Rikke Damgaard", "A", date(2026, 1, 1)), ("Anders Hedegaard", "V"), ("Villy Bundgaard", "Æ")),
    "Rebild": (("Gitte Krarup", "V", date(2022, 1, 1)), ("Morten Iversen", "C"), ("Lone Winther", "A")),
    "Thisted": (("Louise Hvid", "V", date(2026, 1, 1)), ("Claus Lindholm", "C"), ("Bent Overgaard", "A")),
    "Vesthimmerlands": (("Jonna Bisgaard", "V", date(2022, 1, 1)), ("Mette Kragh", "A"), ("Peter Holm", "Æ")),
}
# party-elected member (name, municipality, party) → personal substitute (name, municipality), same party.
# Several are deputy mayors, so their mayors' substitutes follow B1 1.2's chain to the 2nd deputy.
PARTY_ELECTED = [
    (("Demo Medlem", "Aalborg", "A"), ("Jonas Riis", "Aalborg")),
    (("Camilla Rask", "Frederikshavn", "A"), ("Torben Lauridsen", "Hjørring")),
    (("Thomas Aagaard", "Aalborg", "B"), ("Dorthe Nielsen", "Rebild")),
    (("Morten Iversen", "Rebild", "C"), ("Ulla Skovgaard", "Brønderslev")),
    (("Rasmus Bak", "Aalborg", "F"), ("Helle Juul", "Jammerbugt")),
    (("Maja Lund", "Hjørring", "F"), ("Kristian Vad", "Frederikshavn")),
    (("Søren Bech", "Aalborg", "I"), ("Lise Kramer", "Thisted")),
    (("Kim Sørensen", "Jammerbugt", "O"), ("Allan Madsen", "Læsø")),
    (("Anne Mølgaard", "Frederikshavn", "Æ"), ("Flemming Toft", "Vesthimmerlands")),
    (("Peter Holm", "Vesthimmerlands", "Æ"), ("Birthe Kirk", "Thisted")),
    (("Nanna Krogh", "Aalborg", "Ø"), ("Esben Due", "Morsø")),
]
# party: (seats, mayors) — the composition the real KV25 result gives under the 2018 rules (22 = the cap);
# tests/portal/test_demo_data.py checks that importing elections/data/kv25-nordjylland.csv agrees.
ENTITLEMENTS = {
    "A": (4, 2),
    "B": (1, 0),
    "C": (2, 1),
    "F": (2, 0),
    "I": (1, 0),
    "O": (1, 0),
    "V": (8, 8),
    "Æ": (2, 0),
    "Ø": (1, 0),
}


def load_nordjylland_roster() -> int:
    """Create the roster; returns the number of members."""
    council = Council.objects.get(slug="nordjylland")
    period = ElectionPeriod.objects.get(name="2026-2030")
    parties = {party.letter: party for party in Party.objects.exclude(letter="")}
    towns = {town.name: town for town in council.municipalities.all()}
    for letter, (seats, mayors) in ENTITLEMENTS.items():
        SeatEntitlement.objects.update_or_create(
            council=council,
            period=period,
            party=parties[letter],
            defaults={"seats": seats, "mayors": mayors, "is_entitled": True, "note": "Demodata"},
        )
    mayors = {}
    for town, ((name, letter, since), first, second) in MAYORS.items():
        person = _politician(name, towns[town], parties[letter], MunicipalOffice.Kind.MAYOR, mayor_since=since)
        _politician(*first[:1], towns[town], parties[first[1]], MunicipalOffice.Kind.DEPUTY_MAYOR_1)
        _politician(*second[:1], towns[town], parties[second[1]], MunicipalOffice.Kind.DEPUTY_MAYOR_2)
        mayors[town] = _seat(council, period, person, Membership.Kind.MAYOR, parties[letter], towns[town])
    for (name, town, letter), (sub_name, sub_town) in PARTY_ELECTED:
        person = _politician(name, towns[town], parties[letter], MunicipalOffice.Kind.COUNCIL_MEMBER)
        membership = _seat(council, period, person, Membership.Kind.PARTY_ELECTED, parties[letter], towns[town])
        sub = _politician(sub_name, towns[sub_town], parties[letter], MunicipalOffice.Kind.COUNCIL_MEMBER)
        _substitute(membership, sub, f"Valgt af {parties[letter].name}s kommunalbestyrelsesmedlemmer (B1 1.2)")
    for membership in mayors.values():
        proposal = propose_mayor_substitute(membership, on=CONSTITUTED)
        if proposal.person is not None:
            _substitute(membership, proposal.person, proposal.basis)
    return Membership.objects.current(CONSTITUTED).filter(council=council).count()


def _politician(name, town: Municipality, party: Party, kind, *, mayor_since=None) -> Person:
    person = Person.objects.filter(name=name).first() or Person.objects.create(
        name=name, municipality=town, party=party, email=_email(name, town)
    )
    MunicipalOffice.objects.get_or_create(
        person=person,
        municipality=town,
        kind=kind,
        defaults={"party": party, "starts_on": OFFICES_FROM, "mayor_since": mayor_since},
    )
    if kind != MunicipalOffice.Kind.COUNCIL_MEMBER:  # a mayor or deputy also sits in the municipal council
        MunicipalOffice.objects.get_or_create(
            person=person,
            municipality=town,
            kind=MunicipalOffice.Kind.COUNCIL_MEMBER,
            defaults={"party": party, "starts_on": OFFICES_FROM},
        )
    return person


def _seat(council, period, person, kind, party, town) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        person=person,
        council=council,
        period=period,
        ends_on=None,
        defaults={"kind": kind, "party": party, "municipality": town, "starts_on": CONSTITUTED},
    )
    return membership


def _substitute(membership, person, basis):
    SubstituteAssignment.objects.get_or_create(
        membership=membership, ends_on=None, defaults={"person": person, "starts_on": CONSTITUTED, "basis": basis}
    )


def _email(name, town):
    plain = name.lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "."}))
    domain = town.name.lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "-"}))
    return f"{plain}@{domain}.example"
