"""Compare community names by their key (NFKC, case-folded, invisible characters removed), unique in the database;
names, meeting times and link labels keep to one line of ordinary text.

The key is added empty, filled for every existing community, then made unique. If two existing communities'
names turn out to be the same name in disguise, the migration stops and names them, so one can be renamed first.
"""


from django.db import migrations, models

import copse.core.text


def fill_name_keys(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    seen: dict[str, str] = {}
    communities = list(Community.objects.only("pk", "name"))
    for community in communities:
        key = copse.core.text.name_key(community.name)
        if key in seen:
            raise RuntimeError(
                f"The communities {seen[key]!r} and {community.name!r} have the same name once invisible "
                "characters, case and look-alike letters are set aside. Rename one, then migrate again."
            )
        seen[key] = community.name
        community.name_key = key
    Community.objects.bulk_update(communities, ["name_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="community",
            name="name_key",
            field=models.CharField(default="", editable=False, max_length=240),
            preserve_default=False,
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="community",
            name="name_key",
            field=models.CharField(editable=False, max_length=240, unique=True),
        ),
        migrations.AlterField(
            model_name="community",
            name="meeting_cadence",
            field=models.CharField(
                blank=True,
                help_text="For example: first Tuesday of each month, 12:30pm to 1:30pm.",
                max_length=200,
                validators=[copse.core.text.SingleLineValidator()],
            ),
        ),
        migrations.AlterField(
            model_name="community",
            name="name",
            field=models.CharField(
                max_length=120, unique=True, validators=[copse.core.text.SingleLineValidator()]
            ),
        ),
        migrations.AlterField(
            model_name="communitylink",
            name="label",
            field=models.CharField(max_length=80, validators=[copse.core.text.SingleLineValidator()]),
        ),
    ]
