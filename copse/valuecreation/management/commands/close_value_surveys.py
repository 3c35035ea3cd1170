"""`manage.py close_value_surveys`: record the answers of surveys whose last day has passed. Safe to re-run."""

from typing import Any

from django.core.management.base import BaseCommand

from copse.valuecreation.services.surveys import close_due_surveys


class Command(BaseCommand):
    help = (
        "Turn the answers of each sent survey whose closing day has passed into indicator observations, once. "
        "Run it from cron once a day, for example: "
        "15 0 * * * cd /srv/copse && .venv/bin/python manage.py close_value_surveys. "
        "Overlapping runs never record a survey twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        closed = close_due_surveys()
        self.stdout.write(
            f"Closed {closed.surveys} survey{'' if closed.surveys == 1 else 's'} and recorded "
            f"{closed.observations} observation{'' if closed.observations == 1 else 's'}."
        )
