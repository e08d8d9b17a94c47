"""Ties and lots shared by the election engines (B1 1.4, § 24 stk. 1 and 3, B1 1.1)."""

import pytest

from elections.ties import Lot, TieError, draw_lot, join_names, lots_drawn, seeded_lots, strict_ties


def test_a_lot_is_stored_and_read_back_in_one_shape():
    lot = Lot(tied=("A", "B"), chosen="B", seat=3)

    assert lot.to_json() == {"tied": ["A", "B"], "chosen": "B", "seat": 3}
    assert Lot.from_json(lot.to_json()) == lot
    assert Lot.from_json({"tied": ["A", "B"], "chosen": "A", "seat": None}) == Lot(("A", "B"), "A")


def test_a_lot_stored_in_the_older_shape_a_bare_winner_is_read():
    assert Lot.from_json("B") == Lot(tied=(), chosen="B", seat=None)


def test_a_stored_lot_without_tied_or_seat_keys_is_read():
    assert Lot.from_json({"chosen": "A"}) == Lot(tied=(), chosen="A", seat=None)
    assert Lot.from_json({"chosen": "A", "tied": None}) == Lot(tied=(), chosen="A", seat=None)


@pytest.mark.parametrize(
    ("names", "text"),
    [([], ""), (["A"], "A"), (["A", "B"], "A og B"), (["A", "B", "C"], "A, B og C"), (iter("XYZW"), "X, Y, Z og W")],
)
def test_names_are_joined_the_danish_way(names, text):
    assert join_names(names) == text


def test_a_tie_error_names_the_tied_and_the_seat_whole_message():
    assert str(TieError(["A", "B", "C"], seat=4)) == "Uafgjort mellem A, B og C om plads 4 – der skal trækkes lod."
    assert str(TieError(("A", "B"))) == "Uafgjort mellem A og B – der skal trækkes lod."
    assert TieError(["B", "A"]).tied == ("B", "A")


def test_strict_ties_refuse_to_draw():
    with pytest.raises(TieError) as raised:
        strict_ties(("A", "B"))

    assert (raised.value.tied, raised.value.seat) == (("A", "B"), None)


def test_draw_lot_asks_with_the_tied_sorted_and_records_the_answer():
    asked = []

    lot = draw_lot(["C", "A", "B"], lambda tied: asked.append(tied) or "B", seat=2)

    assert asked == [("A", "B", "C")]
    assert lot == Lot(tied=("A", "B", "C"), chosen="B", seat=2)


def test_draw_lot_adds_the_seat_to_a_refusal():
    with pytest.raises(TieError) as raised:
        draw_lot(["B", "A"], strict_ties, seat=5)

    assert (raised.value.tied, raised.value.seat) == (("A", "B"), 5)
    assert str(raised.value) == "Uafgjort mellem A og B om plads 5 – der skal trækkes lod."


def test_draw_lot_refuses_a_winner_outside_the_tie_whole_message():
    with pytest.raises(ValueError) as raised:
        draw_lot(["A", "B"], lambda tied: "C")

    assert str(raised.value) == "Lodtrækningens vinder 'C' er ikke blandt A og B."


def test_lots_drawn_are_replayed_in_order_then_the_next_tie_is_asked_for():
    draw = lots_drawn("B", "C")

    assert (draw(("A", "B")), draw(("A", "C"))) == ("B", "C")
    with pytest.raises(TieError) as raised:
        draw(("A", "D"))
    assert raised.value.tied == ("A", "D")


def test_seeded_lots_repeat_with_the_same_seed_and_draw_among_the_tied():
    first, again = seeded_lots(7), seeded_lots(7)
    draws = [first(("A", "B", "C")) for _ in range(30)]

    assert draws == [again(("C", "B", "A")) for _ in range(30)]
    assert set(draws) == {"A", "B", "C"}
    assert seeded_lots()(("A", "B")) in {"A", "B"}


def test_draw_lot_keeps_the_tie_a_refusing_callback_names_or_names_the_tied_itself():
    def refuse_naming(names):
        def tie_break(tied):
            raise TieError(names)

        return tie_break

    with pytest.raises(TieError) as unnamed:
        draw_lot(["B", "A"], refuse_naming(()), seat=2)
    with pytest.raises(TieError) as named:
        draw_lot(["B", "A"], refuse_naming(("A",)), seat=2)

    assert (unnamed.value.tied, unnamed.value.seat) == (("A", "B"), 2)
    assert (named.value.tied, named.value.seat) == (("A",), 2)
