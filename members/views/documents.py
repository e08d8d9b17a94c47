"""The status page of a PDF rendered by the worker (``DocumentJob``) and its download. The app whose page
asked for it looks the job up through that page's own permission check and calls these."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from kkr.middleware import mark_private, stored_file_response

from ..models import DocumentJob
from ..services.documents import LOST


def get_job(council, period, kind, pk) -> DocumentJob:
    """The council's job of this kind and period, or 404 (another council's or another page's job too)."""
    return get_object_or_404(
        DocumentJob.objects.select_related("requested_by"), pk=pk, council=council, period=period, kind=kind
    )


def to_job_page(request, job, url_name: str, *args):
    """After an order: to the job's page (``url_name`` with ``args`` and the job's id), saying so when the same
    order was running already."""
    if job.reused:
        messages.info(request, "PDF'en er allerede bestilt og dannes nu.")
    return redirect(url_name, *args, job.pk)


def job_page(request, job, *, title: str, urls: dict):
    """The job's state; while it is queued or rendering, htmx asks for the fragment again every two seconds,
    and the page has a link to do the same by hand. ``urls``: ``page`` (back), ``order`` (ask again, POST),
    ``status`` (this page), ``file`` (the download)."""
    context = {"job": job, "title": title, "urls": urls, "stuck": job.is_stuck(), "lost": LOST}
    template = "members/includes/document_job.html" if request.htmx else "members/document_job.html"
    return mark_private(render(request, template, context))


def job_file(request, job):
    """The finished PDF as an attachment, private to the signed-in user; 404 until it is ready."""
    if not job.is_ready:
        raise Http404("PDF'en er ikke klar")
    return stored_file_response(
        request,
        lambda: job.file.open("rb"),
        filename=job.filename,
        missing="PDF'en findes ikke længere på lageret. Bestil den igen.",
        what=f"PDF-bestilling {job.pk}",
        private=True,
    )
