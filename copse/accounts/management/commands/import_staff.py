import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from copse.accounts.importing import ImportFileError, import_staff
from copse.core.text import escape_for_terminal


class Command(BaseCommand):
    help = (
        "Create or update staff from the HR system's CSV export (columns: email, name, job title, "
        "department, job family, service area). Safe to run again: unchanged rows are left alone."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file, saved as UTF-8.")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="Deactivate active staff whose email is not in the file (operators are never deactivated).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            rows_file = path.open("rb")
        except OSError as exc:
            raise CommandError(f"Cannot open {path}: {exc.strerror or exc}.") from None
        with (
            rows_file,
            tqdm(desc="Importing staff", unit="row", file=sys.stderr, disable=None, leave=False) as bar,
        ):

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            try:
                report = import_staff(
                    rows_file, deactivate_missing=options["deactivate_missing"], progress=progress
                )
            except ImportFileError as exc:
                raise CommandError(escape_for_terminal(str(exc))) from None
        self.stdout.write(report.summary())
        for rejected in report.rejected:
            # A reason may quote the file, which anyone could have written: never send its escapes to a terminal.
            self.stdout.write(f"Line {rejected.line}: {escape_for_terminal(rejected.reason)}")
