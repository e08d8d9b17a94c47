"""The one refusal type (kkr/errors.py)."""

from kkr.errors import RuleViolation


def test_a_rule_violation_shows_its_rule_id_to_staff():
    error = RuleViolation("Personen er allerede medlem.", rule="B1 1.2")
    assert error.message == "Personen er allerede medlem."
    assert error.rule == "B1 1.2"
    assert str(error) == "Personen er allerede medlem. (B1 1.2)"


def test_a_refusal_without_a_rule_id_is_just_the_message():
    assert str(RuleViolation("Mødet er aflyst.")) == "Mødet er aflyst."
