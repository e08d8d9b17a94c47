"""The meetings' rules of the invariants state machine: meetings planned and moved, afbud, agendas, Tillæg and
minutes, and the sitting itself. Votes need a quorum, which random marks seldom reach, so the sitting is driven
the way a secretariat records it: attendance one seat at a time until the quorum is reached (and a few more),
arrivals and departures at the items that flip it, and votes whose tally fits those present, ties with and without
the casting vote among them. The secretariat records the sitting during the meeting (the machine's clock then)."""

from contextlib import contextmanager
from datetime import datetime, time, timedelta

from django.db.models import Max
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from meetings import services as meeting_services
from meetings.models import AbsenceNotice, AgendaItem, Meeting, Publication
from meetings.queries import at_item, attendance_sheet
from members.deadlines import COPENHAGEN

from . import checks
from .machine import CLOCK, RULES, counted

ITEMS = st.integers(0, 9)  # which of the meeting's items (modulo their number)


class SittingRules:
    """Mixed into the state machine (``CouncilMachine``): ``self.attempt``, ``self.pick``, ``self.on``."""

    sittings: set[int]  # meetings with attendance taken: the votes' precondition

    # --- helpers --------------------------------------------------------------------------------------------

    def meeting(self, index) -> Meeting | None:
        meetings = list(Meeting.objects.filter(council=self.council).order_by("pk"))
        return self.pick(meetings, index)

    def open_meeting(self, index, among=None) -> Meeting | None:
        """A meeting whose sitting can still be recorded (not cancelled, minutes not approved); ``among``: pks."""
        meetings = Meeting.objects.filter(council=self.council, minutes_approved_at__isnull=True).exclude(
            status=Meeting.Status.CANCELLED
        )
        if among is not None:
            meetings = meetings.filter(pk__in=among)
        return self.pick(list(meetings.order_by("pk")), index)

    def item(self, meeting, index) -> AgendaItem | None:
        items = meeting.items.filter(status=AgendaItem.Status.ACTIVE, is_section=False).order_by("position")
        return self.pick(list(items), index)

    @contextmanager
    def during(self, meeting):
        """The secretariat records the sitting half an hour into the meeting."""
        before = CLOCK.moment
        CLOCK.moment = meeting.starts_at + timedelta(minutes=30)
        try:
            yield meeting.starts_at
        finally:
            CLOCK.moment = before

    def quorate(self, meeting, position) -> bool | None:
        at = at_item(meeting, position)
        return None if at.quorum is None else at.quorum.is_quorate

    # --- planning and documents ------------------------------------------------------------------------------

    @rule(offset=st.integers(1, 60))
    @counted
    def meeting_planned(self, offset):
        starts_at = datetime.combine(self.on(offset), time(10), tzinfo=COPENHAGEN)
        meeting = self.attempt(
            meeting_services.plan_meeting, self.council, actor=self.staff, kind=Meeting.Kind.ORDINARY,
            starts_at=starts_at, location="Aalborg Rådhus",
        )  # fmt: skip
        if meeting is not None:
            self.attempt(meeting_services.add_item, meeting, actor=self.staff, title="Trafikplan")
            self.attempt(
                meeting_services.add_item, meeting, actor=self.staff, title="Lukket sag", is_closed=True,
                case_presentation=checks.SECRET, recommendation=checks.SECRET,
            )  # fmt: skip
            self.attempt(meeting_services.add_item, meeting, actor=self.staff, title="Budget")

    @rule(index=st.integers(0, 5), offset=st.integers(-20, 20))
    @counted
    def meeting_moved(self, index, offset):
        meeting = self.meeting(index)
        if meeting is not None:
            self.attempt(meeting_services.update_meeting, meeting, actor=self.staff,
                         starts_at=meeting.starts_at + timedelta(days=offset))  # fmt: skip

    @rule(index=st.integers(0, 5), seat=st.integers(0, 10))
    @counted
    def afbud_given(self, index, seat):
        meeting, membership = self.meeting(index), self.pick(self.seats(), seat)
        if meeting is not None and membership is not None:
            now = meeting.starts_at - timedelta(days=1)
            self.attempt(meeting_services.record_absence_notice, meeting, membership=membership, actor=self.staff,
                         now=now)  # fmt: skip

    @precondition(lambda self: self.done["record_absence_notice"])  # else nothing to withdraw
    @rule(index=st.integers(0, 20))
    @counted
    def afbud_withdrawn(self, index):
        notice = self.pick(list(AbsenceNotice.objects.filter(meeting__council=self.council).order_by("pk")), index)
        if notice is not None:
            now = notice.meeting.starts_at - timedelta(hours=1)
            self.attempt(meeting_services.withdraw_absence_notice, notice, actor=self.staff, now=now)

    @rule(index=st.integers(0, 5), kind=st.sampled_from(["agenda", "supplement"]))
    @counted
    def agenda_or_supplement_published(self, index, kind):
        """One rule for both (each renders PDFs, the slowest step)."""
        meeting = self.meeting(index)
        if meeting is None:
            return
        if kind == "agenda":
            before = meeting.starts_at - timedelta(days=20)
            self.attempt(meeting_services.publish_agenda, meeting, actor=self.staff, late_reason="Sent", now=before,
                         change_note="Rettet")  # fmt: skip
        else:
            self.attempt(meeting_services.add_item, meeting, actor=self.staff, title="Tillægspunkt")
            before = meeting.starts_at - timedelta(days=2)
            self.attempt(meeting_services.publish_supplement, meeting, actor=self.staff, now=before,
                         change_note="Rettet")  # fmt: skip

    # --- the sitting -----------------------------------------------------------------------------------------

    @rule(index=st.integers(0, 5), first=st.integers(0, 9), extra=st.sampled_from([0, 1, 2, "alle"]))
    @counted
    def quorum_taken(self, index, first, extra):
        """Seats marked present one at a time until the first item is quorate, then ``extra`` more; or "Alle til
        stede" (``mark_all_present``: everyone on the sheet who holds a seat and has no afbud)."""
        meeting = self.open_meeting(index)
        if meeting is not None and extra == "alle":
            with self.during(meeting) as now:
                if self.attempt(meeting_services.mark_all_present, meeting, actor=self.staff, now=now) is not None:
                    self.sittings.add(meeting.pk)
        elif meeting is not None:
            self.take_quorum(meeting, first, extra)

    def take_quorum(self, meeting, first: int, extra: int) -> Meeting | None:
        """Seats marked present one at a time (``record_attendance``, from sheet row ``first`` on) until the first
        item is quorate, then ``extra`` more: how a sitting usually starts, at the quorum's edge. The personal
        substitute of a member with afbud fills that member's seat. Returns the meeting once quorate."""
        first_item = self.item(meeting, 0)
        if first_item is None:
            return None
        with self.during(meeting) as now:
            sheet = attendance_sheet(meeting)
            rows = [r for r in sheet if r.membership is not None and r.is_present is None]
            rows = [r for r in rows[first % len(rows):] + rows[: first % len(rows)] if not (r.holds_seat and
                    r.has_notice)] if rows else []  # fmt: skip
            for row in rows:
                quorate = self.quorate(meeting, first_item.position)
                if quorate is None or (quorate and extra == 0):
                    break
                extra -= bool(quorate)
                self.attempt(meeting_services.record_attendance, meeting, person=row.person, is_present=True,
                             actor=self.staff, now=now)  # fmt: skip
        if not self.quorate(meeting, first_item.position):
            return None
        event("beslutningsdygtigt efter fremmøde")
        self.sittings.add(meeting.pk)
        return meeting

    def sitting(self, index, first) -> Meeting | None:
        """A meeting in session: one with attendance taken, else one where the quorum is taken now."""
        meeting = self.open_meeting(index, among=self.sittings)
        if meeting is None:
            meeting = self.open_meeting(index)
            meeting = meeting and self.take_quorum(meeting, first, extra=first % 2)
        return meeting

    @rule(index=st.integers(0, 5), sheet_row=st.integers(0, 20), present=st.booleans())
    @counted
    def attendance_taken(self, index, sheet_row, present):
        meeting = self.meeting(index)
        row = meeting and self.pick(attendance_sheet(meeting), sheet_row)
        if row is not None:
            with self.during(meeting) as now:
                self.attempt(meeting_services.record_attendance, meeting, person=row.person, is_present=present,
                             actor=self.staff, now=now)  # fmt: skip

    @rule(index=st.integers(0, 5), who=st.integers(0, 20), item=ITEMS, arrival=st.booleans())
    @counted
    def arrival_or_departure(self, index, who, item, arrival):
        """FO 3.9: someone present leaves before an item, or someone absent there arrives at it; the quorum at the
        items after may flip (refused where a vote or decision recorded there would no longer stand). A member
        leaves before the first item where exactly the quorum is present, when there is one, so the quorum flips."""
        meeting = self.sitting(index, who)
        items = list(meeting.items.order_by("position")) if meeting else []
        before = {i.position: at_item(meeting, i.position) for i in items}
        at = self.pick(items[1:], item)  # not the first item: there one is present or not
        if not arrival:
            at = next((i for i in items[1:] if _at_the_edge(before[i.position])), at)
        if at is None:
            return
        present = before[at.position].present_ids
        rows = [r for r in attendance_sheet(meeting) if (r.person.pk in present) != arrival and r.membership]
        row = self.pick(rows, who)
        if row is None:
            return
        move = meeting_services.record_arrival if arrival else meeting_services.record_departure
        with self.during(meeting) as now:
            done = self.attempt(move, meeting, person=row.person, position=at.position, actor=self.staff, now=now)
        quorate = {position: bool(a.quorum and a.quorum.is_quorate) for position, a in before.items()}
        if done is not None and quorate != {p: bool(self.quorate(meeting, p)) for p in quorate}:
            event("beslutningsdygtigheden skiftede ved et punkt")
            RULES["arrival_or_departure: beslutningsdygtighed skiftede"] += 1
        elif done is None and not arrival and _at_the_edge(before[at.position]):
            event("afgang afvist ved beslutningsdygtighedens grænse")  # a vote or decision there would not stand
            RULES["arrival_or_departure: afvist ved grænsen"] += 1

    @rule(
        index=st.integers(0, 5),
        item=ITEMS,
        split=st.integers(0, 100),
        abstain=st.integers(0, 2),
        tie=st.booleans(),
        casting=st.sampled_from(["", "for", "against", "abstain"]),
        over=st.integers(0, 9),
    )
    @counted
    def vote_cast(self, index, item, split, abstain, tie, casting, over):
        """FO 3.7: a vote at an item of a sitting, its tally fitting those present there (``over`` == 0: one vote
        too many, refused); a tie, with the casting vote for, against, abstaining or not given. Without a meeting
        in session the secretariat first takes the attendance (so votes happen in most runs)."""
        meeting = self.sitting(index, split)
        target_item = meeting and self.item(meeting, item)
        if target_item is None:
            return
        at = at_item(meeting, target_item.position)
        present = at.quorum.present if at.quorum is not None else 0
        abstentions = min(abstain, present)
        cast = present - abstentions
        votes_for = cast // 2 if tie else cast * split // 100
        votes_against = votes_for if tie else cast - votes_for
        with self.during(meeting):
            vote = self.attempt(
                meeting_services.record_vote, target_item, actor=self.staff, votes_for=votes_for + (over == 0),
                votes_against=votes_against, abstentions=abstentions, casting_vote=casting,
            )  # fmt: skip
        if vote is not None:
            kind = "udslagsgivende" if vote.is_decided_by_casting_vote else "stemmelighed" if tie else "flertal"
            event(f"afstemning: {kind}")
            RULES[f"vote_cast: {kind}"] += 1

    @precondition(lambda self: self.sittings)
    @rule(index=st.integers(0, 5), item=ITEMS)
    @counted
    def decision_recorded(self, index, item):
        """FO 3.4: a decision for the minutes (a decision item needs the quorum there, FO 3.7)."""
        meeting = self.open_meeting(index, among=self.sittings)
        target_item = meeting and self.item(meeting, item)
        if target_item is not None:
            with self.during(meeting) as now:
                self.attempt(meeting_services.record_decision, target_item, actor=self.staff, decision="Vedtaget.",
                             now=now)  # fmt: skip

    @rule(index=st.integers(0, 5), draft=st.booleans(), reopen=st.booleans())
    @counted
    def minutes_published(self, index, draft, reopen):
        """FO 3.4: the minutes approved and published (or a draft for the members first); or approved minutes
        reopened to correct them, after which the sitting can change again."""
        meeting = self.meeting(index)
        if meeting is None:
            return
        after = self.after_the_minutes(meeting)
        with self.during(meeting):
            if meeting.minutes_approved_at is not None and reopen:
                self.attempt(meeting_services.reopen_minutes, meeting, actor=self.staff, reason="Fejl i fremmødet")
                return
            if not draft:
                self.attempt(meeting_services.approve_minutes, meeting, actor=self.staff, now=after)
            self.attempt(meeting_services.publish_minutes, meeting, actor=self.staff, draft=draft,
                         now=after + timedelta(days=1), change_note="Rettet")  # fmt: skip

    def after_the_minutes(self, meeting) -> datetime:
        """When the secretariat approves the minutes: the day after the meeting, and after every version published
        before (as in the office: an approval after a reopening is later than the versions published before it,
        which the check of approved minutes tells apart by that moment)."""
        published = meeting.publications.filter(kind=Publication.Kind.MINUTES).aggregate(last=Max("requested_at"))
        after = meeting.starts_at + timedelta(days=1)
        return after if published["last"] is None else max(after, published["last"] + timedelta(hours=1))


def _at_the_edge(at) -> bool:
    return at.quorum is not None and at.quorum.present == at.quorum.required
