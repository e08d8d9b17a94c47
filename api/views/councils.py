"""Councils, election periods, and a council's members and composition (where it publishes them)."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Query

from elections.queries import confirmed_composition
from members.models import Council, ElectionPeriod
from members.queries import public_roster

from .. import schemas
from .base import ERRORS, Day, api, get_object_or_404


def _council(request, council: Council) -> dict:
    return {
        "slug": council.slug,
        "name": council.name,
        "region": council.region,
        "url": request.build_absolute_uri(reverse("portal:council-detail", args=[council.slug])),
        "municipalities": [{"code": m.code, "name": m.name} for m in council.municipalities.all()],
    }


def _councils():
    return Council.objects.order_by("name").prefetch_related("municipalities")


@api.get("/raad/", response=list[schemas.Council], url_name="councils", tags=["Råd"], summary="Rådene")
def councils(request):
    """De fem kommunekontaktråd med deres kommuner (som forsiden og rådenes offentlige sider viser dem)."""
    return [_council(request, council) for council in _councils()]


@api.get(
    "/raad/{slug}/",
    response={200: schemas.Council, **ERRORS},
    url_name="council",
    tags=["Råd"],
    summary="Ét råd",
)
def council(request, slug: str):
    """Ét råd efter dets id (`slug`)."""
    return _council(request, get_object_or_404(_councils(), slug=slug))


@api.get("/valgperioder/", response=list[schemas.Period], url_name="periods", tags=["Råd"], summary="Valgperioderne")
def periods(request):
    """Valgperioderne, ældste først. En periode følger den kommunale valgperiode."""
    return list(ElectionPeriod.objects.order_by("starts_on").values("name", "starts_on", "ends_on", "election_on"))


ROSTER_DATE = Query(None, description="Rådet som det var denne dag (ÅÅÅÅ-MM-DD); tom: i dag.")
COMPOSITION_PERIOD = Query(None, max_length=20, description="Valgperioden (fx `2026-2030`); tom: dagens.")


def _publishing_council(slug: str) -> Council:
    """A council whose public page shows its members and composition (``Council.publishes_roster``); else 404,
    as for an unpublished object."""
    return get_object_or_404(Council, slug=slug, publishes_roster=True)


@api.get(
    "/raad/{slug}/medlemmer/",
    response={200: schemas.Roster, **ERRORS},
    url_name="roster",
    tags=["Råd"],
    summary="Rådets medlemmer på en dato",
)
def roster(request, slug: str, dato: Day | None = ROSTER_DATE):
    """Medlemmerne og deres personlige stedfortrædere på en dato, som rådets offentlige side viser dem: navn,
    parti, kommune og rolle (formand og næstformand først). Aldrig kontaktoplysninger. 404 når rådet ikke
    offentliggør sin medlemsliste."""
    council = _publishing_council(slug)
    on = dato or timezone.localdate()
    return {"council": council.slug, "date": on, "members": [vars(line) for line in public_roster(council, on)]}


@api.get(
    "/raad/{slug}/sammensaetning/",
    response={200: schemas.Composition, **ERRORS},
    url_name="composition",
    tags=["Råd"],
    summary="Rådets bekræftede sammensætning i en valgperiode",
)
def composition(request, slug: str, periode: str | None = COMPOSITION_PERIOD):
    """Pladserne pr. parti efter den bekræftede beregning (B1 1.0-1.1), med reglen bag hvert tal: borgmestrene,
    mindst én plads, stemmeandelen, eller ikke berettiget (KL's love § 15 stk. 2). 404 før sammensætningen er
    bekræftet, eller når rådet ikke offentliggør sin medlemsliste."""
    council = _publishing_council(slug)
    if periode is None:
        period = get_object_or_404(ElectionPeriod.objects.containing(timezone.localdate()))
    else:
        period = get_object_or_404(ElectionPeriod, name=periode)
    snapshot = confirmed_composition(council, period)
    if snapshot is None:
        raise Http404
    return {
        "council": council.slug,
        "period": period.name,
        "total": snapshot.total,
        "confirmed_at": snapshot.confirmed_at,
        "parties": [
            {
                "letter": line.party.letter,
                "name": line.party.name,
                "votes": line.votes,
                "mayors": line.mayors,
                "seats": line.official_seats if line.official_seats is not None else line.seats,
                "computed_seats": line.seats,
                "rule": line.bound_by,
                "rule_label": line.get_bound_by_display(),
            }
            for line in snapshot.public_lines
        ],
    }
