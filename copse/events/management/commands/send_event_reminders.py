"""`manage.py send_event_reminders`: remind the people going to events that start soon. Safe to re-run."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from copse.events.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Remind everyone with a place at an event starting within COPSE_EVENT_REMINDER_HOURS hours "
        f"(now {settings.COPSE_EVENT_REMINDER_HOURS}), once per event. Run it from cron every 10 to 15 "
        "minutes, for example: */15 * * * * cd /srv/copse && .venv/bin/python manage.py send_event_reminders. "
        "Overlapping runs never remind anyone twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = send_due_reminders()
        self.stdout.write(
            f"Reminded {reminded.people} {'person' if reminded.people == 1 else 'people'} "
            f"about {reminded.events} event{'' if reminded.events == 1 else 's'}."
        )
