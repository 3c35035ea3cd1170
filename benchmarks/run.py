"""Time the demo seed and the main pages, and write the figures to benchmarks/results/latest.txt.

Runs against a fresh SQLite database in a temporary folder, never the developer's own. Usage:
    .venv/bin/python benchmarks/run.py [--requests 20]
"""

from __future__ import annotations

import argparse
import io
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "latest.txt"
PERSONA = "lead@example.org"


@dataclass
class PageTiming:
    name: str
    path: str
    status: int
    queries: int
    median_ms: float
    p95_ms: float


def configure(var_dir: Path) -> None:
    """Production-like settings (DEBUG off) on a throwaway SQLite database."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "copse.settings",
            "DEBUG": "false",
            "SECRET_KEY": "benchmark-only-" + "x" * 40,
            "ALLOWED_HOSTS": "testserver",
            "COPSE_VAR_DIR": str(var_dir),
            "DATABASE_URL": f"sqlite:///{var_dir / 'benchmark.sqlite3'}",
            "COPSE_STATIC_FROM_SOURCE": "true",
            "COPSE_SECURE_COOKIES": "false",
            "LOG_LEVEL": "CRITICAL",
        }
    )
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("EMAIL_HOST", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def time_command(name: str, *args: str) -> float | None:
    """Seconds the management command took, or None if it does not exist (yet)."""
    from django.core.management import call_command, get_commands

    if name not in get_commands():
        return None
    started = time.perf_counter()
    call_command(name, *args, verbosity=0, stdout=io.StringIO())
    return time.perf_counter() - started


def pages_for_lead() -> list[tuple[str, str]]:
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from copse.communities.models import Membership, Role
    from copse.events.permissions import visible_events

    pages = [("home", "/"), ("community list", "/communities/")]
    membership = (
        Membership.objects.current()
        .filter(person__email=PERSONA, role=Role.LEAD)
        .select_related("community")
        .order_by("community__name")
        .first()
    )
    if membership is not None:
        slug = membership.community.slug
        pages += [
            ("community page", f"/communities/{slug}/"),
            ("members", f"/communities/{slug}/members/"),
            ("join requests", f"/communities/{slug}/requests/"),
            ("discussions", f"/communities/{slug}/discussions/"),
            ("moderation", f"/communities/{slug}/moderation/"),
        ]
        from copse.discussions.models import Thread

        busiest = Thread.objects.filter(community=membership.community).order_by("-reply_count", "pk").first()
        if busiest is not None:
            pages.append(("thread page", busiest.get_absolute_url()))
    pages += [
        ("events", "/events/"),
        ("past events", "/events/?when=past"),
        ("event month", "/events/month/"),
    ]
    lead = get_user_model().objects.filter(email=PERSONA).first()
    if lead is not None:
        people = Count("registrations")
        busiest_event = visible_events(lead).annotate(people=people).order_by("-people", "pk").first()
        if busiest_event is not None:
            pages.append(("event page", busiest_event.get_absolute_url()))
    pages += [
        ("programme feed", "/events/programme.ics"),
        ("help requests", "/help/"),
        ("notifications", "/notifications/"),
    ]
    return pages


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def time_page(client, name: str, path: str, requests: int) -> PageTiming:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm caches, templates and connections; not counted
    samples = []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
    return PageTiming(
        name=name,
        path=path,
        status=response.status_code,
        queries=len(queries),
        median_ms=statistics.median(samples),
        p95_ms=percentile(samples, 0.95),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (default 20)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="copse-bench-") as tmp:
        configure(Path(tmp))
        import django
        from django.contrib.auth import get_user_model
        from django.test import Client

        notes: list[str] = []
        migrate_s = time_command("migrate", "--no-input")
        time_command("createcachetable")
        seed_s = time_command("seed_demo")
        if seed_s is None:
            notes.append("seed_demo does not exist yet: pages were timed on an empty database.")
        reminders_s = time_command("send_event_reminders")

        lead = get_user_model().objects.filter(email=PERSONA).first()
        client = Client(raise_request_exception=False)
        if lead is None:
            notes.append(f"{PERSONA} does not exist: pages were timed signed out.")
        else:
            client.force_login(lead)

        timings = [time_page(client, name, path, args.requests) for name, path in pages_for_lead()]
        if lead is not None and not any(timing.name == "community page" for timing in timings):
            notes.append(f"{PERSONA} leads no community: community pages were not timed.")
        for timing in timings:
            if timing.status != 200:
                notes.append(f"{timing.path} answered {timing.status}, not 200.")

    lines = [
        f"Copse benchmark, {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC",
        f"Python {platform.python_version()}, Django {django.get_version()}, SQLite, "
        f"{os.cpu_count()} CPUs, {platform.machine()}",
        "",
        f"migrate            {migrate_s:8.2f} s" if migrate_s is not None else "migrate            missing",
        f"seed_demo          {seed_s:8.2f} s" if seed_s is not None else "seed_demo          missing",
        f"send_event_reminders {reminders_s:6.2f} s"
        if reminders_s is not None
        else "send_event_reminders missing",
        "",
        f"Pages signed in as {PERSONA}, {args.requests} requests each (Django test client, no network):",
        f"{'page':<16} {'path':<50} {'status':>6} {'queries':>7} {'median ms':>10} {'p95 ms':>8}",
    ]
    lines += [
        f"{t.name:<16} {t.path:<50} {t.status:>6} {t.queries:>7} {t.median_ms:>10.1f} {t.p95_ms:>8.1f}"
        for t in timings
    ]
    if notes:
        lines += ["", "Notes:"] + [f"- {note}" for note in notes]
    report = "\n".join(lines) + "\n"
    print(report, end="")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
