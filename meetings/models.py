"""Meetings, agendas, member proposals, attendance, votes and published documents (SPEC §3, FO 3.0-3.9).

Every number comes from the rules in force on the meeting day (``meeting.rule_set``: ``period.rules_on``, loaded with
``select_related("period__rule_set")``); the deadline and quorum arithmetic lives in the pure modules
``members/deadlines.py``, ``deadlines.py`` and ``quorum.py``.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kkr.files import (
    EncryptedPdf,
    UnreadablePdf,
    attachment_upload_to,
    pdf_page_count,
    publication_upload_to,
    read_pdf,
)
from kkr.formats import format_short_date
from members.deadlines import COPENHAGEN, Deadline
from members.models import Council, ElectionPeriod, Membership, Person, RuleSet

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
DEFAULT_DURATION = timedelta(hours=2)


def one_of(field: str, choices, *, name: str, blank: bool = False) -> models.CheckConstraint:
    """The database refuses a value outside the field's choices (STYLE: invariants live in the database too)."""
    values = [value for value, _ in choices] + ([""] if blank else [])
    return models.CheckConstraint(condition=Q(**{f"{field}__in": values}), name=name)


UNREADABLE_PDF = (
    "Bilaget kan ikke læses som PDF: filen er beskadiget, ufuldstændig eller ikke en PDF. "
    "Gem eller eksportér den som PDF igen, og prøv igen."
)
ENCRYPTED_PDF = (
    "Bilaget er beskyttet med adgangskode og kan ikke åbnes. Gem det som PDF uden adgangskode, og prøv igen."
)


def validate_pdf(file):
    """Attachments are PDF files of at most 20 MB and KKR_MAX_BILAG_PAGES pages (rendering time and memory grow
    with the pages), checked on the content, not only the name (``read_checked_pdf``). The model field's
    validator (the admin); an upload on the item page is read once by ``services.bilag.check_upload``."""
    read_checked_pdf(file)


def read_checked_pdf(file):
    """``validate_pdf``'s check, returning the file's bytes and pypdf's reader over them so that the caller
    parses the upload only this once: the file is read as the agenda's render reads it (every object its pages
    use), so a file the render could not read is refused here, in Danish (``ValidationError``)."""
    if file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError("Bilaget er for stort: højst 20 MB.")
    file.seek(0)
    data = file.read()
    file.seek(0)
    if not data.startswith(b"%PDF-"):
        raise ValidationError("Bilaget skal være en PDF-fil.")
    limit = settings.KKR_MAX_BILAG_PAGES
    try:
        reader = read_pdf(data)
        pages = pdf_page_count(reader, limit=limit)
    except EncryptedPdf:
        raise ValidationError(ENCRYPTED_PDF) from None
    except UnreadablePdf:
        raise ValidationError(UNREADABLE_PDF) from None
    if pages == 0:
        raise ValidationError("Bilaget har ingen sider.")
    if pages > limit:
        raise ValidationError(
            f"Bilaget har {pages} sider; højst {limit} sider er tilladt. Del det op eller forkort det."
        )
    from .pdfpages import CopiedPages  # pydyf and pypdf: slow to import; only uploads and the worker need them

    try:
        CopiedPages(reader)  # what the render does with it
    except Exception:  # pypdf raises many kinds on a damaged file; any of them means "not readable"
        raise ValidationError(UNREADABLE_PDF) from None
    return data, reader


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now):
        return self.filter(starts_at__gte=now).exclude(status=Meeting.Status.CANCELLED).order_by("starts_at")

    def with_published_agenda(self):
        """Meetings whose agenda has been published to the public (FO 3.3), newest first."""
        published = Publication.objects.filter(
            kind=Publication.Kind.AGENDA, audience=Publication.Audience.PUBLIC
        ).values("meeting")
        return self.filter(pk__in=published).order_by("-starts_at")


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", "Ordinært møde"
    EXTRAORDINARY = "extraordinary", "Ekstraordinært møde"
    CONSTITUENT = "constituent", "Konstituerende møde"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planlagt"
    CANCELLED = "cancelled", "Aflyst"
    HELD = "held", "Afholdt"


class Meeting(models.Model):
    """A KKR meeting (FO 3.1): ordinary from the annual plan, extraordinary, or the constituent meeting."""

    Kind = MeetingKind
    Status = MeetingStatus

    council = models.ForeignKey(Council, models.PROTECT, related_name="meetings", verbose_name="KKR")
    period = models.ForeignKey(
        ElectionPeriod,
        models.PROTECT,
        related_name="meetings",
        verbose_name="valgperiode",
        help_text="Perioden der omfatter mødedagen; dens regelsæt gælder for mødet. Sættes af planlægningen.",
    )
    kind = models.CharField("mødetype", max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    starts_at = models.DateTimeField("tidspunkt")
    ends_at = models.DateTimeField("sluttidspunkt", null=True, blank=True, help_text="Tomt: to timer efter start.")
    location = models.CharField("sted", max_length=300)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.PLANNED)
    sequence = models.PositiveIntegerField("ændringsnummer (iCalendar)", default=0)
    minutes_approved_at = models.DateTimeField("referat godkendt", null=True, blank=True)
    minutes_version = models.PositiveIntegerField("referatets version", default=1)
    minutes_reopen_reason = models.TextField("begrundelse for genåbning af referatet", blank=True)
    cancel_reason = models.TextField("begrundelse for aflysning", blank=True)
    staff_present = models.TextField(
        "fra sekretariatet deltog",
        blank=True,
        help_text="Én pr. linje, fx «Anne Holm, KKR-konsulent». Står i referatets deltagerfortegnelse.",
    )
    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "møde"
        verbose_name_plural = "møder"
        constraints = [
            one_of("kind", MeetingKind.choices, name="meeting_kind_valid"),
            one_of("status", MeetingStatus.choices, name="meeting_status_valid"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} i {self.council.name} {format_short_date(self.starts_at)}"

    def get_absolute_url(self):
        return reverse("meetings:meeting-detail", args=[self.council.slug, self.pk])

    @property
    def meets_on(self):
        """The meeting day in Europe/Copenhagen; every deadline counts back from it."""
        return self.starts_at.astimezone(COPENHAGEN).date()

    @property
    def rule_set(self) -> RuleSet:
        """The rules of procedure in force on the meeting day (the period's version then, SPEC §1 policy); load
        lists with ``select_related("period__rule_set")``."""
        return self.period.rules_on(self.meets_on)

    @property
    def end(self):
        """When the meeting ends: ``ends_at``, or two hours after the start when none is set (public page, iCal)."""
        return self.ends_at or self.starts_at + DEFAULT_DURATION

    @property
    def is_locked(self) -> bool:
        """FO 3.4: approved minutes lock items, decisions, votes and attachments until reopened."""
        return self.minutes_approved_at is not None

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_ordinary(self) -> bool:
        return self.kind == self.Kind.ORDINARY

    @property
    def proposal_deadline(self) -> Deadline | None:
        """FO 3.2: ordinary meetings only; None when the rule set has no deadline (2010 rules)."""
        return self._resolve(self.rule_set.proposal_deadline) if self.is_ordinary else None

    @property
    def agenda_deadline(self) -> Deadline | None:
        """FO 3.3: ordinary meetings only."""
        return self._resolve(self.rule_set.agenda_deadline) if self.is_ordinary else None

    def _resolve(self, relative) -> Deadline | None:
        return relative.resolve(self.starts_at, self.rule_set.closed_policy_days) if relative else None


class AgendaItemKind(models.TextChoices):
    DECISION = "decision", "Beslutning"
    DISCUSSION = "discussion", "Drøftelse"
    ORIENTATION = "orientation", "Orientering"


class AgendaItemStatus(models.TextChoices):
    ACTIVE = "active", "På dagsordenen"
    POSTPONED = "postponed", "Udsat"
    WITHDRAWN = "withdrawn", "Udgået"


class AgendaStep(models.TextChoices):
    """The step of the meeting an item is for, so the agenda can lead to where it is done: the previous
    meeting's minutes (shown by meetings itself) and the constituent meeting's steps (B1 1.0-1.4, FO 2.2,
    FO 3.1), whose pages belong to the apps above; ``portal`` maps a step to its page."""

    NONE = "", "Intet"
    PREVIOUS_MINUTES = "previous_minutes", "Referatet fra forrige møde"
    COMPOSITION = "composition", "Valg og sammensætning af KKR"
    ALLIANCES = "alliances", "Valgforbund (B1 1.4)"
    CHAIR_ELECTION = "chair_election", "Valg af formand og næstformand (B1 1.4)"
    RULES = "rules", "Forretningsorden (regelsættet)"
    APPOINTMENTS = "appointments", "Valg af repræsentanter til regionale fora (FO 2.2)"
    MEETING_PLAN = "meeting_plan", "Mødeplan (FO 3.1)"


class AgendaItem(models.Model):
    """An item on the agenda; ``position`` is its number, 1..n without gaps (FO 3.6: the chair sets the order)."""

    Kind = AgendaItemKind
    Status = AgendaItemStatus
    Step = AgendaStep

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="items", verbose_name="møde")
    position = models.PositiveSmallIntegerField("nummer")
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.DECISION)
    title = models.CharField("titel", max_length=300)
    case_number = models.CharField(
        "sagsnr.",
        max_length=60,
        blank=True,
        help_text="Valgfrit, fx «26/01234». Står ved punktet i dagsorden og referat og følger det, når det udsættes.",
    )
    case_presentation = models.TextField("sagsfremstilling", blank=True)
    recommendation = models.TextField("indstilling", blank=True)
    is_closed = models.BooleanField("lukket punkt", default=False)
    public_title = models.CharField(
        "offentligt navn",
        max_length=300,
        blank=True,
        help_text="Kun lukkede punkter: vises i de offentlige udgaver i stedet for titlen. Tom: «Lukket punkt» "
        "(eller titlen, hvis regelsættet offentliggør lukkede punkters titel).",
    )
    decision = models.TextField("beslutning", blank=True)
    standing_item = models.ForeignKey(
        "StandingItem", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="fra fast punkt"
    )
    is_kept_last = models.BooleanField("holdes sidst (fast punkt)", default=False)
    is_section = models.BooleanField(
        "blok", default=False, help_text="En blok fra de faste punkter: punkterne efter den nummereres 3.1, 3.2 …"
    )
    step = models.CharField("trin", max_length=20, choices=AgendaStep.choices, blank=True, default="")
    status = models.CharField("status", max_length=10, choices=AgendaItemStatus.choices, default="active")
    is_supplementary = models.BooleanField("tillægspunkt (efter udsendelsen)", default=False)
    carried_from = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="udsat fra punkt"
    )
    version = models.PositiveIntegerField("version", default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = "dagsordenspunkt"
        verbose_name_plural = "dagsordenspunkter"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="item_unique_position_per_meeting"),
            one_of("kind", AgendaItemKind.choices, name="item_kind_valid"),
            one_of("status", AgendaItemStatus.choices, name="item_status_valid"),
            one_of("step", AgendaStep.choices, name="item_step_valid"),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    @property
    def is_decision(self) -> bool:
        return self.kind == self.Kind.DECISION

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def is_postponed(self) -> bool:
        return self.status == self.Status.POSTPONED

    @property
    def is_previous_minutes(self) -> bool:
        return self.step == self.Step.PREVIOUS_MINUTES

    @property
    def has_step_page(self) -> bool:
        """A step done on a page of its own (``portal:agenda-step`` leads there)."""
        return self.step not in (self.Step.NONE, self.Step.PREVIOUS_MINUTES)


class Attachment(models.Model):
    """A bilag: a PDF attached to an item, numbered in the agenda in item order."""

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="attachments", verbose_name="punkt")
    title = models.CharField("titel", max_length=300)
    file = models.FileField(
        "fil", upload_to=attachment_upload_to, validators=[FileExtensionValidator(["pdf"]), validate_pdf]
    )
    size = models.PositiveIntegerField("størrelse (byte)", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = "bilag"
        verbose_name_plural = "bilag"

    def __str__(self):
        return self.title


class ItemProposalStatus(models.TextChoices):
    RECEIVED = "received", "Modtaget"
    ON_AGENDA = "on_agenda", "Sat på dagsordenen"
    DECLINED = "declined", "Ikke optaget (formandens afgørelse)"


class ItemProposal(models.Model):
    """A member's written proposal for an item (FO 3.2). In time → must be put on the agenda."""

    Status = ItemProposalStatus

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="proposals", verbose_name="møde")
    proposer = models.ForeignKey(Person, models.PROTECT, related_name="item_proposals", verbose_name="forslagsstiller")
    title = models.CharField("titel", max_length=300)
    text = models.TextField("forslag")
    received_at = models.DateTimeField("modtaget")
    is_in_time = models.BooleanField("rettidigt (FO 3.2)")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.RECEIVED)
    agenda_item = models.OneToOneField(
        AgendaItem, models.SET_NULL, null=True, blank=True, related_name="proposal", verbose_name="dagsordenspunkt"
    )
    note = models.TextField("bemærkning", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_at"]
        verbose_name = "forslag til dagsordenen"
        verbose_name_plural = "forslag til dagsordenen"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | Q(is_in_time=False), name="proposal_in_time_is_never_declined"
            ),
            one_of("status", ItemProposalStatus.choices, name="proposal_status_valid"),
        ]

    def __str__(self):
        return f"{self.title} ({self.proposer})"

    @property
    def is_received(self) -> bool:
        """Not yet put on the agenda or declined: the chair still has to decide (FO 3.2)."""
        return self.status == self.Status.RECEIVED


class AbsenceNotice(models.Model):
    """A member's notice that they can't attend (FO 3.9, B1 1.8); the personal substitute may then attend."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="absence_notices", verbose_name="møde")
    membership = models.ForeignKey(Membership, models.PROTECT, related_name="absence_notices", verbose_name="medlem")
    given_at = models.DateTimeField("meddelt")
    note = models.TextField("bemærkning", blank=True)
    substitute_summoned_at = models.DateTimeField("stedfortræder indkaldt", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["given_at"]
        verbose_name = "afbud"
        verbose_name_plural = "afbud"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="absence_one_notice_per_member"),
        ]

    def __str__(self):
        return f"Afbud: {self.membership.person}"


class AttendanceCapacity(models.TextChoices):
    MEMBER = "member", "Medlem"
    SUBSTITUTE = "substitute", "Stedfortræder"
    OBSERVER = "observer", "Observatør uden stemmeret (B1 1.5)"


class Attendance(models.Model):
    """Who was at a meeting and in which capacity (FO 3.7, FO 3.9). A seat (membership) counts at most once."""

    Capacity = AttendanceCapacity

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attendances", verbose_name="møde")
    person = models.ForeignKey(Person, models.PROTECT, related_name="attendances", verbose_name="person")
    capacity = models.CharField("egenskab", max_length=12, choices=Capacity.choices)
    membership = models.ForeignKey(
        Membership, models.PROTECT, null=True, blank=True, related_name="attendances", verbose_name="for medlem"
    )
    is_present = models.BooleanField("til stede")
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__name"]
        verbose_name = "fremmøde"
        verbose_name_plural = "fremmøde"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_one_row_per_person"),
            models.UniqueConstraint(
                fields=["meeting", "membership"], condition=Q(is_present=True), name="attendance_seat_counts_once"
            ),
            models.CheckConstraint(
                condition=Q(capacity="observer", membership__isnull=True)
                | (~Q(capacity="observer") & Q(membership__isnull=False)),
                name="attendance_voters_fill_a_seat",
            ),
            one_of("capacity", AttendanceCapacity.choices, name="attendance_capacity_valid"),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_capacity_display()})"


class PresenceSpan(models.Model):
    """Part of the meeting a person attended (FO 3.7, FO 3.9): from item ``from_position`` (None: from the start)
    until before item ``until_position`` (None: to the end), with the clock times when known. A person marked
    present with no span attended the whole meeting; one with spans attended exactly those items (a late arrival,
    an early departure, or both). ``meetings.presence`` reads them; nothing else decides who was present."""

    attendance = models.ForeignKey(Attendance, models.CASCADE, related_name="spans", verbose_name="fremmøde")
    from_position = models.PositiveSmallIntegerField("til stede fra punkt", null=True, blank=True)
    until_position = models.PositiveSmallIntegerField("fraværende fra punkt", null=True, blank=True)
    arrived_at = models.DateTimeField("ankom", null=True, blank=True)
    left_at = models.DateTimeField("gik", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["attendance", models.F("from_position").asc(nulls_first=True)]
        verbose_name = "ankomst og afgang"
        verbose_name_plural = "ankomster og afgange"
        constraints = [
            models.CheckConstraint(
                condition=Q(from_position__isnull=False) | Q(until_position__isnull=False),
                name="presence_span_is_partial",  # the whole meeting is the attendance row alone
            ),
            models.CheckConstraint(
                condition=Q(from_position__isnull=True) | Q(from_position__gte=1), name="presence_from_an_item"
            ),
            models.CheckConstraint(
                condition=Q(from_position__isnull=True)
                | Q(until_position__isnull=True)
                | Q(until_position__gt=models.F("from_position")),
                name="presence_departure_after_arrival",
            ),
            models.CheckConstraint(
                condition=Q(arrived_at__isnull=True) | Q(left_at__isnull=True) | Q(left_at__gt=models.F("arrived_at")),
                name="presence_left_after_arrived",
            ),
            models.CheckConstraint(
                condition=Q(arrived_at__isnull=True) | Q(from_position__isnull=False), name="presence_arrival_time"
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(until_position__isnull=False), name="presence_departure_time"
            ),
            models.UniqueConstraint(
                fields=["attendance"], condition=Q(from_position__isnull=True), name="presence_one_span_from_start"
            ),
            models.UniqueConstraint(
                fields=["attendance"], condition=Q(until_position__isnull=True), name="presence_one_span_to_end"
            ),
            models.UniqueConstraint(fields=["attendance", "from_position"], name="presence_one_arrival_per_item"),
            models.UniqueConstraint(fields=["attendance", "until_position"], name="presence_one_departure_per_item"),
        ]

    def __str__(self):
        start = f"punkt {self.from_position}" if self.from_position else "start"
        end = f"punkt {self.until_position}" if self.until_position else "slut"
        return f"{self.attendance.person}: fra {start} til før {end}"


class VoteChoice(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Imod"
    ABSTAIN = "abstain", "Undlod at stemme"


class Vote(models.Model):
    """One division on an item (FO 3.7): the tally, and who held the casting vote on a tie."""

    Choice = VoteChoice

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="votes", verbose_name="punkt")
    subject = models.CharField("afstemningstema (FO 3.5)", max_length=300, default="Indstillingen")
    votes_for = models.PositiveSmallIntegerField("for")
    votes_against = models.PositiveSmallIntegerField("imod")
    abstentions = models.PositiveSmallIntegerField("undlod", default=0)
    casting_vote = models.CharField("den udslagsgivendes stemme", max_length=10, choices=Choice.choices, blank=True)
    casting_holder = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="udslagsgivende stemme"
    )
    is_adopted = models.BooleanField("vedtaget")
    is_decided_by_casting_vote = models.BooleanField("afgjort af udslagsgivende stemme", default=False)
    minutes_sentence = models.TextField("til referatet")
    recorded_at = models.DateTimeField("registreret", default=timezone.now)
    token = models.UUIDField(
        "indsendelse", null=True, blank=True, unique=True, editable=False, help_text="Én indsendelse, én afstemning."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "recorded_at"]
        verbose_name = "afstemning"
        verbose_name_plural = "afstemninger"
        constraints = [one_of("casting_vote", VoteChoice.choices, name="vote_casting_vote_valid", blank=True)]

    def __str__(self):
        return self.minutes_sentence


class PublicationQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(state=Publication.State.READY)


class PublicationKind(models.TextChoices):
    AGENDA = "agenda", "Dagsorden"
    MINUTES = "minutes", "Referat"
    SUPPLEMENT = "supplement", "Tillæg til dagsorden"  # only the items added after the agenda was sent


class PublicationAudience(models.TextChoices):
    MEMBERS = "members", "Medlemsudgave (med lukkede punkter)"
    PUBLIC = "public", "Offentlig udgave"


class PublicationState(models.TextChoices):
    QUEUED = "queued", "I kø"
    RENDERING = "rendering", "Dannes"
    READY = "ready", "Klar"
    FAILED = "failed", "Fejlet"


class Publication(models.Model):
    """One rendered version of an agenda (FO 3.3), a supplementary agenda (Tillæg) or minutes (FO 3.4) for
    members or the public.

    ``content`` is the snapshot taken when publishing: the PDF and the public pages show exactly what was
    published, and a retry renders the same thing. Re-publishing makes a new version; old ones stay.
    """

    Kind = PublicationKind
    Audience = PublicationAudience
    State = PublicationState

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="publications", verbose_name="møde")
    kind = models.CharField("art", max_length=10, choices=Kind.choices)
    audience = models.CharField("målgruppe", max_length=10, choices=Audience.choices)
    version = models.PositiveSmallIntegerField("version")
    content = models.JSONField("indhold (øjebliksbillede)")
    state = models.CharField("tilstand", max_length=10, choices=State.choices, default=State.QUEUED)
    file = models.FileField("PDF", upload_to=publication_upload_to, blank=True)
    error = models.TextField("fejl", blank=True)
    requested_at = models.DateTimeField("bestilt")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="bestilt af"
    )
    rendered_at = models.DateTimeField("dannet", null=True, blank=True)
    late_reason = models.TextField("begrundelse for sen udsendelse (FO 3.3)", blank=True)
    change_note = models.TextField("hvad er ændret (ny version)", blank=True)
    is_draft = models.BooleanField("udkast (kun til medlemmerne)", default=False)
    request_token = models.UUIDField("bestillingsnøgle (én version pr. klik)", null=True, blank=True)
    # Owed side effects: the render is owed while ``state`` is not ready; the members' e-mail is owed while
    # ``notify_owed`` is set and ``notified_at`` is empty. ``tasks.requeue_publications`` retries both.
    notify_owed = models.BooleanField("e-mail til medlemmerne skyldes", default=False)
    notified_at = models.DateTimeField("medlemmer underrettet", null=True, blank=True)
    lease_until = models.DateTimeField("dannelse reserveret til", null=True, blank=True)
    # The Celery task id holding the lease: a retry of that task (same id, after a database error) resumes
    # its own render at once instead of waiting for the lease to run out.
    lease_holder = models.CharField("dannes af (opgave)", max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField("forsøg", default=0)
    # Set when sending the render to the broker failed (Redis down): the render is known not to be queued, so
    # the requeue sends it as soon as the broker answers instead of waiting out the queued grace.
    enqueue_failed = models.BooleanField("kunne ikke sættes i baggrundskøen", default=False)
    history = HistoricalRecords()
    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "kind", "-version", "audience"]
        verbose_name = "offentliggørelse"
        verbose_name_plural = "offentliggørelser"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "audience", "version"], name="publication_unique_version"
            ),
            models.UniqueConstraint(
                fields=["request_token", "audience"],
                condition=models.Q(request_token__isnull=False),
                name="publication_one_version_per_request",
            ),
            one_of("kind", PublicationKind.choices, name="publication_kind_valid"),
            one_of("audience", PublicationAudience.choices, name="publication_audience_valid"),
            one_of("state", PublicationState.choices, name="publication_state_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version} ({self.get_audience_display()})"

    def save(self, *args, **kwargs):
        """A new version rewrites its meeting's rows of the search index in the same transaction: what search
        finds is what the released versions show (``searchindex``), however the version was made."""
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            from .searchindex import sync_meeting

            sync_meeting(self.meeting_id)

    def get_absolute_url(self):
        return reverse("meetings:publication-pdf", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC

    @property
    def is_agenda(self) -> bool:
        return self.kind == self.Kind.AGENDA

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY

    @property
    def is_failed(self) -> bool:
        return self.state == self.State.FAILED

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RENDERING)

    def is_stuck(self, now) -> bool:
        """Rendering with its lease run out, or queued for longer than ``PUBLICATION_QUEUED_GRACE_SECONDS``:
        staff may retry it (beat's requeue sends it again anyway)."""
        if self.state == self.State.RENDERING:
            return self.lease_until is None or self.lease_until < now
        grace = timedelta(seconds=settings.PUBLICATION_QUEUED_GRACE_SECONDS)
        return self.state == self.State.QUEUED and self.requested_at < now - grace

    @property
    def can_retry(self) -> bool:
        """Failed, or stuck now: the staff page offers "Prøv igen"."""
        return self.is_failed or self.is_stuck(timezone.now())


class Delivery(models.Model):
    """The members' e-mail of one publication version to one recipient. The recipients are recorded when the
    e-mail is first owed (the roster at that moment) and each one's ``sent_at`` is committed right after its
    own message is sent, so a retry after a failure (a commit that fails, a killed worker) sends only to
    those not yet sent: at most the one message in flight when it failed can go twice. The staff page shows
    the log per version."""

    publication = models.ForeignKey(
        Publication, models.CASCADE, related_name="deliveries", verbose_name="offentliggørelse"
    )
    email = models.EmailField("e-mailadresse")
    name = models.CharField("modtager", max_length=200, blank=True)
    sent_at = models.DateTimeField("sendt", null=True, blank=True)

    class Meta:
        ordering = ["publication", "name", "email"]
        verbose_name = "udsendt e-mail"
        verbose_name_plural = "udsendte e-mails"
        constraints = [models.UniqueConstraint(fields=["publication", "email"], name="delivery_once_per_recipient")]

    def __str__(self):
        return f"{self.publication} → {self.email}"


class ExtraordinaryRequestQuerySet(models.QuerySet):
    def open(self):
        """Requests not yet answered by a planned meeting."""
        return self.filter(meeting__isnull=True)


class ExtraordinaryRequest(models.Model):
    """A member's written request for an extraordinary meeting (FO 3.1). Counted per seat (membership);
    open until the secretariat plans the meeting that answers it (``meeting``)."""

    membership = models.ForeignKey(
        Membership, models.PROTECT, related_name="extraordinary_requests", verbose_name="medlem"
    )
    reason = models.TextField("begrundelse")
    requested_at = models.DateTimeField("anmodet")
    meeting = models.ForeignKey(
        Meeting,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_requests",
        verbose_name="indkaldt møde",
    )
    handled_at = models.DateTimeField("behandlet", null=True, blank=True)
    history = HistoricalRecords()
    objects = ExtraordinaryRequestQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at"]
        verbose_name = "anmodning om ekstraordinært møde"
        verbose_name_plural = "anmodninger om ekstraordinært møde"
        constraints = [
            models.UniqueConstraint(
                fields=["membership"], condition=Q(meeting__isnull=True), name="extra_request_one_open_per_member"
            ),
            models.CheckConstraint(
                condition=Q(meeting__isnull=True, handled_at__isnull=True)
                | Q(meeting__isnull=False, handled_at__isnull=False),
                name="extra_request_handled_with_meeting",
            ),
        ]

    def __str__(self):
        return f"Anmodning fra {self.membership.person}"

    @property
    def is_open(self) -> bool:
        return self.meeting_id is None


class StandingItemPlacement(models.TextChoices):
    START = "start", "I starten af dagsordenen"
    END = "end", "Sidst på dagsordenen"


# The steps a standing item may lead to (the constituent meeting's steps are not standing items).
STANDING_STEPS = [(AgendaStep.NONE.value, "Intet"), (AgendaStep.PREVIOUS_MINUTES.value, "Referatet fra forrige møde")]


class StandingItem(models.Model):
    """A standing item from the council's template (fast punkt: "Godkendelse af dagsorden", "Eventuelt").

    A new ordinary meeting gets them when it is planned; ``placement`` says whether the item opens the agenda
    or stays at its end (items added later go before the closing standing items)."""

    Placement = StandingItemPlacement

    council = models.ForeignKey(Council, models.PROTECT, related_name="standing_items", verbose_name="KKR")
    order = models.PositiveSmallIntegerField("rækkefølge", default=1)
    placement = models.CharField("placering", max_length=5, choices=Placement.choices, default=Placement.START)
    kind = models.CharField("type", max_length=20, choices=AgendaItem.Kind.choices, default=AgendaItem.Kind.ORIENTATION)
    title = models.CharField("titel", max_length=300)
    is_section = models.BooleanField(
        "blok med underpunkter",
        default=False,
        help_text="Fx «Regionalpolitiske sager» eller «Udpegninger»: en overskrift, og punkterne efter den (til næste "
        "faste punkt) nummereres 3.1, 3.2 … Har rådet mindst én blok, nummereres dagsordenen sådan; ellers 1, 2, 3.",
    )
    case_presentation = models.TextField("sagsfremstilling", blank=True)
    recommendation = models.TextField("indstilling", blank=True)
    step = models.CharField(
        "linker til",
        max_length=20,
        choices=STANDING_STEPS,
        blank=True,
        default="",
        help_text="Fx «Godkendelse af referat».",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "placement", "order", "pk"]
        verbose_name = "fast punkt"
        verbose_name_plural = "faste punkter"
        constraints = [
            one_of("placement", StandingItemPlacement.choices, name="standing_item_placement_valid"),
            one_of("kind", AgendaItemKind.choices, name="standing_item_kind_valid"),
            one_of("step", STANDING_STEPS, name="standing_item_step_valid"),
        ]

    def __str__(self):
        return self.title


class CalendarFeed(models.Model):
    """A person's secret calendar address: whoever knows the token reads the person's council meetings.
    Regenerating replaces the token, so an address that leaked stops working."""

    person = models.OneToOneField(Person, models.CASCADE, related_name="calendar_feed", verbose_name="person")
    token = models.CharField("nøgle", max_length=64, unique=True)
    created_at = models.DateTimeField("oprettet")  # no history: old tokens should not be kept anywhere

    class Meta:
        verbose_name = "personlig kalender"
        verbose_name_plural = "personlige kalendere"

    def __str__(self):
        return f"Kalender for {self.person}"

    def get_absolute_url(self):
        return reverse("meetings:personal-calendar", args=[self.token])


from .searchindex import LiveItemVector, SearchEntry  # noqa: E402, F401 - the search index's models, in their own module
