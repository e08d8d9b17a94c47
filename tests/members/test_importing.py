"""Reading municipal politicians from CSV (members/importing.py) and applying the checked file
(services.import_offices): every problem in Danish per row; a file with any problem changes nothing."""

import codecs
from datetime import date

import pytest

from kkr.csvfiles import CsvFileError as ImportFileError
from kkr.csvfiles import decode_upload as decode
from kkr.errors import RuleViolation
from members import services
from members.importing import parse_offices
from members.models import MunicipalOffice, Person
from tests.builders import politician, snapshot

pytestmark = pytest.mark.django_db

START = date(2026, 1, 1)
HEADER = "kommunekode;navn;parti;hverv;email"
GOOD = [
    "0851;Anna Andersen;A;Borgmester;anna@aalborg.example",
    "0851;Bent Berg;V;1. viceborgmester;",
    "0851;Carla Clausen;C;2. viceborgmester;carla@aalborg.example",
    "0851;Dorte Dahl;V;kommunalbestyrelsesmedlem;",
    "0860;Erik Eriksen;V;borgmester;erik@hjoerring.example",
]


def csv_text(*lines, header=HEADER):
    return "\n".join([header, *lines]) + "\n"


def problems(parsed):
    return parsed.problems + [f"{row.line}: {p}" for row in parsed.rows for p in row.problems]


def test_a_good_file_is_valid_and_a_mayor_or_deputy_also_gets_a_council_seat(nordjylland):
    parsed = parse_offices(csv_text(*GOOD), nordjylland, starts_on=START)
    assert parsed.is_valid, problems(parsed)
    mayor = parsed.rows[0]
    assert (mayor.municipality.name, mayor.party.letter, mayor.kind) == ("Aalborg", "A", "mayor")
    assert mayor.new_kinds == ["mayor", "council_member"]
    assert parsed.rows[3].new_kinds == ["council_member"]
    assert (parsed.new_people, parsed.new_offices) == (5, 9)


def test_parsing_reads_what_it_needs_in_four_queries(nordjylland, django_assert_num_queries):
    text = csv_text(*GOOD)
    with django_assert_num_queries(4):  # municipalities, parties, the council's people, their offices
        parse_offices(text, nordjylland, starts_on=START)


@pytest.mark.parametrize(
    "spelling, kind",
    [
        ("Kommunalbestyrelsesmedlem", "council_member"),
        ("byrådsmedlem", "council_member"),
        ("medlem", "council_member"),
        ("BORGMESTER", "mayor"),
        ("1. viceborgmester", "deputy_mayor_1"),
        ("1.viceborgmester", "deputy_mayor_1"),
        ("første viceborgmester", "deputy_mayor_1"),
        ("2. Viceborgmester", "deputy_mayor_2"),
        ("anden viceborgmester", "deputy_mayor_2"),
    ],
)
def test_the_accepted_spellings_of_an_office(nordjylland, spelling, kind):
    parsed = parse_offices(csv_text(f"0851;Anna Andersen;A;{spelling};"), nordjylland, starts_on=START)
    assert parsed.is_valid, problems(parsed)
    assert parsed.rows[0].kind == kind


@pytest.mark.parametrize(
    "line, message",
    [
        ("9999;Anna Andersen;A;borgmester;", "Ukendt kommunekode «9999»."),
        (";Anna Andersen;A;borgmester;", "Kommunekoden mangler."),
        ("0101;Anna Andersen;A;borgmester;", "København (0101) hører ikke under KKR Nordjylland."),
        ("0851;Anna Andersen;Q;borgmester;", "Ukendt partibogstav «Q»"),
        ("0851;Anna Andersen;A;rådmand;", "Ukendt hverv «rådmand»; brug kommunalbestyrelsesmedlem"),
        ("0851;Anna Andersen;A;;", "Hvervet mangler"),
        ("0851;Anna Andersen;A;viceborgmester;", "Skriv «1. viceborgmester» eller «2. viceborgmester»."),
        ("0851;Anna Andersen;A;borgmester;anna@", "Ugyldig e-mailadresse «anna@»."),
        ("0851;;A;borgmester;", "Navnet mangler."),
        ("0851;" + "x" * 201 + ";A;medlem;", "Navnet er for langt"),
    ],
)
def test_every_bad_row_is_reported_in_danish(nordjylland, line, message):
    parsed = parse_offices(csv_text(line), nordjylland, starts_on=START)
    assert not parsed.is_valid
    assert any(message in problem for problem in parsed.rows[0].problems), problems(parsed)


def test_a_person_twice_and_two_mayors_in_one_municipality_are_reported(nordjylland):
    parsed = parse_offices(
        csv_text(GOOD[0], "0851;anna  ANDERSEN;A;medlem;", "0851;Frede Fisker;O;Borgmester;"),
        nordjylland,
        starts_on=START,
    )
    assert parsed.rows[1].problems == ["anna ANDERSEN i Aalborg står allerede i linje 2; skriv én linje pr. person."]
    assert parsed.rows[2].problems == ["Aalborg har allerede en borgmester i linje 2; der er én pr. kommune."]


def test_a_post_already_held_by_someone_else_is_reported(nordjylland):
    politician("Gammel Borgmester", kind="mayor", letter="A")
    parsed = parse_offices(csv_text(GOOD[0]), nordjylland, starts_on=START)
    assert parsed.rows[0].problems == [
        "Aalborg har allerede borgmester Gammel Borgmester (fra 1. januar 2026); afslut det hverv først."
    ]


def test_an_office_that_ended_before_the_start_is_no_obstacle_and_carries_mayor_since(nordjylland):
    anna = politician("Anna Andersen", kind="mayor", letter="A")
    anna.offices.update(starts_on=date(2022, 1, 1), ends_on=date(2025, 12, 31), mayor_since=date(2018, 1, 1))
    parsed = parse_offices(csv_text(GOOD[0]), nordjylland, starts_on=START)
    assert parsed.is_valid, problems(parsed)
    assert parsed.rows[0].person == anna and parsed.rows[0].mayor_since == date(2018, 1, 1)


def test_an_existing_person_is_matched_by_name_and_municipality_and_an_held_office_is_not_repeated(nordjylland):
    dorte = politician("Dorte Dahl", letter="V")
    politician("Dorte Dahl", "Hjørring", letter="V")
    parsed = parse_offices(csv_text(" 851 ;  dorte   dahl ;v;Kommunalbestyrelsesmedlem;"), nordjylland, starts_on=START)
    assert parsed.is_valid, problems(parsed)
    row = parsed.rows[0]
    assert row.person == dorte and row.new_kinds == []
    assert "Hvervet er allerede registreret; intet ændres." in row.notes


def test_two_people_of_the_same_name_in_a_municipality_are_reported(nordjylland):
    politician("Dorte Dahl")
    politician("Dorte Dahl")
    parsed = parse_offices(csv_text(GOOD[3]), nordjylland, starts_on=START)
    assert parsed.rows[0].problems == ["Der er 2 personer ved navn Dorte Dahl i Aalborg."]


def test_commas_a_bom_and_windows_1252_are_read(nordjylland):
    text = csv_text(*GOOD).replace(";", ",")
    assert parse_offices(decode(codecs.BOM_UTF8 + text.encode()), nordjylland, starts_on=START).is_valid
    parsed = parse_offices(
        decode("\n".join([HEADER, "0860;Søren Ærø;V;medlem;"]).encode("cp1252")), nordjylland, starts_on=START
    )
    assert parsed.is_valid and parsed.rows[0].name == "Søren Ærø"


def test_a_local_list_is_found_by_its_name_and_an_empty_party_is_outside_the_parties(nordjylland):
    parsed = parse_offices(csv_text("0851;Anna Andersen;;medlem;"), nordjylland, starts_on=START)
    assert parsed.is_valid and parsed.rows[0].party is None


@pytest.mark.parametrize(
    "data, message",
    [
        (b"PK\x03\x04rest-of-a-zip", "Excel-regneark"),
        (codecs.BOM_UTF16_LE + "kommunekode".encode("utf-16-le"), "UTF-16"),
        (b"\xd0\xcf\x11\xe0\x00\x00", "binære data"),
        (b"kommunekode;navn\n\x81\x8d;x\n", "tegnsæt"),
    ],
)
def test_a_file_that_is_not_csv_text_is_refused_with_a_danish_message(data, message):
    with pytest.raises(ImportFileError, match=message):
        decode(data)


@pytest.mark.parametrize(
    "text, message",
    [
        ("kommunekode;navn;email\n0851;Anna;\n", "Filen mangler kolonnerne: parti, hverv."),
        ("", "Filen mangler kolonnerne: kommunekode, navn, parti, hverv."),
        (HEADER + "\n\n", "Filen indeholder ingen rækker"),
    ],
)
def test_a_file_without_the_columns_or_rows_stops(nordjylland, text, message):
    parsed = parse_offices(text, nordjylland, starts_on=START)
    assert not parsed.is_valid and message in parsed.problems[0]


def test_applying_creates_people_and_offices_with_the_history_user(nordjylland, staff_user):
    parsed = parse_offices(csv_text(*GOOD), nordjylland, starts_on=START)
    summary = services.import_offices(parsed, actor=staff_user)
    assert (summary.people_created, summary.offices_created, summary.rows_unchanged) == (5, 9, 0)
    anna = Person.objects.get(name="Anna Andersen")
    assert anna.email == "anna@aalborg.example" and anna.party.letter == "A"
    mayor = anna.offices.get(kind="mayor")
    assert (mayor.starts_on, mayor.mayor_since, mayor.party.letter) == (START, START, "A")
    assert {h.history_user for h in MunicipalOffice.history.all()} == {staff_user}
    assert {h.history_user for h in Person.history.all()} == {staff_user}


def test_applying_the_same_file_twice_changes_nothing_the_second_time(nordjylland, staff_user):
    services.import_offices(parse_offices(csv_text(*GOOD), nordjylland, starts_on=START), actor=staff_user)
    before = snapshot()
    again = parse_offices(csv_text(*GOOD), nordjylland, starts_on=START)
    assert again.is_valid, problems(again)
    assert services.import_offices(again, actor=staff_user).rows_unchanged == 5
    assert snapshot() == before


def test_an_existing_persons_empty_email_and_party_are_filled_in_but_not_overwritten(nordjylland, staff_user):
    dorte = politician("Dorte Dahl", letter=None)
    bent = Person.objects.create(name="Bent Berg", municipality=dorte.municipality, email="bent@old.example")
    lines = ("0851;Dorte Dahl;V;1. viceborgmester;dorte@new.example", "0851;Bent Berg;V;medlem;bent@new.example")
    parsed = parse_offices(csv_text(*lines), nordjylland, starts_on=START)
    assert "Registreret e-mail bent@old.example bevares." in parsed.rows[1].notes
    services.import_offices(parsed, actor=staff_user)
    dorte.refresh_from_db()
    bent.refresh_from_db()
    assert (dorte.email, dorte.party.letter) == ("dorte@new.example", "V")
    assert bent.email == "bent@old.example"
    assert set(dorte.offices.values_list("kind", flat=True)) == {"council_member", "deputy_mayor_1"}


def test_a_file_with_one_bad_row_changes_nothing(nordjylland, staff_user):
    before = snapshot()
    parsed = parse_offices(csv_text(*GOOD, "0851;Ulla Ukendt;Q;medlem;"), nordjylland, starts_on=START)
    with pytest.raises(RuleViolation, match="intet er indlæst"):
        services.import_offices(parsed, actor=staff_user)
    assert snapshot() == before


# --- FO 3.8: the file can end offices too ----------------------------------------------------------------

END_HEADER = "kommunekode;navn;parti;hverv;email;til"


def test_fo_3_8_a_til_column_ends_an_existing_office_with_history_and_a_new_one_gets_its_end(nordjylland, staff_user):
    existing = politician("Dorte Dahl", "Aalborg")
    text = csv_text(
        "0851;Dorte Dahl;V;kommunalbestyrelsesmedlem;;31.08.2026",
        "0851;Bent Berg;V;kommunalbestyrelsesmedlem;;2026-06-30",
        header=END_HEADER,
    )
    parsed = parse_offices(text, nordjylland, starts_on=START)
    assert parsed.is_valid, problems(parsed)
    assert (parsed.new_offices, parsed.ended_offices) == (1, 1)
    summary = services.import_offices(parsed, actor=staff_user)
    assert summary.offices_ended == 1 and "1 hverv er afsluttet" in summary.message
    office = MunicipalOffice.objects.get(person=existing)
    assert office.ends_on == date(2026, 8, 31)
    assert office.history.first().history_user == staff_user
    assert MunicipalOffice.objects.get(person__name="Bent Berg").ends_on == date(2026, 6, 30)
    again = parse_offices(text, nordjylland, starts_on=START)
    assert again.ended_offices == 0 and again.new_offices == 0  # importing the same file again changes nothing


def test_b1_1_9_a_til_column_ending_a_kkr_members_office_asks_staff_to_register_his_departure(
    nordjylland, period, staff_user
):
    from members.models import Action
    from tests.builders import seat

    member = seat(nordjylland, period, politician("Dorte Dahl", "Aalborg"))
    parsed = parse_offices(
        csv_text("0851;Dorte Dahl;V;kommunalbestyrelsesmedlem;;31.08.2026", header=END_HEADER), nordjylland,
        starts_on=START,
    )  # fmt: skip
    services.import_offices(parsed, actor=staff_user)
    assert Action.objects.get(membership=member, resolved_at__isnull=True).rule == "B1 1.9"


def test_fo_3_8_a_bad_or_early_til_is_a_problem_and_nothing_changes(nordjylland, staff_user):
    politician("Dorte Dahl", "Aalborg")
    text = csv_text(
        "0851;Dorte Dahl;V;kommunalbestyrelsesmedlem;;31.13.2026",
        "0851;Bent Berg;V;kommunalbestyrelsesmedlem;;2025-12-31",
        header=END_HEADER,
    )
    parsed = parse_offices(text, nordjylland, starts_on=START)
    assert "2: Ugyldig slutdato «31.13.2026» (skriv fx 2026-08-31 eller 31.08.2026)." in problems(parsed)
    assert any("ligger før hvervene gælder fra" in p for p in problems(parsed))
    before = snapshot()
    with pytest.raises(RuleViolation):
        services.import_offices(parsed, actor=staff_user)
    assert snapshot() == before
