"""What the fault tests do through the application, run in a subprocess against the stack's own database and
broker (``DATABASE_URL``, ``CELERY_BROKER_URL`` and the rest from the environment), the way the web process
would: ``python -m tests.faults.scenario publish`` prints one JSON line.

- ``publish``: staff of KKR Nordjylland (demo data) plan a meeting with an agenda and publish it; the renders
  are queued on commit (with the broker down: logged, and owed in the database). ``publish-with-bilag`` also
  uploads a bilag to the first item first.
- ``retry PK …``: the same staff press "Prøv igen" on those (failed) publications.
"""

import json
import os
import sys
from datetime import timedelta


def publish(with_bilag: bool = False) -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from meetings import services
    from meetings.models import Meeting
    from meetings.services import delivery, publishing
    from members.models import Council
    from tests.builders import at

    council = Council.objects.get(slug="nordjylland")
    staff = get_user_model().objects.get(username="sekretariat-nordjylland")
    day = timezone.localdate() + timedelta(days=70)
    meeting = services.plan_meeting(
        council,
        actor=staff,
        kind=Meeting.Kind.ORDINARY,
        starts_at=at(day.year, day.month, day.day, 10),
        location="Aars",
    )
    for n in range(1, 7):
        services.add_item(
            meeting,
            actor=staff,
            title=f"Fejltest {n}: kollektiv trafik",
            case_presentation="Sagsfremstilling med baggrund, økonomi og videre proces. " * 30,
            recommendation="Det indstilles, at KKR tager orienteringen til efterretning.",
            is_closed=n == 6,
        )
    bilag = {}
    if with_bilag:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from tests.meetings.pdftext import sample_pdf

        first = meeting.items.order_by("position").first()
        upload = SimpleUploadedFile("koereplan.pdf", sample_pdf(BILAG_TEXT), content_type="application/pdf")
        attachment = services.add_attachment(first, actor=staff, title="Køreplan", file=upload)
        bilag = {"bilag": attachment.pk, "bilag_file": attachment.file.name}
    members, public = services.publish_agenda(meeting, actor=staff, token=publishing.new_token())
    return {"members": members.pk, "public": public.pk, "recipients": delivery.recipient_count(meeting), **bilag}


BILAG_TEXT = "FEJLTEST-BILAG"


def publish_with_bilag() -> dict:
    """``publish`` with a bilag uploaded to the first item: the render reads it back from the storage."""
    return publish(with_bilag=True)


def retry(*pks: str) -> dict:
    from django.contrib.auth import get_user_model

    from meetings import services
    from meetings.models import Publication

    staff = get_user_model().objects.get(username="sekretariat-nordjylland")
    for publication in Publication.objects.filter(pk__in=[int(pk) for pk in pks]):
        services.retry_publication(publication, actor=staff)
    return {"retried": len(pks)}


COMMANDS = {"publish": publish, "publish-with-bilag": publish_with_bilag, "retry": retry}


def main(command: str, *args: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr.settings")
    import django

    django.setup()
    print(json.dumps(COMMANDS[command](*args)))


if __name__ == "__main__":
    main(*sys.argv[1:])
