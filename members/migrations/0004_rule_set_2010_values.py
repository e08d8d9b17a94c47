"""The 2010 rules (seed 001) in the new rule-set switches: FO 3.2 covers every meeting and needs no written
form, B1 1.5 (2010) lets the deputy mayor step in for a relieved mayor, there is no B1 1.10-1.14, and the
Tillæg's "fire til fem" ordinary meetings a year make four the number the annual plan warns below (FO 3.1).
The 2018 rows keep the field defaults. Reference data 0002 stays frozen; this sets the values on top."""

from django.db import migrations

RULES_2010 = {
    "proposal_right_every_meeting": True,
    "proposal_in_writing": False,
    "deputy_mayor_replaces_relieved_mayor": True,
    "party_change_rules": False,
    "meetings_per_year": 4,
}
RULES_2010_DEFAULTS = {
    "proposal_right_every_meeting": False,
    "proposal_in_writing": True,
    "deputy_mayor_replaces_relieved_mayor": False,
    "party_change_rules": True,
    "meetings_per_year": 5,
}
NAME_PREFIX = "Forretningsorden for KKR 2010"


def set_2010_values(apps, schema_editor):
    apps.get_model("members", "RuleSet").objects.filter(name__startswith=NAME_PREFIX).update(**RULES_2010)


def unset_2010_values(apps, schema_editor):
    apps.get_model("members", "RuleSet").objects.filter(name__startswith=NAME_PREFIX).update(**RULES_2010_DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("members", "0003_rule_set_2010_switches_and_quorum_base")]

    operations = [migrations.RunPython(set_2010_values, unset_2010_values)]
