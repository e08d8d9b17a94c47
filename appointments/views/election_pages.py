"""What the election page shows: the rounds or groups so far, names for the stored ids, and what happens next
(§ 24 stk. 1 and 3) — computed here so the template only shows values."""

from __future__ import annotations

from elections.majority import Status
from elections.ties import join_names
from members.models import Person

from .. import voting
from ..forms import DepartureForm, GroupForm, LotForm, RoundForm, nominee_people
from ..models import Election


def _names(election: Election, seats) -> dict[str, str]:
    ids = set(election.candidates)
    ids |= {pid for g in election.groups for pid in (*g["members"], *g["nominees"])}
    ids |= {a["person"] for a in election.result.get("assignments", [])}
    return {str(pk): name for pk, name in Person.objects.filter(pk__in=ids).values_list("pk", "name")}


def majority_next_step(election: Election, names: dict[str, str]) -> str:
    """§ 24 stk. 1 in words: what the last round decided and what comes next."""
    state = voting.replay_majority(election.rounds)
    if not state.rounds:
        return "1. afstemning: valgt er den, der får stemmer fra mere end halvdelen af de tilstedeværende medlemmer."
    last = state.rounds[-1]
    if last.status is Status.ELECTED:
        return f"{names.get(last.elected, last.elected)} er valgt ({last.number}. afstemning)."
    if last.status is Status.LOT_NEEDED:
        return f"Stemmelighed mellem {join_names(names.get(c, c) for c in last.tied)}: der skal trækkes lod."
    if last.status is Status.RUN_OFF:
        pair = join_names(names.get(c, c) for c in last.run_off)
        return f"Ingen er valgt: bunden afstemning (3. afstemning) mellem {pair}; flest stemmer vinder, lige → lod."
    return (
        f"Ingen fik stemmer fra mere end halvdelen af de {last.members_present} tilstedeværende: 2. afstemning "
        "(valgt med flertal af de tilstedeværende, eller som den eneste, der får stemmer)."
    )


def proportional_next_step(election: Election, undeclared: list) -> str:
    if election.state == Election.State.AWAITING_LOT:
        tie = election.result["tie"]
        return f"Lige store kvotienter om plads {tie['seat']} mellem {join_names(tie['tied'])}: der skal trækkes lod."
    if election.state == Election.State.DECIDED:
        return "Pladserne er fordelt. Bekræft for at registrere udpegningerne og skrive dem i referatet."
    if undeclared:
        return f"Mangler at anmelde gruppe: {join_names(p.name for p in undeclared)}."
    return "Alle tilstedeværende har anmeldt en gruppe: fordel pladserne efter d'Hondt."


def _lot_text(lot: dict, names: dict[str, str]) -> str:
    tied = join_names(names.get(t, t) for t in lot["tied"])
    return f"Lod mellem {tied}: faldt på {names.get(lot['chosen'], lot['chosen'])}"


def _rounds(election: Election, names: dict[str, str]) -> list[dict]:
    return [
        {
            "number": r["number"],
            "present": r["members_present"],
            "tally": [(names.get(c, c), votes) for c, votes in r["tally"].items()],
            "lots": [_lot_text(lot, names) for lot in r["lots"]],
        }
        for r in election.rounds
    ]  # fmt: skip


def _majority(election: Election, names: dict[str, str], forms: dict) -> dict:
    state = voting.replay_majority(election.rounds)
    run_off = state.run_off if state.next_round == 3 else None
    candidates = run_off or [str(pk) for pk in election.candidates]
    round_candidates = {int(c): names.get(c, c) for c in candidates}
    tied = {c: names.get(c, c) for c in (state.rounds[-1].tied if state.status is Status.LOT_NEEDED else ())}
    return {
        "rounds": _rounds(election, names),
        "next_step": majority_next_step(election, names),
        "round_candidates": round_candidates,
        "round_form": forms.get("round_form") or (RoundForm(candidates=round_candidates) if state.next_round else None),
        "tied": tied,
        "lot_form": forms.get("lot_form") or (LotForm(tied=tied) if tied else None),
    }


def _proportional(council, election: Election, seats, names: dict[str, str], forms: dict) -> dict:
    voters = voting.voters_present(election.meeting, election.agenda_item)
    undeclared = voting.undeclared(election, voters)
    tie = election.result.get("tie") if election.state == Election.State.AWAITING_LOT else None
    tied = {g: g for g in tie["tied"]} if tie else {}
    is_open = election.state == Election.State.OPEN
    people = nominee_people(council, seats)
    group_form = GroupForm(voters=undeclared, nominees=people, seats=len(seats)) if is_open and undeclared else None
    departure_form = DepartureForm(seats=seats, people=people) if is_open else None
    seat_labels = {s.pk: s.label for s in seats}
    return {
        "voters": voters,
        "undeclared": undeclared,
        "groups": [
            {**g, "size": len(g["members"]), "nominee_names": [names.get(str(p)) for p in g["nominees"]]}
            for g in election.groups
        ],
        "next_step": proportional_next_step(election, undeclared),
        "tied": tied,
        "lot_form": forms.get("lot_form") or (LotForm(tied=tied) if tied else None),
        "group_form": forms.get("group_form") or group_form,
        "departure_form": forms.get("departure_form") or departure_form,
        "assignments": [
            {"seat": seat_labels.get(a["seat"]), "group": a["group"], "person": names.get(str(a["person"]))}
            for a in election.result.get("assignments", [])
        ],
        "lots": [f"Plads {lot['seat']}: {_lot_text(lot, {})}" for lot in election.lots],
    }


def election_context(council, election: Election, forms: dict) -> dict:
    seats = voting.seats_for(election)
    names = _names(election, seats)
    context = {"council": council, "election": election, "meeting": election.meeting, "seats": seats}
    context["is_majority"] = election.kind == Election.Kind.MAJORITY
    context["can_confirm"] = election.state == Election.State.DECIDED
    context["is_confirmed"] = election.state == Election.State.CONFIRMED
    context["is_withdrawn"] = election.state == Election.State.WITHDRAWN
    if context["is_majority"]:
        context.update(_majority(election, names, forms))
    else:
        context.update(_proportional(council, election, seats, names, forms))
    return context
