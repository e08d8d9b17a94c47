"""Reads for meetings: the attendance sheet, quorum and meeting leader (``sitting``), members' requests, the
annual plan, the personal calendar and the portal (``planning``), and the published documents' pages
(``documents``). Services (``services/``) hold the changes only; callers import from ``meetings.queries``.

``portal_context(council, person, today=…)`` returns a plain dict of values; templates render it without further
queries (the secretariat's dashboard: ``meetings.dashboard``). Rule sets come through ``meeting.period.rule_set``.
"""

from .documents import (
    AgendaRow,
    PreviousMinutes,
    agenda_rows,
    document_view,
    documents_minutes_link,
    latest_documents,
    meeting_proposals,
    minutes_link,
    newest_sql,
    on_page_sql,
    planned_with_standing,
    previous_minutes,
    public_page_stamp,
    publication_context,
    shown_documents,
    with_agenda_sql,
)
from .planning import (
    ExtraordinaryDemand,
    PlanShortfall,
    UpcomingMeeting,
    extraordinary_demand,
    personal_meetings,
    plan_shortfalls,
    portal_context,
    upcoming_meetings,
)
from .sitting import (
    SheetRow,
    SittingItem,
    attendance_marks,
    attendance_marks_and_notices,
    attendance_sheet,
    casting_holder,
    meeting_leader,
    meeting_quorum,
    meeting_roster,
    present_in_seats,
    sheet_values,
    sitting_items,
)

__all__ = [
    "SheetRow",
    "SittingItem",
    "sheet_values",
    "meeting_roster",
    "attendance_marks",
    "attendance_marks_and_notices",
    "sitting_items",
    "present_in_seats",
    "attendance_sheet",
    "meeting_quorum",
    "meeting_leader",
    "casting_holder",
    "ExtraordinaryDemand",
    "extraordinary_demand",
    "PlanShortfall",
    "plan_shortfalls",
    "personal_meetings",
    "UpcomingMeeting",
    "upcoming_meetings",
    "portal_context",
    "publication_context",
    "meeting_proposals",
    "AgendaRow",
    "agenda_rows",
    "latest_documents",
    "newest_sql",
    "with_agenda_sql",
    "on_page_sql",
    "shown_documents",
    "document_view",
    "public_page_stamp",
    "planned_with_standing",
    "PreviousMinutes",
    "previous_minutes",
    "minutes_link",
    "documents_minutes_link",
]
