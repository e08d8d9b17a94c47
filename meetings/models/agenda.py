"""The agenda: its items (FO 3.6), their bilag (PDF files, checked at upload) and the members' proposals for
items (FO 3.2)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from kkr.files import (
    EncryptedPdf,
    UnreadablePdf,
    attachment_upload_to,
    pdf_page_count,
    read_pdf,
)
from members.models import Person

from .meeting import Meeting, one_of


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


MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

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
    from ..pdfpages import CopiedPages  # pydyf and pypdf: slow to import; only uploads and the worker need them

    try:
        CopiedPages(reader)  # what the render does with it
    except Exception:  # pypdf raises many kinds on a damaged file; any of them means "not readable"
        raise ValidationError(UNREADABLE_PDF) from None
    return data, reader


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
