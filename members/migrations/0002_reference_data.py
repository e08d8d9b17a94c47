"""Fill the reference data (councils, municipalities, parties, rule sets, periods); see members/reference_data.py."""

from django.db import migrations


def forwards(apps, schema_editor):
    from members.reference_data import load_reference_data

    names = ["Council", "Municipality", "Party", "RuleSet", "ElectionPeriod"]
    load_reference_data(*(apps.get_model("members", name) for name in names))


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
