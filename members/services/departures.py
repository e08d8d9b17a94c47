"""Departures (B1 1.9, 1.13, 1.14) and a mayor's change of party (B1 1.10-1.12)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef

from kkr.errors import RuleViolation
from kkr.formats import format_date

from ..models import Action, EndReason, Membership, MunicipalOffice, Party, SeatEntitlement, SubstituteAssignment
from ..queries import council_offices, period_on, rules_on
from .chairs import end_chair_roles
from .common import open_action, save
from .offices import end_offices_on_leaving
from .substitutes import propose_mayor_substitute

DEPARTURE_REASONS = [
    EndReason.LEFT_MUNICIPAL_COUNCIL,
    EndReason.LEFT_PARTY,
    EndReason.DIED,
    EndReason.DECLINED,
    EndReason.MUNICIPALITY_LEFT_KL,
    EndReason.OTHER,
]
# The departures after which the person holds no municipal office: a death ends it as leaving the council does.
OFFICE_ENDING_REASONS = (EndReason.LEFT_MUNICIPAL_COUNCIL, EndReason.DIED)


@dataclass
class Departure:
    """What a departure changed: the ended row, the substitute's new membership (B1 1.13), the actions."""

    ended: Membership | SubstituteAssignment
    new_membership: Membership | None = None
    actions: list[Action] = field(default_factory=list)


@transaction.atomic
def record_departure(target, *, on: date, reason: str, actor, substitute_accepts: bool = True) -> Departure:
    """B1 1.9: a member or substitute leaves the council; ``on`` is the last day in it."""
    if reason not in DEPARTURE_REASONS:
        raise RuleViolation("Vælg en gyldig grund til udtræden.", rule="B1 1.9")
    if target.ends_on is not None or target.starts_on > on:
        raise RuleViolation(f"{target.person} sidder ikke den {format_date(on)}.", rule="B1 1.9")
    if isinstance(target, Membership):
        _require_substitute_begun(target, on)
    if reason in OFFICE_ENDING_REASONS:  # the register reads the offices (FO 3.8): end them too
        end_offices_on_leaving(target.person, on=on, reason=reason, actor=actor)
    if isinstance(target, SubstituteAssignment):
        return _substitute_leaves(target, on=on, reason=reason, actor=actor)
    if target.kind == Membership.Kind.MAYOR and reason == EndReason.LEFT_PARTY:
        raise RuleViolation(
            "En borgmester, der forlader sit parti, forbliver medlem; registrér et partiskifte i stedet.",
            rule="B1 1.10",
        )
    target.ends_on, target.end_reason = on, reason
    save(target, actor, "B1 1.9")
    if reason == EndReason.LEFT_PARTY:  # the party is dated: from the next day he represents no party
        _leave_party(target.person, on + timedelta(days=1), actor)
    _clip_leaves(target, on, actor)
    departure = Departure(ended=target, actions=end_chair_roles(target, on=on, reason=reason, actor=actor))
    if target.kind == Membership.Kind.MAYOR:
        _mayor_leaves(target, departure, actor)
    else:
        _party_elected_leaves(target, departure, actor, substitute_accepts=substitute_accepts)
    return departure


def _require_substitute_begun(membership, on):
    """B1 1.13: the personal substitute ends with the member (and becomes member the next day); one assigned from a
    day after the member's last day would end before beginning."""
    assignment = _current_substitute(membership)
    if assignment is not None and assignment.starts_on > on:
        raise RuleViolation(
            f"{assignment.person} er først personlig stedfortræder for {membership.person} fra "
            f"{format_date(assignment.starts_on)}; den sidste dag kan tidligst være den dag.",
            rule="B1 1.13",
        )


def _clip_leaves(membership, on, actor):
    for leave in membership.leaves.filter(ends_on__gt=on):
        leave.ends_on = max(on, leave.starts_on)
        save(leave, actor, "B1 1.9")


def _current_substitute(membership):
    return membership.substitutes.filter(ends_on__isnull=True).select_related("person").first()


def _mayor_leaves(membership, departure, actor):
    assignment = _current_substitute(membership)
    if assignment is not None:
        _end(assignment, membership.ends_on, EndReason.MEMBER_LEFT, actor)
    departure.actions.append(
        open_action(
            membership.council,
            kind=Action.Kind.NEW_MAYOR,
            title=f"{membership.municipality}s nye borgmester skal registreres som medlem",
            rule="B1 1.0",
            actor=actor,
            membership=membership,
        )
    )


def _party_elected_leaves(membership, departure, actor, *, substitute_accepts):
    """B1 1.13: the substitute becomes member the next day; or, declining, stays substitute for a new member."""
    council, party, person = membership.council, membership.party, membership.person
    assignment = _current_substitute(membership)
    starts_on = membership.ends_on + timedelta(days=1)
    if assignment is not None and not rules_on(membership.ends_on).party_change_rules:
        _no_step_up(membership, departure, assignment, EndReason.MEMBER_LEFT, "2010-reglerne har ingen B1 1.13", actor)
        return
    if assignment is not None and not council_offices(assignment.person, council, starts_on):
        _no_step_up(
            membership,
            departure,
            assignment,
            EndReason.LEFT_MUNICIPAL_COUNCIL,
            f"{assignment.person} sidder ikke længere i en kommunalbestyrelse i regionen",
            actor,
        )
        return
    if assignment is None or not substitute_accepts:
        stays = f"; {assignment.person} forbliver stedfortræder for det nye medlem" if assignment else ""
        departure.actions.append(
            open_action(
                council,
                kind=Action.Kind.NEW_MEMBER,
                title=f"{party.name} skal vælge nyt medlem i stedet for {person}{stays}",
                rule="B1 1.13",
                actor=actor,
                membership=membership,
                party=party,
            )
        )
        return
    _end(assignment, membership.ends_on, EndReason.BECAME_MEMBER, actor)
    offices = council_offices(assignment.person, council, starts_on)
    new = Membership(
        council=council,
        period=period_on(starts_on),
        person=assignment.person,
        kind=Membership.Kind.PARTY_ELECTED,
        party=party,
        municipality=offices[0].municipality if offices else membership.municipality,
        starts_on=starts_on,
    )
    departure.new_membership = save(new, actor, "B1 1.13")
    departure.actions.append(
        open_action(
            council,
            kind=Action.Kind.NEW_SUBSTITUTE,
            title=f"{party.name} skal vælge ny stedfortræder for {new.person}",
            rule="B1 1.13",
            actor=actor,
            membership=new,
            party=party,
        )
    )


def _no_step_up(membership, departure, assignment, reason, why, actor):
    """B1 1.9: the substitute can't become member (no municipal office in the region on the day, or no B1 1.13
    in the rule set): the assignment ends with the member and the group elects a new member and substitute."""
    _end(assignment, membership.ends_on, reason, actor)
    departure.actions.append(
        open_action(
            membership.council,
            kind=Action.Kind.NEW_MEMBER,
            title=f"{membership.party.name} skal vælge nyt medlem og ny stedfortræder i stedet for "
            f"{membership.person}; {why}",
            rule="B1 1.9",
            actor=actor,
            membership=membership,
            party=membership.party,
        )
    )


def _substitute_leaves(assignment, *, on, reason, actor):
    """B1 1.14 (party-elected member) or B1 1.2 (mayor): a new substitute is needed."""
    _end(assignment, on, reason, actor)
    membership = assignment.membership
    departure = Departure(ended=assignment)
    if membership.ends_on is not None:
        return departure
    if membership.kind == Membership.Kind.MAYOR:
        proposal = propose_mayor_substitute(membership, on=on + timedelta(days=1))
        title, rule, details = f"Ny stedfortræder for borgmester {membership.person}", "B1 1.2", proposal.explanation
    else:
        title = f"{membership.party.name} skal vælge ny stedfortræder for {membership.person}"
        rule, details = "B1 1.14", ""
    departure.actions.append(
        open_action(
            membership.council,
            kind=Action.Kind.NEW_SUBSTITUTE,
            title=title,
            rule=rule,
            actor=actor,
            membership=membership,
            party=membership.party,
            details=details,
        )
    )
    return departure


def _end(assignment, on, reason, actor):
    assignment.ends_on, assignment.end_reason = on, reason
    return save(assignment, actor, "B1 1.9")


@dataclass
class PartySwitch:
    """B1 1.10-1.12: the mayor stays; ``action`` when the party must appoint a new member."""

    membership: Membership
    explanation: str
    action: Action | None = None
    cap_excess: int = 0


@transaction.atomic
def record_party_switch(membership: Membership, *, new_party: Party | None, on: date, actor) -> PartySwitch:
    """B1 1.10: a mayor who leaves his party stays a member, no recalculation. B1 1.11: if he was the
    party's only representative and the party is entitled, its council members appoint a new member;
    B1 1.12: the cap (B1 1.1) may then be exceeded, and the excess is shown."""
    if membership.kind != Membership.Kind.MAYOR:
        raise RuleViolation(
            "Et partivalgt medlem, der forlader partiet, udtræder af KKR; "
            "registrér en udtræden med grunden 'udtrådt af partiet'.",
            rule="B1 1.9",
        )
    if membership.ends_on is not None or membership.starts_on > on:
        raise RuleViolation(f"{membership.person} er ikke medlem den {format_date(on)}.", rule="B1 1.10")
    person, old_party = membership.person, membership.party
    if new_party == (person.party or old_party):
        raise RuleViolation(f"{person} repræsenterer allerede {new_party}.", rule="B1 1.10")
    person.party = new_party
    save(person, actor, "B1 1.10")
    _move_offices(person, new_party, on, actor)
    switch = PartySwitch(membership, f"{person} forbliver medlem af KKR; sammensætningen beregnes ikke igen (B1 1.10).")
    period = period_on(on)
    if not period.rules_on(on).party_change_rules:
        switch.explanation = f"{person} forbliver medlem af KKR som borgmester; 2010-reglerne har ingen B1 1.10-1.14."
        return switch
    in_old_party = MunicipalOffice.objects.current(on).filter(person=OuterRef("person"), party=old_party)
    others = (  # B1 1.11: the party on the day, from the dated offices (a mayor who already switched is gone)
        Membership.objects.current(on)
        .filter(council=membership.council, party=old_party)
        .filter(Exists(in_old_party))
        .exclude(pk=membership.pk)
    )
    if others.exists():
        switch.explanation += f" {old_party} er fortsat repræsenteret i KKR, så der udpeges ikke et nyt medlem."
        return switch
    entitlement = SeatEntitlement.objects.filter(council=membership.council, period=period, party=old_party).first()
    if entitlement is None or not entitlement.is_entitled:
        switch.explanation += (
            f" {old_party} er ikke berettiget til repræsentation (§ 15 stk. 2); intet nyt medlem (B1 1.11)."
        )
        return switch
    switch.cap_excess, details = _cap_excess(membership.council, period, on)
    switch.action = open_action(
        membership.council,
        kind=Action.Kind.NEW_MEMBER,
        title=f"{old_party.name} skal udpege et nyt medlem til KKR",
        rule="B1 1.11",
        actor=actor,
        membership=membership,
        party=old_party,
        details=details,
    )
    switch.explanation += f" {old_party} var kun repræsenteret ved borgmesteren og udpeger et nyt medlem (B1 1.11)."
    return switch


def _cap_excess(council, period, on):
    factor = period.rules_on(on).cap_factor
    if not factor:
        return 0, "Regelsættet har intet loft (B1 1.1)."
    cap = factor * council.municipalities.filter(is_kl_member=True).count()
    size = Membership.objects.current(on).filter(council=council).count() + 1
    excess = max(0, size - cap)
    if excess:
        return (
            excess,
            f"Med det nye medlem har KKR {size} medlemmer; loftet på {cap} (B1 1.1) overskrides med {excess}, "
            "som B1 1.12 tillader.",
        )
    return 0, f"Med det nye medlem har KKR {size} medlemmer; loftet er {cap} (B1 1.1)."


def _leave_party(person, on, actor):
    """B1 1.9 "udtrådt af partiet": the person's offices continue from ``on`` without a party."""
    if person.party_id is not None:
        person.party = None
        save(person, actor, "B1 1.9")
    _move_offices(person, None, on, actor, reason="B1 1.9")


def _move_offices(person, new_party, on, actor, reason="B1 1.10"):
    """Dated offices: the current ones end the day before ``on`` and continue from ``on`` under the new party."""
    for office in MunicipalOffice.objects.current(on).filter(person=person).exclude(party=new_party):
        if office.starts_on == on:
            office.party = new_party
            save(office, actor, reason)
            continue
        ends_on = office.ends_on
        office.ends_on = on - timedelta(days=1)
        save(office, actor, reason)
        office.pk, office.id, office.starts_on, office.ends_on, office.party = None, None, on, ends_on, new_party
        office._state.adding = True
        save(office, actor, reason)
