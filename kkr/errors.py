"""The one error type for a refused change.

Services raise ``RuleViolation`` when a rule forbids what was asked; views catch it and show the Danish
message; nothing was changed (the service runs in a transaction). Pure rule modules keep their own
exception types and the services translate them (``raise RuleViolation(str(error), rule=...) from error``).
"""


class RuleViolation(Exception):
    """A rule forbids the change. ``message`` is Danish and says what to do; ``rule`` is the rule id
    (``"FO 3.2"``, ``"B1 1.13"``) or empty when the refusal is not a numbered rule."""

    def __init__(self, message: str, *, rule: str = "") -> None:
        self.message = message
        self.rule = rule
        super().__init__(message)

    def __str__(self) -> str:
        """The message with the rule id, for staff screens: ``"… (B1 1.2)"``."""
        return f"{self.message} ({self.rule})" if self.rule else self.message
