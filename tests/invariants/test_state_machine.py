"""Invariants across features: a hypothesis state machine drives the services, never the ORM, for one council and
period through random sequences of real events (``machine.py``, ``sitting_rules.py``), and after every step checks
the facts two features decide (``checks.py``, ``minutes.py``).

CI runs a small budget (under a minute); ``make invariants`` a large one (``KKR_INVARIANT_EXAMPLES``,
``KKR_INVARIANT_STEPS``). A failure prints the shortest sequence of steps hypothesis found and the
``@reproduce_failure`` blob (``print_blob``); ``--hypothesis-seed=N`` replays a run. Every run prints how often
each rule ran, each service was done or refused, and each check ran and what it verified."""

import contextlib
import os
from unittest import mock

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test
from hypothesis.strategies._internal.featureflags import FeatureFlags

from .machine import CLOCK, OUTCOMES, REACHED, REFUSALS, RULES, CouncilMachine, reset_counters
from .sitting_rules import SittingRules

EXAMPLES = int(os.environ.get("KKR_INVARIANT_EXAMPLES", "1"))
STEPS = int(os.environ.get("KKR_INVARIANT_STEPS", "25"))
PDF = os.environ.get("KKR_INVARIANT_PDF") == "1"  # render the PDFs too (``make invariants``): slower
ONE_PAGE = b"%PDF-1.4\n%%EOF\n"
CHECKS = [
    "one_holder_per_seat",
    "roster_within_composition",
    "appointees_hold_an_office",
    "votes_agree_with_attendance",
    "public_documents_hold_only_released_content",
    "fast_paths_equal_the_orm",
    "search_shows_what_the_pages_show",
]


class CouncilHistories(SittingRules, CouncilMachine):
    """The council's members and appointments (``CouncilMachine``) and its meetings (``SittingRules``)."""


def budget(examples: int, steps: int, **more) -> settings:
    return settings(
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
        **more,
    )


def run(budget_settings, *, every_rule=False) -> None:
    """``every_rule``: every rule may run in every example. Hypothesis leaves a random share of the rules out of
    each example (swarm testing, which finds defects that need some event to stay away); a small fixed budget
    then reaches the sitting only by luck."""
    reset_counters()
    with mock.patch("django.utils.timezone.now", CLOCK), contextlib.ExitStack() as patches:
        if not PDF:  # the documents' HTML is still rendered from each snapshot; WeasyPrint's layout is left out
            patches.enter_context(mock.patch("kkr.pdf.render_pdf", lambda html, **kwargs: ONE_PAGE))
        if every_rule:
            every = st.just(FeatureFlags())  # no data: every feature enabled
            patches.enter_context(mock.patch("hypothesis.stateful.FeatureStrategy", lambda **kwargs: every))
        run_state_machine_as_test(CouncilHistories, settings=budget_settings)
    for title, counter in (("regler", RULES), ("services", OUTCOMES), ("kontroller", REACHED)):
        print(f"\n{title}:\n" + "\n".join(f"  {name:<64} {count:>6}" for name, count in sorted(counter.items())))
    print("\nhyppigste afvisninger:\n" + "\n".join(f"  {n:>5} {m}" for m, n in REFUSALS.most_common(15)))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_invariants_hold_after_every_step_of_random_council_histories(reference_data, bodies, media):
    run(budget(EXAMPLES, STEPS))


@pytest.mark.django_db
def test_a_typical_run_reaches_votes_and_every_check(reference_data, bodies, media):
    """The machine reaches what its invariants are about: votes (quorum is rare at random), ties decided by the
    casting vote, arrivals and departures that flip the quorum at an item (or are refused there), minutes with
    votes, and every check runs with something to verify. A fixed seed and a small budget with every rule in
    every example, so a change that starves a rule shows."""
    run(budget(4, 30, derandomize=True, database=None), every_rule=True)
    assert RULES["vote_cast: flertal"] + RULES["vote_cast: stemmelighed"] and RULES["vote_cast: udslagsgivende"], RULES
    flips = (
        RULES["arrival_or_departure: beslutningsdygtighed skiftede"] + RULES["arrival_or_departure: afvist ved grænsen"]
    )
    assert flips, RULES
    for check in CHECKS:
        assert REACHED[check], (check, REACHED)
    for verified in (
        "votes_agree_with_attendance: afstemninger",
        "public_documents_hold_only_released_content: dokumenter",
        "fast_paths: roller",
        "fast_paths: fremmøderækker",
        "search: fund fulgt til siden",
    ):
        assert REACHED[verified], (verified, REACHED)
