"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, and axe-core for accessibility.

A developer machine without Chromium, axe-core or the playwright package skips these tests with the reason;
under CI=true they fail instead, so a CI run can never go green by skipping them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response

CHROMIUM = Path("/usr/bin/chromium")
AXE_CORE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# Chromium on a closed network: no first-run, background or update traffic, nothing the tests did not ask for.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ASSET_TYPES = {"stylesheet", "script", "image", "font"}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(reason: str) -> NoReturn:
    """Skip on a developer machine; fail under CI, where every component must be installed."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres_only") is None:
        return
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run."""
    if not CHROMIUM.exists():
        missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is not installed (make venv)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


class PageProblems:
    """What went wrong while pages loaded: broken assets, script errors, CSP violations."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def on_response(self, response: Response) -> None:
        if response.request.resource_type in ASSET_TYPES and response.status >= 400:
            self.problems.append(f"{response.status} for {response.request.resource_type} {response.url}")

    def on_request_failed(self, request: Request) -> None:
        if request.resource_type in ASSET_TYPES:
            self.problems.append(f"{request.resource_type} {request.url} failed: {request.failure}")

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"CSP violation: {message.text}")

    def on_page_error(self, error: Exception) -> None:
        self.problems.append(f"script error: {error}")


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A fresh browser context on the live server; relative URLs work (`page.goto("/accessibility/")`).

    The test fails if any page it opened had a broken stylesheet, script, image or font, a script error, or a
    Content Security Policy violation.
    """
    context = browser.new_context(base_url=live_server.url)
    new_page = context.new_page()
    problems = PageProblems()
    new_page.on("response", problems.on_response)
    new_page.on("requestfailed", problems.on_request_failed)
    new_page.on("console", problems.on_console)
    new_page.on("pageerror", problems.on_page_error)
    yield new_page
    context.close()
    if problems.problems:
        pytest.fail("Problems while loading pages:\n" + "\n".join(problems.problems), pytrace=False)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_CORE.exists():
        missing(f"axe-core is not installed at {AXE_CORE} (npm ci)")
    return AXE_CORE.read_text(encoding="utf-8")


@pytest.fixture
def assert_accessible(axe_source: str) -> Callable[[Page], None]:
    """`assert_accessible(page)` fails listing each WCAG 2.2 AA violation axe-core finds on the page."""

    def check(page: Page) -> None:
        # evaluate() runs outside the page's Content Security Policy, which forbids injected script tags.
        page.evaluate(f"() => {{ {axe_source}\n}}")
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        violations = results["violations"]
        if violations:
            lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
            for violation in violations:
                lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
                lines.append(f"  {violation['helpUrl']}")
                lines.extend(f"    at {' '.join(map(str, node['target']))}" for node in violation["nodes"])
            pytest.fail("\n".join(lines), pytrace=False)

    return check
