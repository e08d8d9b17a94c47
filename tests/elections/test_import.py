"""Reading election results from CSV: every problem reported in Danish, per row; nothing is stored here.

The builders at the top are shared by the other elections tests."""

import pytest

from elections.importing import parse_results
from kkr.csvfiles import decode_upload as decode
from members.models import Municipality, Party

HEADER = "kommunekode;bogstav;parti;stemmer;mandater;borgmester"
LISTS = (("A", "Socialdemokratiet", 1000, 5), ("V", "Venstre", 800, 4), ("C", "Det Konservative Folkeparti", 200, 1))


def towns(council):
    return list(council.municipalities.order_by("name"))


def results_csv(council, *, lists=LISTS, mayors="V", extra=()):
    """Every municipality of `council` with the same `lists` (letter, name, votes, seats); `mayors` is one
    letter for all, or one letter per municipality in name order. `extra` lines are appended as they are."""
    lines = [HEADER]
    for index, town in enumerate(towns(council)):
        mayor = mayors if len(mayors) == 1 else mayors[index]
        for letter, name, votes, seats in lists:
            lines.append(f"{town.code};{letter};{name};{votes};{seats};{'ja' if letter == mayor else ''}")
    return "\n".join([*lines, *extra]) + "\n"


def problems(parsed):
    return parsed.problems + [f"{row.line}: {p}" for row in parsed.rows for p in row.problems]


def test_a_complete_file_is_valid_and_finds_the_known_parties(nordjylland):
    parsed = parse_results(results_csv(nordjylland), nordjylland)
    assert parsed.is_valid, problems(parsed)
    assert len(parsed.rows) == 33
    assert {row.party.letter for row in parsed.rows} == {"A", "V", "C"}
    assert parsed.new_parties == []


def test_parsing_reads_municipalities_and_parties_in_two_queries(nordjylland, django_assert_num_queries):
    text = results_csv(nordjylland)
    with django_assert_num_queries(2):  # municipalities, parties
        parse_results(text, nordjylland)


def test_commas_windows_1252_and_thousands_separators_are_read(nordjylland):
    text = results_csv(nordjylland, lists=(("V", "Venstre", "1.234", 4),)).replace(";", ",")
    parsed = parse_results(decode(text.encode("cp1252")), nordjylland)
    assert parsed.is_valid, problems(parsed)
    assert parsed.rows[0].votes == 1234


def test_every_bad_row_is_reported_in_danish(nordjylland):
    aalborg = Municipality.objects.get(name="Aalborg")
    extra = [
        "9999;A;Socialdemokratiet;10;1;",
        "0101;A;Socialdemokratiet;10;1;",
        f"{aalborg.code};O;Dansk Folkeparti;mange;1;",
        f"{aalborg.code};Ø;Enhedslisten;-5;0;",
        f"{aalborg.code};A;Socialdemokratiet;10;1;",
        f"{aalborg.code};F;SF;10;0;måske",
    ]
    found = "\n".join(problems(parse_results(results_csv(nordjylland, extra=extra), nordjylland)))
    assert "Ukendt kommunekode «9999»." in found
    assert "København (0101) hører ikke under KKR Nordjylland." in found
    assert "Stemmetallet «mange» er ikke et helt tal på mindst 0." in found
    assert "Stemmetallet «-5» er ikke et helt tal på mindst 0." in found
    assert "Socialdemokratiet i Aalborg står allerede i linje" in found
    assert "Kolonnen borgmester skal være «ja» eller tom, ikke «måske»." in found


def test_a_missing_municipality_or_mayor_and_two_mayors_are_reported(nordjylland):
    text = results_csv(nordjylland)
    first, second, third = towns(nordjylland)[:3]
    lines = [line for line in text.splitlines() if not line.startswith(first.code)]
    lines = [line.removesuffix("ja") if line.startswith(second.code) else line for line in lines]
    lines.append(f"{third.code};F;SF – Socialistisk Folkeparti;10;1;ja")
    found = problems(parse_results("\n".join(lines), nordjylland))
    assert f"{first.name} ({first.code}) mangler i filen." in found
    assert f"{second.name}: ingen borgmester angivet (kolonnen borgmester)." in found
    assert any(p.startswith(f"{third.name}: borgmester angivet i flere linjer") for p in found)


def test_missing_columns_stop_the_file(nordjylland):
    parsed = parse_results("kommunekode;parti;stemmer\n0851;Venstre;10\n", nordjylland)
    assert not parsed.is_valid
    assert parsed.problems == [
        "Filen mangler kolonnerne: bogstav, mandater, borgmester. Første linje skal være overskrifterne."
    ]


def test_an_unknown_list_becomes_a_local_list_and_a_new_national_party_needs_art(nordjylland):
    text = results_csv(nordjylland).replace(HEADER, HEADER + ";art")
    aalborg = Municipality.objects.get(name="Aalborg")
    extra = [
        f"{aalborg.code};L;Aalborglisten;500;2;;",
        f"{aalborg.code};H;Borgernes Parti;300;1;;landsparti",
        f"{aalborg.code};;Lokallisterne i Danmark;200;1;;",
    ]
    parsed = parse_results(text + "\n".join(extra), nordjylland)
    assert parsed.is_valid, problems(parsed)
    created = {(p.name, p.letter, p.kind) for p in parsed.new_parties}
    assert created == {("Aalborglisten", "", Party.Kind.LOCAL_LIST), ("Borgernes Parti", "H", Party.Kind.NATIONAL)}
    assert parsed.rows[-1].party == Party.objects.get(name="Lokallisterne i Danmark")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{code};;Nyt Parti;5;0;;landsparti", "Det nye landsparti «Nyt Parti» skal have et bogstav."),
        (
            "{code};X;Noget;5;0;;parti",
            "Kolonnen art skal være landsparti, listesamarbejde eller lokalliste, ikke «parti».",
        ),
        ("{code};X;;5;0;;", "Partiets navn mangler."),
        ("{code};X;Liste X;5;0;ja;", "Borgmesterens liste skal have mindst ét mandat i kommunalbestyrelsen."),
    ],
)
def test_party_problems_are_named(nordjylland, line, message):
    text = results_csv(nordjylland).replace(HEADER, HEADER + ";art")
    code = Municipality.objects.get(name="Aalborg").code
    found = problems(parse_results(text + line.format(code=code), nordjylland))
    assert any(problem.endswith(message) for problem in found), found


def test_a_non_member_municipality_is_listed_but_not_counted(nordjylland):
    aalborg = Municipality.objects.get(name="Aalborg")
    aalborg.is_kl_member = False
    aalborg.save()
    parsed = parse_results(results_csv(nordjylland), nordjylland)
    assert parsed.is_valid, problems(parsed)
    assert "Linje 2: Aalborg er ikke medlem af KL og tælles ikke med." in parsed.notices
    assert len(parsed.counted_rows()) == 30
