from .documents import DocumentJob
from .membership import (
    Action,
    ChairRole,
    EndReason,
    Leave,
    Membership,
    Observer,
    SeatEntitlement,
    SubstituteAssignment,
)
from .people import DatedQuerySet, MunicipalOffice, Person, current_on, current_sql, is_open, open_on, open_sql
from .reference import Council, ElectionPeriod, Municipality, Party, RuleSet, RuleSetVersion
from .staff import StaffGrant

__all__ = [
    "Action",
    "ChairRole",
    "Council",
    "DatedQuerySet",
    "DocumentJob",
    "ElectionPeriod",
    "EndReason",
    "Leave",
    "Membership",
    "MunicipalOffice",
    "Municipality",
    "Observer",
    "Party",
    "Person",
    "RuleSet",
    "RuleSetVersion",
    "SeatEntitlement",
    "StaffGrant",
    "current_on",
    "is_open",
    "current_sql",
    "open_on",
    "open_sql",
    "SubstituteAssignment",
]
