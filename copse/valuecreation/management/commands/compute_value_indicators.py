"""`manage.py compute_value_indicators [--months N]`: the indicators Copse counts itself. Safe to re-run."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from copse.valuecreation.services.platform import DEFAULT_MONTHS, compute_platform_indicators


class Command(BaseCommand):
    help = (
        "Work out the platform indicators (participation, active members, help requests answered and solved, "
        "event attendance, continuity, connections across service areas, resources produced) for every active "
        "community and each of the last N calendar months, and write them again where they changed. "
        "Run it from cron once a night, for example: "
        "30 1 * * * cd /srv/copse && .venv/bin/python manage.py compute_value_indicators --months 2"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--months",
            type=int,
            default=DEFAULT_MONTHS,
            help=f"How many calendar months to work out, the current one included (default {DEFAULT_MONTHS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        months = options["months"]
        if months < 1:
            self.stderr.write("--months must be 1 or more.")
            raise SystemExit(2)
        done = compute_platform_indicators(months=months)
        self.stdout.write(
            f"{done.communities} communities × {done.months} months: {done.created} observations written, "
            f"{done.updated} changed, {done.unchanged} unchanged, {done.removed} removed."
        )
