"""How a workflow says no: a `Refused` with a message for the person, shown on the next page."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.http import HttpRequest


class Refused(Exception):
    """The action cannot happen; the message says why, in words for the person who tried."""


@contextmanager
def refusals_shown(request: HttpRequest) -> Iterator[None]:
    """Run a service call; if it refuses, tell the person why on the next page instead of failing."""
    try:
        yield
    except Refused as refusal:
        messages.error(request, str(refusal))
