"""The pure deadline modules under a foreign process time zone (FO 3.2, FO 3.3, B1 1.4).

Django sets the process time zone to Europe/Copenhagen, so a test run inside it can't tell "the meeting
day in Copenhagen" from "the meeting day where the process runs". These tests run the pure modules in a
fresh interpreter without Django, under TZ=UTC, America/New_York and Pacific/Kiritimati, and check that a
meeting just after midnight in Copenhagen (the evening before in those zones) still gets its deadlines
counted from its Copenhagen day.
"""

import io
import json
import os
import subprocess
import sys
import textwrap
from contextlib import redirect_stdout
from pathlib import Path

import pytest

import members.deadlines

# The folder the pure modules were imported from (a mutation test runs these tests in a copy).
SOURCE_ROOT = Path(members.deadlines.__file__).resolve().parents[1]

CHILD = textwrap.dedent(
    """
    import json, sys, time
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from meetings.deadlines import is_agenda_on_time, is_proposal_in_time
    from members.deadlines import COPENHAGEN, DEFAULT_POLICY_CLOSED_DAYS as CLOSED, RelativeDeadline

    def cph(*parts):
        return datetime(*parts, tzinfo=COPENHAGEN)

    def deadline(rule, start):
        resolved = rule.resolve(start)
        return [resolved.on.isoformat(), resolved.ends_at.astimezone(COPENHAGEN).isoformat()]

    fo_3_2 = RelativeDeadline(10)
    fo_3_3 = RelativeDeadline(7)
    b1_1_4 = RelativeDeadline(3, "working_days")
    at_start = RelativeDeadline(0, anchor="meeting_start")
    winter = cph(2026, 3, 12, 0, 30)
    summer = cph(2026, 6, 18, 0, 30)
    print(json.dumps({
        "local_offset_hours": -time.timezone / 3600,
        "django_loaded": any(name.split(".")[0] == "django" for name in sys.modules),
        "FO 3.2 winter": deadline(fo_3_2, winter),
        "FO 3.2 winter, start given in UTC": deadline(fo_3_2, winter.astimezone(timezone.utc)),
        "FO 3.2 winter, start given in New York": deadline(fo_3_2, winter.astimezone(ZoneInfo("America/New_York"))),
        "FO 3.2 summer": deadline(fo_3_2, summer),
        "FO 3.3 summer": deadline(fo_3_3, summer),
        "B1 1.4 working days": deadline(b1_1_4, cph(2026, 3, 17, 0, 30)),
        "at the meeting's start": deadline(at_start, winter),
        "FO 3.2 in time at 23:45": is_proposal_in_time(cph(2026, 3, 2, 23, 45), winter, fo_3_2, closed_days=CLOSED),
        "FO 3.2 late at 00:10": is_proposal_in_time(cph(2026, 3, 3, 0, 10), winter, fo_3_2, closed_days=CLOSED),
        "FO 3.3 on time": is_agenda_on_time(cph(2026, 6, 11, 23, 59), summer, fo_3_3, closed_days=CLOSED),
        "FO 3.3 late": is_agenda_on_time(cph(2026, 6, 12, 0, 0), summer, fo_3_3, closed_days=CLOSED),
    }))
    """
)

EXPECTED = {
    "django_loaded": False,
    "FO 3.2 winter": ["2026-03-02", "2026-03-02T23:59:59.999999+01:00"],
    "FO 3.2 winter, start given in UTC": ["2026-03-02", "2026-03-02T23:59:59.999999+01:00"],
    "FO 3.2 winter, start given in New York": ["2026-03-02", "2026-03-02T23:59:59.999999+01:00"],
    "FO 3.2 summer": ["2026-06-08", "2026-06-08T23:59:59.999999+02:00"],
    "FO 3.3 summer": ["2026-06-11", "2026-06-11T23:59:59.999999+02:00"],
    # Tuesday 17 March 00:30: Monday 16, Friday 13, Thursday 12.
    "B1 1.4 working days": ["2026-03-12", "2026-03-12T23:59:59.999999+01:00"],
    "at the meeting's start": ["2026-03-12", "2026-03-12T00:30:00+01:00"],
    "FO 3.2 in time at 23:45": True,
    "FO 3.2 late at 00:10": False,
    "FO 3.3 on time": True,
    "FO 3.3 late": False,
}


def _in_this_process() -> dict:
    output = io.StringIO()
    with redirect_stdout(output):
        exec(CHILD, {})
    result = json.loads(output.getvalue())
    del result["local_offset_hours"], result["django_loaded"]
    return result


@pytest.mark.parametrize(
    ("zone", "offset"), [("UTC", 0), ("America/New_York", -5), ("Pacific/Kiritimati", 14), ("Europe/Copenhagen", 1)]
)
def test_FO_3_2_FO_3_3_B1_1_4_deadlines_count_from_the_copenhagen_meeting_day_in_any_process_time_zone(zone, offset):
    # The same script in this process first: the same answers in this process's own zone. It also tells a
    # mutation run that this test reaches the deadline functions (the child inherits the mutant).
    assert _in_this_process() == {key: value for key, value in EXPECTED.items() if key != "django_loaded"}
    env = {**os.environ, "TZ": zone, "PYTHONPATH": str(SOURCE_ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    child = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=SOURCE_ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert child.returncode == 0, child.stderr
    result = json.loads(child.stdout)
    assert result.pop("local_offset_hours") == offset  # the zone really is the process's
    assert result == EXPECTED
