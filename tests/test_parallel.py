"""The suite reports the same tests in one process as in two (tests/parallel.py): each test has a nodeid of its
own, each module runs whole in one process, and the fault tests all in one."""

from collections import Counter

from tests.parallel import GroupScheduling, group_of


def test_every_collected_test_has_a_nodeid_of_its_own(request):
    """pytest-xdist's group scheduling keys the tests by nodeid: of tests sharing one, it ran only one."""
    shared = {nodeid: count for nodeid, count in Counter(i.nodeid for i in request.session.items).items() if count > 1}
    assert shared == {}


def test_the_schemathesis_tests_are_told_apart_by_their_operation(request):
    nodeids = [i.nodeid for i in request.session.items if i.nodeid.startswith("tests/api/test_schema.py::test_every")]
    assert all(nodeid.endswith("/]") and "[GET /api/v1/" in nodeid for nodeid in nodeids)


def test_the_fault_tests_run_in_one_process_and_every_other_module_whole_in_one():
    assert group_of("tests/faults/test_worker.py::test_a_killed_worker") == "faults"
    assert group_of("tests/faults/test_database.py::test_down[x]") == "faults"
    assert group_of("tests/test_known_mutants.py::test_the_unit_tests_kill[a]") == "tests/test_known_mutants.py"
    assert group_of("tests/test_database_restore.py::test_the_next_one") == "tests/test_database_restore.py"
    assert group_of("tests/api/test_schema.py::test_every_operation[GET /api/v1/raad/]") == "tests/api/test_schema.py"
    assert group_of("tests/test_faults_like.py::test_x") == "tests/test_faults_like.py"


def test_every_test_marked_faults_is_in_the_fault_group_and_no_other(request):
    """The marker (what the tests say) and the group (what the scheduler sees: the nodeid) agree."""
    items = request.session.items
    disagree = [i.nodeid for i in items if bool(i.get_closest_marker("faults")) != (group_of(i.nodeid) == "faults")]
    assert disagree == []


def test_the_scheduler_groups_by_the_table():
    scheduler = object.__new__(GroupScheduling)  # its grouping alone, without workers
    assert scheduler._split_scope("tests/faults/test_disk.py::test_full_disk") == "faults"
    assert scheduler._split_scope("tests/test_widgets.py::test_a[x]") == "tests/test_widgets.py"
