import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_fill_meeting_period")]

    operations = [
        migrations.AlterField(
            model_name="meeting",
            name="period",
            field=models.ForeignKey(
                help_text="Perioden der omfatter mødedagen; dens regelsæt gælder for mødet. Sættes af planlægningen.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meetings",
                to="members.electionperiod",
                verbose_name="valgperiode",
            ),
        ),
    ]
