"""Every existing meeting gets the election period that contains its meeting day (Europe/Copenhagen); the next
migration makes the period required. A meeting outside every period stops the migration with its id: create
the period in the admin first."""

from zoneinfo import ZoneInfo

from django.db import migrations

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def fill_period(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    ElectionPeriod = apps.get_model("members", "ElectionPeriod")
    periods = list(ElectionPeriod.objects.order_by("starts_on"))
    for meeting in Meeting.objects.filter(period__isnull=True):
        day = meeting.starts_at.astimezone(COPENHAGEN).date()
        period = next((p for p in periods if p.starts_on <= day <= p.ends_on), None)
        if period is None:
            raise RuntimeError(f"Møde {meeting.pk} ({day}) ligger uden for alle valgperioder; opret perioden først.")
        Meeting.objects.filter(pk=meeting.pk).update(period=period)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_meeting_period_and_choice_constraints")]
    operations = [migrations.RunPython(fill_period, migrations.RunPython.noop)]
