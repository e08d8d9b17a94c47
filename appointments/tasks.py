"""Celery tasks of the appointments pages: they take primary keys and call a service."""

from celery import shared_task
from django.http import QueryDict

from members.services.documents import run_document

from . import documents, queries
from .forms import RegisterFilterForm


def register_job_pdf(job) -> bytes:
    """The register a ``DocumentJob`` asked for: its day, filtered by the page's valid filters (``options``)."""
    form = RegisterFilterForm(QueryDict(job.options), council=job.council)
    lines = queries.register_lines(job.council, job.period, today=job.day, **form.filters())
    counts = queries.party_counts(job.council, lines, today=job.day)
    return documents.register_pdf(job.council, job.period, lines, counts, today=job.day)


@shared_task(name="appointments.render_register_pdf")
def render_register_pdf(job_pk: int) -> str:
    """The register as PDF, asked for on the register page."""
    return run_document(job_pk, register_job_pdf).state
