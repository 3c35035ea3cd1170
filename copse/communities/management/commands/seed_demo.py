import sys
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from copse.communities.demo import DEMO_PASSWORD, DemoError, build_demo
from copse.communities.models import Community
from copse.core.demo import demo_steps
from copse.core.demo_history import seeding


class Command(BaseCommand):
    help = (
        "Fill a fresh database with the demo organisation: staff, communities and the personas to sign in as."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has communities, instead of stopping with an error.",
        )
        parser.add_argument(
            "--staff", type=int, default=2500, help="How many staff to create (default 2500)."
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed: the same seed gives the same demo."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Community.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already has communities, so the demo was not added.")
                return
            raise CommandError(
                "The database already has communities. Seed the demo into a fresh database "
                "(for example, set DATABASE_URL to a new SQLite file and run migrate first)."
            )
        started = time.perf_counter()
        # One transaction for the organisation and every app's additions: a failure leaves nothing behind. The
        # history queues no background work, not even as it commits: what people are told, the demo writes.
        with seeding(), transaction.atomic():
            with tqdm(
                desc="Building the demo", unit="step", file=sys.stderr, disable=None, leave=False
            ) as bar:

                def progress(done: int, total: int) -> None:
                    bar.total = total
                    bar.update(done - bar.n)

                try:
                    summary = build_demo(seed=options["seed"], staff=options["staff"], progress=progress)
                except DemoError as exc:
                    raise CommandError(str(exc)) from None
            seconds = time.perf_counter() - started
            # Then each app's own step, as registered in its AppConfig.ready, in their explicit order.
            extensions = [step.load()(seed=options["seed"]) for step in demo_steps()]
        listed = len(summary.community_sizes)
        share = summary.people_in_a_community / summary.staff
        self.stdout.write(
            f"Built the demo organisation in {seconds:.1f} s: {summary.service_areas} service areas, "
            f"{summary.departments} departments, {summary.staff:,} staff, {listed} communities "
            f"(and {len(summary.other_communities)} proposed or retired), "
            f"{summary.memberships:,} memberships, {share:.0%} of staff in at least one community, "
            f"{summary.pending_requests} requests waiting for a decision."
        )
        for line in extensions:
            self.stdout.write(line)
        self.stdout.write(f"\nSign in as any of these, with the password {DEMO_PASSWORD}:")
        width = max(len(persona.email) for persona in summary.personas)
        for persona in summary.personas:
            self.stdout.write(f"  {persona.email:<{width}}  {persona.role} ({persona.name})")
