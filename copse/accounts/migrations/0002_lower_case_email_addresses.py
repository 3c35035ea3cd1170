"""Store every email address in lower case, before the database refuses two that differ only in case.

If two accounts already share an address apart from its case, merging them is a decision for a person, so
nothing is changed and the migration stops, naming them.
"""

from collections import defaultdict

from django.db import migrations


def lower_case_email_addresses(User):
    accounts = defaultdict(list)
    for pk, email in User.objects.order_by("pk").values_list("pk", "email"):
        accounts[email.lower()].append((pk, email))
    clashes = {address: rows for address, rows in accounts.items() if len(rows) > 1}
    if clashes:
        listed = "; ".join(
            f"{address}: " + ", ".join(f"{email} (user {pk})" for pk, email in rows)
            for address, rows in sorted(clashes.items())
        )
        raise RuntimeError(
            "Some people share an email address that differs only in case, so email addresses could not be "
            f"made unique. Nothing was changed. {listed}. In /admin/, give each person one address (change or "
            "remove the extra accounts), then run migrate again."
        )
    for rows in accounts.values():
        pk, email = rows[0]
        if email != email.lower():
            User.objects.filter(pk=pk).update(email=email.lower())


def forwards(apps, schema_editor):
    lower_case_email_addresses(apps.get_model("accounts", "User"))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
