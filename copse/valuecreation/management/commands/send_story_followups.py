"""`manage.py send_story_followups`: remind tellers whose follow-up date has come. Safe to re-run."""

from typing import Any

from django.core.management.base import BaseCommand

from copse.valuecreation.services.story_followups import send_due_followups


class Command(BaseCommand):
    help = (
        "Remind each teller of an aspirational story whose follow-up date has come to tell what happened next, "
        "once per story. Run it from cron once a day, for example: "
        "0 8 * * * cd /srv/copse && .venv/bin/python manage.py send_story_followups. "
        "Re-runs never remind anyone twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = send_due_followups()
        self.stdout.write(
            f"Reminded {reminded} {'person' if reminded == 1 else 'people'} to tell what happened next."
        )
