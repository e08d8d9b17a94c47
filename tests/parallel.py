"""The suite in two processes (pytest-xdist, ``make test TEST_PROCESSES=2``): which tests stay together in one
process, and a nodeid of its own for every test.

pytest-xdist's workers collect the tests and send the controller their nodeids; with ``--dist loadgroup`` the
controller keys its work by nodeid and groups it by the ``@group`` suffix that the workers append to the nodeids
of tests marked ``xdist_group``. On pytest 9.2 both fail quietly: a test's nodeid is built from its function's name
and its parametrization, so neither xdist's suffix nor the operation schemathesis appends to each of its generated
tests' names reaches the nodeid. The nine schemathesis tests of tests/api/test_schema.py had one nodeid, and the
controller ran one of them; the fault tests spread over both processes."""

from collections import Counter

import pytest
from xdist.scheduler import LoadGroupScheduling

# The unit of work is a test module, which runs whole and in file order in one process: its module fixtures are
# made once (the known mutants run every mutant in one), and tests that build on the one before them
# (tests/test_database_restore.py) still find it. The fault tests all go to one process together: they share one
# PostgreSQL cluster with the demo per process (tests/faults/conftest.py).
GROUPS = {"tests/faults/": "faults"}


def group_of(nodeid: str) -> str:
    """The unit of work a test belongs to: its group, or its module."""
    return next((group for prefix, group in GROUPS.items() if nodeid.startswith(prefix)), nodeid.split("::")[0])


class GroupScheduling(LoadGroupScheduling):
    """``--dist loadgroup`` with the units above, by nodeid (which the controller has; the markers only the workers
    see), the largest first."""

    def _split_scope(self, nodeid: str) -> str:
        return group_of(nodeid)


def give_each_test_its_own_nodeid(items: list[pytest.Item]) -> None:
    """A test that shares its nodeid with another and whose name says more than its nodeid (schemathesis's
    ``test[GET /api/v1/raad/]``) gets the nodeid its name says."""
    counts = Counter(item.nodeid for item in items)
    for item in items:
        if counts[item.nodeid] > 1 and item.parent is not None and not item.nodeid.endswith(f"::{item.name}"):
            _set_nodeid(item, f"{item.parent.nodeid}::{item.name}")


def _set_nodeid(item: pytest.Item, nodeid: str) -> None:
    if hasattr(item, "_id"):  # pytest 9.2: a structured id, the string derived from it
        item._id = type(item._id).parse(nodeid)
    else:
        item._nodeid = nodeid
