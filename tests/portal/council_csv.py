"""A complete KKR Nordjylland council as one CSV: 11 mayors, two party-elected members and
three substitutes, for the council-import tests (unit and browser)."""

TOWNS = {
    "0773": "Morsø",
    "0787": "Thisted",
    "0810": "Brønderslev",
    "0813": "Frederikshavn",
    "0820": "Vesthimmerlands",
    "0825": "Læsø",
    "0840": "Rebild",
    "0846": "Mariagerfjord",
    "0849": "Jammerbugt",
    "0851": "Aalborg",
    "0860": "Hjørring",
}
HEADER = "kommunekode;navn;parti;rolle;stedfortræder for;email"


def council_csv(*, extra: list[str] | None = None, drop_mayor: str | None = None) -> str:
    lines = [HEADER]
    for code, town in TOWNS.items():
        if town != drop_mayor:
            lines.append(f"{code};Borgmester {town};V;borgmester;;")
    lines += [
        "0851;Anna Andersen;A;medlem;;anna@aalborg.example",
        "0860;Bent Bach;A;medlem;;",
        "0813;Carla Carlsen;A;stedfortræder;Anna Andersen;",
        "0851;Dan Dahl;V;stedfortræder;Borgmester Aalborg;",
        "0860;Eva Eriksen;A;stedfortræder;Bent Bach;",
        *(extra or []),
    ]
    return "\n".join(lines) + "\n"
