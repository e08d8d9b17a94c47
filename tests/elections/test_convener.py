"""B1 1.3: the constituent meeting is convened by the region's longest-serving mayor; on a tie the oldest."""

from datetime import date

import pytest

from elections.convener import Mayor, longest_serving_mayor
from kkr.formats import format_date


def mayor(pk, since, born=date(1960, 1, 1), name=None):
    return Mayor(pk, name or f"Borgmester {pk}", f"Kommune {pk}", since, born)


@pytest.mark.parametrize(
    ("case", "mayors", "expected"),
    [
        ("B1 1.3 earliest mayor_since wins", [mayor(1, date(2014, 1, 1)), mayor(2, date(2010, 1, 1))], 2),
        (
            "B1 1.3 one day earlier is enough",
            [mayor(1, date(2010, 1, 2), born=date(1940, 1, 1)), mayor(2, date(2010, 1, 1), born=date(1980, 1, 1))],
            2,
        ),
        (
            "B1 1.3 tie on mayor_since: the oldest",
            [mayor(1, date(2010, 1, 1), born=date(1955, 3, 2)), mayor(2, date(2010, 1, 1), born=date(1955, 3, 1))],
            2,
        ),
        (
            "B1 1.3 the tie is among the longest-serving only",
            [
                mayor(1, date(2018, 1, 1), born=date(1930, 1, 1)),
                mayor(2, date(2010, 1, 1), born=date(1970, 1, 1)),
                mayor(3, date(2010, 1, 1), born=date(1965, 1, 1)),
            ],
            3,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_b1_1_3_convener(case, mayors, expected):
    result = longest_serving_mayor(mayors)
    assert result.mayor is not None and result.mayor.id == expected
    assert result.missing == ()
    assert any("B1 1.3" in line for line in result.explanation)


def test_b1_1_3_the_explanation_names_the_convener_and_the_tie():
    result = longest_serving_mayor(
        [mayor(1, date(2010, 1, 1), date(1950, 5, 1), "Anna"), mayor(2, date(2010, 1, 1), date(1951, 1, 1), "Bo")],
        date_text=format_date,
    )
    assert result.explanation == (
        "2 borgmestre på mødedagen; længst siddende siden 1. januar 2010.",
        "Lige længe: Anna, Bo; den ældste indkalder (B1 1.3).",
        "Anna (Kommune 1) er den ældste, født 1. maj 1950.",
    )


def test_b1_1_3_a_missing_mayor_since_names_no_convener_and_says_what_is_missing():
    result = longest_serving_mayor([mayor(1, date(2010, 1, 1)), mayor(2, None, name="Bo")])
    assert result.mayor is None
    assert result.missing == ("Bo (Kommune 2): borgmester uafbrudt siden",)


def test_b1_1_3_a_missing_birth_date_matters_only_on_a_tie():
    assert longest_serving_mayor([mayor(1, date(2010, 1, 1), born=None), mayor(2, date(2014, 1, 1))]).mayor.id == 1
    tied = longest_serving_mayor([mayor(1, date(2010, 1, 1), born=None, name="Anna"), mayor(2, date(2010, 1, 1))])
    assert tied.mayor is None
    assert tied.missing == ("Anna (Kommune 1): fødselsdato",)


def test_b1_1_3_same_day_of_birth_is_left_to_the_secretariat():
    result = longest_serving_mayor([mayor(1, date(2010, 1, 1)), mayor(2, date(2010, 1, 1))], date_text=format_date)
    assert result.mayor is None
    assert result.explanation == (
        "2 borgmestre på mødedagen; længst siddende siden 1. januar 2010.",
        "Lige længe: Borgmester 1, Borgmester 2; den ældste indkalder (B1 1.3).",
        "Borgmester 1, Borgmester 2 er født samme dag (1. januar 1960); afgør det i hånden.",
    )


def test_b1_1_3_without_mayors_there_is_no_convener():
    result = longest_serving_mayor([])
    assert result.mayor is None
    assert result.explanation == ("Der er ingen borgmestre registreret i rådets KL-medlemskommuner på mødedagen.",)


def test_b1_1_3_the_explanation_names_the_longest_serving_mayor_whole():
    result = longest_serving_mayor(
        [mayor(2, date(2014, 1, 1), name="Bo"), mayor(1, date(2010, 1, 1), name="Anna")], date_text=format_date
    )

    assert result.explanation == (
        "2 borgmestre på mødedagen; længst siddende siden 1. januar 2010.",
        "Anna (Kommune 1) har været borgmester længst (B1 1.3).",
    )


def test_b1_1_3_missing_data_is_explained_whole():
    since = longest_serving_mayor([mayor(1, None, name="Anna"), mayor(2, None, name="Bo")])
    born = longest_serving_mayor([mayor(1, date(2010, 1, 1), born=None), mayor(2, date(2010, 1, 1), born=None)])

    assert since.explanation == ("Indkalderen kan ikke findes, fordi der mangler oplysninger (B1 1.3).",)
    assert since.missing == ("Anna (Kommune 1): borgmester uafbrudt siden", "Bo (Kommune 2): borgmester uafbrudt siden")
    assert born.explanation[-1] == "Den ældste kan ikke findes, fordi der mangler fødselsdatoer."
    assert born.missing == ("Borgmester 1 (Kommune 1): fødselsdato", "Borgmester 2 (Kommune 2): fødselsdato")
