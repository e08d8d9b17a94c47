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

# nodeid prefix -> the group that runs in one process. The fault tests share one PostgreSQL cluster with the demo
# per process (tests/faults/conftest.py) and start servers of their own; the known mutants share a module fixture
# that runs every mutant.
GROUPS = {
    "tests/faults/": "faults",
    "tests/test_known_mutants.py::": "known-mutants",
}


def group_of(nodeid: str) -> str:
    """The unit of work a test belongs to: its group, or the test alone."""
    return next((group for prefix, group in GROUPS.items() if nodeid.startswith(prefix)), nodeid)


class GroupScheduling(LoadGroupScheduling):
    """``--dist loadgroup`` with the groups above, by nodeid (which the controller has; the markers only the workers
    see), the largest first: the fault tests start at once in one process."""

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
