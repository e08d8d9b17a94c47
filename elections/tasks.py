"""Celery tasks of the elections pages: they take primary keys and call a service."""

from celery import shared_task

from members.services.documents import run_document

from . import documents


@shared_task(name="elections.render_composition_pdf")
def render_composition_pdf(job_pk: int) -> str:
    """The composition's calculation as PDF, asked for on the composition page (``DocumentJob``)."""
    return run_document(job_pk, documents.job_pdf).state
