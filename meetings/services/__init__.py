"""Verb-named state changes for meetings (STYLE: one transaction, history user set, tasks queued on commit).

- ``planning``: the meeting plan, agenda items and their order, attachments, member proposals (FO 3.1-3.2, 3.6).
- ``publishing``: agendas and minutes published as PDF versions through Celery (FO 3.3-3.4).
- ``sitting``: absence notices, attendance, quorum, the meeting leader, votes and decisions (FO 3.5, 3.7, 3.9).
"""

from .common import MeetingError
from .planning import (
    accept_proposal,
    add_attachment,
    add_item,
    cancel_meeting,
    decline_proposal,
    move_item,
    plan_meeting,
    remove_item,
    submit_proposal,
    update_item,
    update_meeting,
)
from .publishing import publish_agenda, publish_minutes, render_publication, retry_publication
from .sitting import (
    approve_minutes,
    attendance_sheet,
    meeting_leader,
    meeting_quorum,
    record_absence_notice,
    record_attendance,
    record_decision,
    record_vote,
)

__all__ = [
    "MeetingError",
    "accept_proposal",
    "add_attachment",
    "add_item",
    "approve_minutes",
    "attendance_sheet",
    "cancel_meeting",
    "decline_proposal",
    "meeting_leader",
    "meeting_quorum",
    "move_item",
    "plan_meeting",
    "publish_agenda",
    "publish_minutes",
    "record_absence_notice",
    "record_attendance",
    "record_decision",
    "record_vote",
    "remove_item",
    "render_publication",
    "retry_publication",
    "submit_proposal",
    "update_item",
    "update_meeting",
]
