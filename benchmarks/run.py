"""Time the demo seed and the main pages against bare views, and write the figures to benchmarks/results/.

Runs against a fresh database, never the developer's own: SQLite in a temporary folder, or with `--database-url`
a PostgreSQL database that it creates and drops. Every page is measured beside two bare views in the same run:
one through the full middleware stack signed in, one with no middleware, so each page's ratio to the limit of the
stack is printed. `--server` also serves the same pages with gunicorn (DEBUG off, 2 workers) and loads them
with wrk; `--profile N` profiles the N slowest pages. Usage:
    .venv/bin/python benchmarks/run.py [--requests 20] [--server] [--profile 3] [--database-url postgres://…]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import math
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "benchmarks" / "results"
RESULTS = RESULTS_DIR / "latest.txt"
PROFILE = RESULTS_DIR / "profile.txt"
PERSONA = "lead@example.org"


@dataclass
class PageTiming:
    name: str
    path: str
    status: int
    queries: int
    median_ms: float
    p95_ms: float


@dataclass
class LoadResult:
    name: str
    path: str
    requests_per_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    errors: int


def configure(var_dir: Path, database_url: str) -> None:
    """Production-like settings (DEBUG off) on a throwaway database."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "copse.settings",
            "DEBUG": "false",
            "SECRET_KEY": "benchmark-only-" + "x" * 40,
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "COPSE_VAR_DIR": str(var_dir),
            "DATABASE_URL": database_url or f"sqlite:///{var_dir / 'benchmark.sqlite3'}",
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
    from django.conf import settings

    settings.ROOT_URLCONF = "benchmarks.urls"


def recreate_postgres_database(url: str) -> None:
    """Drop and create the benchmark's own PostgreSQL database (never one named like the site's)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("copse_bench"):
        raise SystemExit(
            "--database-url must name a database starting with copse_bench; it is dropped first."
        )
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_postgres_database(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    parts = urlsplit(url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}"')


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
    from copse.events.models import Event

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
            ("community events", f"/communities/{slug}/events/"),
            ("members", f"/communities/{slug}/members/"),
            ("join requests", f"/communities/{slug}/requests/"),
            ("discussions", f"/communities/{slug}/discussions/"),
            ("moderation", f"/communities/{slug}/moderation/"),
            ("value tab", f"/communities/{slug}/value/"),
            ("value report", f"/communities/{slug}/value/report/"),
            ("stories to review", f"/communities/{slug}/value/stories/"),
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
        busiest_event = (
            Event.objects.visible_to(lead).annotate(people=people).order_by("-people", "pk").first()
        )
        if busiest_event is not None:
            pages.append(("event page", busiest_event.get_absolute_url()))
    pages += [
        ("programme feed", "/events/programme.ics"),
        ("help requests", "/help/"),
        ("notifications", "/notifications/"),
        ("people", "/people/"),
        ("value: how it works", "/value/how/"),
        ("my value", "/value/"),
    ]
    if membership is not None and lead is not None:
        from copse.valuecreation.models import ValueStory

        story = (
            ValueStory.objects.visible_to(lead).filter(community=membership.community).order_by("pk").first()
        )
        if story is not None:
            pages.append(("value story", f"/value/stories/{story.pk}/"))
        area = membership.community.service_area
        if area is not None:
            pages.append(("area value report", f"/areas/{area.slug}/value/"))
    pages += [("projects", "/projects/"), ("library", "/library/"), ("news", "/news/")]
    if membership is not None and lead is not None:
        from copse.library.models import Resource
        from copse.news.models import NewsPost
        from copse.projects.models import Project

        community = membership.community
        pages.append(("community library", f"/communities/{community.slug}/library/"))
        project = Project.objects.filter(community=community).order_by("pk").first()
        if project is not None:
            pages.append(("project page", project.get_absolute_url()))
        resource = Resource.objects.filter(community=community, kind="file").order_by("pk").first()
        if resource is not None:
            pages.append(("library file page", resource.get_absolute_url()))
            version = resource.versions.order_by("-version").first()
            if version is not None:
                pages.append(("library download", version.get_absolute_url()))
        post = NewsPost.objects.visible_to(lead).order_by("-publish_at").first()
        if post is not None:
            pages.append(("news post", post.get_absolute_url()))
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


def client_without_middleware():
    """A test client whose handler was built with no middleware: the bare view's floor."""
    from django.test import Client
    from django.test.utils import override_settings

    client = Client(raise_request_exception=False)
    with override_settings(MIDDLEWARE=[]):
        client.handler.load_middleware()
    return client


# Where a request's time goes, by the cumulative time of the functions that mark each part.
PROFILE_PARTS = {
    "template rendering (with queries run from templates)": ("django/template/loader.py", "render_to_string"),
    "SQL execution": ("django/db/backends/utils.py", "_execute"),
    "building model instances": ("django/db/models/base.py", "from_db"),
    "the view, with its queries and rendering": ("django/core/handlers/base.py", "_get_response"),
}


def breakdown(stats: pstats.Stats, requests: int) -> list[str]:
    """Milliseconds per request in each part (parts overlap: SQL runs inside rendering and views)."""
    totals = dict.fromkeys(PROFILE_PARTS, 0.0)
    whole = 0.0
    for (filename, _, function), (_, _, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if filename.endswith("django/test/client.py") and function == "request":
            whole = max(whole, cumulative)
        for part, (suffix, name) in PROFILE_PARTS.items():
            if filename.endswith(suffix) and function == name:
                totals[part] = max(totals[part], cumulative)
    lines = [f"  whole request: {1000 * whole / requests:.1f} ms"]
    lines += [f"  {part}: {1000 * value / requests:.1f} ms" for part, value in totals.items()]
    view = totals["the view, with its queries and rendering"]
    lines.append(
        f"  middleware and the test client around the view: {1000 * (whole - view) / requests:.1f} ms"
    )
    return lines


def profile_pages(client, timings: list[PageTiming], count: int, requests: int) -> tuple[str, list[str]]:
    """cProfile of the `count` slowest pages: a breakdown per page, and the top functions by own time."""
    sections, summary = [], []
    for timing in sorted(timings, key=lambda t: t.median_ms, reverse=True)[:count]:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            client.get(timing.path)
        profiler.disable()
        stats = pstats.Stats(profiler)
        parts = breakdown(stats, requests)
        summary += [f"{timing.name} ({timing.path}), profiled (cProfile slows every call):", *parts]
        out = io.StringIO()
        stats.stream = out  # type: ignore[attr-defined]
        stats.strip_dirs().sort_stats("tottime").print_stats(30)
        sections.append(f"### {timing.name} ({timing.path}), {requests} requests\n" + "\n".join(parts))
        sections.append(f"Top functions by own time:\n{out.getvalue()}")
    return "\n".join(sections), summary


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def session_cookie(user) -> str:
    """A signed-in session for `user`, as the cookie a browser would send."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


WRK_LATENCY = re.compile(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def load_with_wrk(base: str, name: str, path: str, cookie: str, seconds: int, connections: int) -> LoadResult:
    command = [
        "wrk",
        "--latency",
        f"-d{seconds}s",
        "-t2",
        f"-c{connections}",
        "-H",
        f"Cookie: {cookie}",
        base + path,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    latency = {p: float(v) * UNIT_MS[u] for p, v, u in WRK_LATENCY.findall(output)}
    rate = WRK_RATE.search(output)
    errors = WRK_ERRORS.search(output)
    return LoadResult(
        name=name,
        path=path,
        requests_per_s=float(rate.group(1)) if rate else 0.0,
        p50_ms=latency.get("50", math.nan),
        p90_ms=latency.get("90", math.nan),
        p99_ms=latency.get("99", math.nan),
        errors=int(errors.group(1)) if errors else 0,
    )


def serve_and_load(pages: list[tuple[str, str]], user, seconds: int, connections: int) -> list[LoadResult]:
    """gunicorn with 2 workers on loopback, DEBUG off, and wrk against each page and both bare views."""
    if shutil.which("wrk") is None:
        raise SystemExit("--server needs wrk (apt-get install wrk).")
    from django.db import connections as db_connections

    cookie = session_cookie(user)
    db_connections.close_all()
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603
        [
            str(gunicorn),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "benchmarks.wsgi:application",
        ],
        cwd=ROOT,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urlopen(base + "/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                time.sleep(0.1)
        return [load_with_wrk(base, name, path, cookie, seconds, connections) for name, path in pages]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def ratio(value: float, limit: float) -> str:
    return f"{100 * value / limit:5.1f}%" if limit else "    -"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--database-url", default="", help="a PostgreSQL database named copse_bench…")
    parser.add_argument("--server", action="store_true", help="also load the pages through gunicorn with wrk")
    parser.add_argument("--seconds", type=int, default=5, help="seconds of wrk load per page (default 5)")
    parser.add_argument("--connections", type=int, default=4, help="wrk's open connections (default 4)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile the N slowest pages")
    args = parser.parse_args()
    if args.database_url:
        recreate_postgres_database(args.database_url)

    with tempfile.TemporaryDirectory(prefix="copse-bench-") as tmp:
        configure(Path(tmp), args.database_url)
        import django
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client

        from benchmarks.urls import BARE, BARE_NO_MIDDLEWARE

        database = connection.vendor
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

        pages = pages_for_lead()
        bare = time_page(client, "bare, full stack", BARE, args.requests)
        floor = time_page(client_without_middleware(), "bare, no middleware", BARE, args.requests)
        timings = [time_page(client, name, path, args.requests) for name, path in pages]
        if lead is not None and not any(timing.name == "community page" for timing in timings):
            notes.append(f"{PERSONA} leads no community: community pages were not timed.")
        for timing in timings:
            if timing.status != 200:
                notes.append(f"{timing.path} answered {timing.status}, not 200.")
        profile, profile_summary = (
            profile_pages(client, timings, args.profile, args.requests) if args.profile else ("", [])
        )
        loads: list[LoadResult] = []
        if args.server and lead is not None:
            bare_pages = [("bare, full stack", BARE), ("bare, no middleware", BARE_NO_MIDDLEWARE)]
            loads = serve_and_load(bare_pages + pages, lead, args.seconds, args.connections)
        if args.database_url:
            drop_postgres_database(args.database_url)

    lines = [
        f"Copse benchmark, {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC",
        f"Python {platform.python_version()}, Django {django.get_version()}, {database}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}",
        "",
        f"migrate            {migrate_s:8.2f} s" if migrate_s is not None else "migrate            missing",
        f"seed_demo          {seed_s:8.2f} s" if seed_s is not None else "seed_demo          missing",
        f"send_event_reminders {reminders_s:6.2f} s"
        if reminders_s is not None
        else "send_event_reminders missing",
        "",
        f"Pages signed in as {PERSONA}, {args.requests} requests each (Django test client, no network).",
        "'vs bare' is the bare view's median time over the page's, through the full middleware stack signed in;",
        "'vs floor' the same for the bare view with no middleware: the share of the stack's limit the page reaches.",
        f"{'page':<20} {'path':<50} {'status':>6} {'queries':>7} {'median ms':>10} {'p95 ms':>8}"
        f" {'vs bare':>8} {'vs floor':>8}",
    ]
    for t in [floor, bare, *timings]:
        lines.append(
            f"{t.name:<20} {t.path:<50} {t.status:>6} {t.queries:>7} {t.median_ms:>10.2f} {t.p95_ms:>8.2f}"
            f" {ratio(bare.median_ms, t.median_ms):>8} {ratio(floor.median_ms, t.median_ms):>8}"
        )
    if loads:
        by_name = {load.name: load for load in loads}
        full, none = by_name["bare, full stack"], by_name["bare, no middleware"]
        lines += [
            "",
            f"Production server: gunicorn, 2 workers, DEBUG off, on 127.0.0.1; wrk, {args.connections} connections,"
            f" {args.seconds} s per page, signed in as {PERSONA}. Latency as wrk measures it (client side).",
            f"{'page':<20} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'non-2xx':>8}"
            f" {'vs bare':>8} {'vs floor':>8}",
        ]
        lines += [
            f"{r.name:<20} {r.requests_per_s:>8.1f} {r.p50_ms:>8.2f} {r.p90_ms:>8.2f} {r.p99_ms:>8.2f}"
            f" {r.errors:>8} {ratio(r.requests_per_s, full.requests_per_s):>8}"
            f" {ratio(r.requests_per_s, none.requests_per_s):>8}"
            for r in loads
        ]
    if profile_summary:
        lines += ["", "Where the time goes in the slowest pages (ms per request):", *profile_summary]
    if notes:
        lines += ["", "Notes:"] + [f"- {note}" for note in notes]
    report = "\n".join(lines) + "\n"
    print(report, end="")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    if profile:
        PROFILE.write_text(profile, encoding="utf-8")
        print(f"Profiles written to {PROFILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
