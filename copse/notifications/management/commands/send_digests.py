"""`manage.py send_digests --period daily|weekly`: email each person their digest for the period. Safe to re-run."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from copse.notifications.services import people_awaiting_digest, send_digests


class Command(BaseCommand):
    help = "Email each person one digest of their unread notifications for the day or the week."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", choices=["daily", "weekly"], required=True)

    def handle(self, *args: Any, period: str, **options: Any) -> None:
        bar = None
        if sys.stderr.isatty():
            bar = tqdm(total=people_awaiting_digest(period), unit="people", file=sys.stderr)
        try:
            counts = send_digests(period, progress=bar.update if bar else None)
        finally:
            if bar:
                bar.close()
        self.stdout.write(
            f"Sent {counts.sent} {period} digest{'' if counts.sent == 1 else 's'} "
            f"with {counts.notifications} notification{'' if counts.notifications == 1 else 's'}"
            + (f" ({counts.resumed} left unsent by an earlier run)." if counts.resumed else ".")
        )
