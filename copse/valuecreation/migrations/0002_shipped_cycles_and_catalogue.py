"""The cycles of the value creation framework and the catalogue of indicators, as Copse ships them
(`copse/valuecreation/shipped.py`). The programme team rewords and switches the cycles afterwards."""

from django.db import migrations


def ship(apps, schema_editor):
    from copse.valuecreation.shipped import ship

    ship(apps.get_model("valuecreation", "ValueCycle"), apps.get_model("valuecreation", "IndicatorDefinition"))


class Migration(migrations.Migration):
    dependencies = [("valuecreation", "0001_cycles_and_indicators")]

    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
