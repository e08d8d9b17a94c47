"""Rule sets are not retroactive: a rule-set row shared by several election periods (the 2018 rules governed
2018-2022, 2022-2026 and 2026-2030 through one row, so one edit rewrote the past) is split into one copy per
period. The earliest period keeps the row; each later period gets a copy named after it, e.g.
"Forretningsorden for KKR 2018 (2022-2026)". A database where every period already has its own row is left as
it is (a fresh database gets the split rows from the reference data)."""

from django.db import migrations


def split_shared_rule_sets(apps, schema_editor):
    RuleSet = apps.get_model("members", "RuleSet")
    ElectionPeriod = apps.get_model("members", "ElectionPeriod")
    for rule_set in RuleSet.objects.all():
        periods = list(ElectionPeriod.objects.filter(rule_set=rule_set).order_by("starts_on"))
        for period in periods[1:]:
            copy = RuleSet.objects.get(pk=rule_set.pk)
            copy.pk = None
            copy.name = f"{rule_set.name} ({period.name})"
            copy.save()
            period.rule_set = copy
            period.save(update_fields=["rule_set"])


class Migration(migrations.Migration):
    dependencies = [("members", "0003_membership_rules")]
    operations = [migrations.RunPython(split_shared_rule_sets, migrations.RunPython.noop)]
