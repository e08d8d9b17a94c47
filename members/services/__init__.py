"""Membership services (SPEC §2): verb-named state changes, each one transaction taking the acting user,
recorded in the audit history with the rule as change reason. A rule that forbids the action raises
``kkr.errors.RuleViolation`` (a Danish message and the rule id) and changes nothing. Reads are in
``members.queries``. Every flow opens the follow-up ``Action`` the rule implies."""

from .chairs import elect_chair, end_chair_roles, register_chair_absence
from .departures import DEPARTURE_REASONS, Departure, PartySwitch, record_departure, record_party_switch
from .enrolment import add_member, resolve_action
from .handover import hand_over_council
from .imports import ImportSummary, import_offices
from .leaves import decide_leave, end_leave, register_leave
from .observers import add_observer, end_observer
from .offices import OFFICE_END_REASONS, end_office
from .substitutes import SubstituteProposal, assign_substitute, propose_mayor_substitute

__all__ = [
    "DEPARTURE_REASONS",
    "OFFICE_END_REASONS",
    "Departure",
    "ImportSummary",
    "PartySwitch",
    "SubstituteProposal",
    "add_member",
    "add_observer",
    "assign_substitute",
    "decide_leave",
    "elect_chair",
    "end_chair_roles",
    "end_leave",
    "end_observer",
    "end_office",
    "hand_over_council",
    "import_offices",
    "propose_mayor_substitute",
    "record_departure",
    "record_party_switch",
    "register_chair_absence",
    "register_leave",
    "resolve_action",
]
