"""Verb-named state changes for meetings (STYLE: one transaction, history user set, tasks queued on commit).

- ``planning``: the meeting plan: planned, moved, cancelled (FO 3.1).
- ``agenda``: agenda items, their order and numbers, locked once the minutes are approved (FO 3.4, 3.6).
- ``standing``: the council's standing items and putting them on an agenda (FO 3.2).
- ``proposals``: member proposals, in time or not (FO 3.2).
- ``bilag``: attachments, read once at upload, and changed after sending as a new version (FO 3.3).
- ``publishing``: agendas, supplementary agendas (Tillæg) and minutes published as PDF versions: the request, its
  checks and content snapshots (FO 3.2-3.4).
- ``rendering``: a publication's PDF rendered under a lease, and staff's retry (FO 3.3-3.4).
- ``delivery``: the members' e-mail of a ready publication, one recorded message per recipient.
- ``outbox``: what publications still owe, and sending it (again) to the broker.
- ``requests``: members' requests for an extraordinary meeting (FO 3.1).
- ``calendar``: the personal secret-URL calendar.
- ``sitting``: absence notices, attendance, votes, decisions and approved minutes (FO 3.4, 3.7, 3.9).
- ``presence``: arrivals and departures during the meeting, and the votes restated after any change of attendance
  (FO 3.5, 3.7, 3.9).

Changes only: reads (attendance sheet, quorum, leader, requests counted, dashboards) are in ``meetings.queries``.
Refusals raise ``kkr.errors.RuleViolation``.
"""

from .agenda import add_item, agenda_is_sent, move_item, postpone_item, remove_item, update_item
from .bilag import add_attachment, remove_attachment, replace_attachment
from .calendar import renew_calendar_feed
from .planning import cancel_meeting, cancellation_recipients, plan_meeting, record_staff_present, update_meeting
from .presence import record_arrival, record_departure, record_elected_chairs, restate_votes
from .proposals import accept_proposal, decline_proposal, submit_proposal
from .publishing import publish_agenda, publish_minutes, publish_supplement
from .rendering import render_publication, retry_publication
from .requests import request_extraordinary_meeting
from .sitting import (
    approve_minutes,
    correct_vote,
    mark_all_present,
    personal_substitute,
    record_absence_notice,
    record_attendance,
    record_decision,
    record_vote,
    remove_vote,
    reopen_minutes,
    withdraw_absence_notice,
)
from .standing import create_default_standing_items, insert_standing_items, remove_standing_item, save_standing_item

__all__ = [
    "record_arrival",
    "record_departure",
    "record_elected_chairs",
    "restate_votes",
    "remove_attachment",
    "replace_attachment",
    "agenda_is_sent",
    "cancellation_recipients",
    "create_default_standing_items",
    "mark_all_present",
    "postpone_item",
    "record_staff_present",
    "reopen_minutes",
    "withdraw_absence_notice",
    "personal_substitute",
    "accept_proposal",
    "add_attachment",
    "add_item",
    "approve_minutes",
    "correct_vote",
    "cancel_meeting",
    "decline_proposal",
    "insert_standing_items",
    "move_item",
    "plan_meeting",
    "publish_agenda",
    "publish_minutes",
    "publish_supplement",
    "record_absence_notice",
    "record_attendance",
    "record_decision",
    "record_vote",
    "remove_vote",
    "remove_item",
    "remove_standing_item",
    "render_publication",
    "renew_calendar_feed",
    "request_extraordinary_meeting",
    "retry_publication",
    "save_standing_item",
    "submit_proposal",
    "update_item",
    "update_meeting",
]
