"""Where an agenda item's step is done. ``meetings`` knows the steps of a meeting
(``AgendaItem.Step``: the constituent meeting's composition, alliances, chair election, rules of procedure,
appointments and meeting plan); the pages that do them belong to the apps above it, so the map from a step to
its page lives here, at the top, and ``portal:agenda-step`` leads there."""

from django.http import Http404
from django.urls import reverse

from elections.models import ConstituentMeeting
from meetings.models import AgendaItem
from members.models import ElectionPeriod

Step = AgendaItem.Step

# step -> (URL name, what it takes after the council: the new council's period, the meeting or nothing, anchor)
PAGES = {
    Step.COMPOSITION: ("elections:composition-detail", "period", ""),
    Step.ALLIANCES: ("elections:constituent-detail", "period", "#alliances"),
    Step.CHAIR_ELECTION: ("elections:constituent-detail", "period", "#election"),
    Step.RULES: ("members:ruleset-detail", "period", ""),
    Step.APPOINTMENTS: ("appointments:election-list", "meeting", ""),
    Step.MEETING_PLAN: ("meetings:meeting-list", "", ""),
}


def step_page(meeting, step: str) -> str:
    """The address of the page that does ``step`` for ``meeting``; 404 for a step without a page."""
    if step not in PAGES:
        raise Http404("Punktet har ingen side at gå til.")
    name, takes, anchor = PAGES[step]
    args = [meeting.council.slug]
    if takes == "period":
        args.append(new_council_period(meeting).name)
    elif takes == "meeting":
        args.append(meeting.pk)
    return reverse(name, args=args) + anchor


def new_council_period(meeting) -> ElectionPeriod:
    """B1 1.3: the period of the council that takes office at the meeting — the registered constituent meeting's,
    else the period after the last municipal election before the meeting (a December meeting still belongs to
    the new council)."""
    record = ConstituentMeeting.objects.filter(meeting=meeting).select_related("period").first()
    if record is not None:
        return record.period
    after_election = ElectionPeriod.objects.filter(election_on__lt=meeting.meets_on).order_by("-election_on").first()
    return after_election or meeting.period
