"""Meetings, agendas, member proposals, attendance, votes and published documents (SPEC §3, FO 3.0-3.9), a module
per concern: ``meeting``, ``agenda`` (items, bilag and their upload check, proposals), ``sitting`` (afbud,
attendance, presence, votes), ``publication`` (published versions and their e-mail), ``planning`` (extraordinary
requests, standing items, calendar addresses). The search index's models live in ``meetings/searchindex.py``.
Imported in this order, the models register in the order they always had."""

# isort: off
from .meeting import DEFAULT_DURATION, Meeting, MeetingKind, MeetingQuerySet, MeetingStatus, one_of
from .agenda import (
    ENCRYPTED_PDF,
    MAX_ATTACHMENT_BYTES,
    UNREADABLE_PDF,
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    AgendaStep,
    Attachment,
    ItemProposal,
    ItemProposalStatus,
    read_checked_pdf,
    validate_pdf,
)
from .sitting import AbsenceNotice, Attendance, AttendanceCapacity, PresenceSpan, Vote, VoteChoice
from .publication import (
    Delivery,
    Publication,
    PublicationAudience,
    PublicationKind,
    PublicationQuerySet,
    PublicationState,
)
from .planning import (
    STANDING_STEPS,
    CalendarFeed,
    ExtraordinaryRequest,
    ExtraordinaryRequestQuerySet,
    StandingItem,
    StandingItemPlacement,
)
from ..searchindex import LiveItemVector, SearchEntry, SearchText
# isort: on

__all__ = [
    "DEFAULT_DURATION",
    "ENCRYPTED_PDF",
    "MAX_ATTACHMENT_BYTES",
    "STANDING_STEPS",
    "UNREADABLE_PDF",
    "AbsenceNotice",
    "AgendaItem",
    "AgendaItemKind",
    "AgendaItemStatus",
    "AgendaStep",
    "Attachment",
    "Attendance",
    "AttendanceCapacity",
    "CalendarFeed",
    "Delivery",
    "ExtraordinaryRequest",
    "ExtraordinaryRequestQuerySet",
    "ItemProposal",
    "ItemProposalStatus",
    "LiveItemVector",
    "Meeting",
    "MeetingKind",
    "MeetingQuerySet",
    "MeetingStatus",
    "PresenceSpan",
    "Publication",
    "PublicationAudience",
    "PublicationKind",
    "PublicationQuerySet",
    "PublicationState",
    "SearchEntry",
    "SearchText",
    "StandingItem",
    "StandingItemPlacement",
    "Vote",
    "VoteChoice",
    "one_of",
    "read_checked_pdf",
    "validate_pdf",
]
