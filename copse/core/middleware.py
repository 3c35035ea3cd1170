"""Requests no page can mean: answered 400 before any view or query sees them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


class RejectNulBytesMiddleware:
    """A NUL byte in the address (path or query) is never legitimate, and PostgreSQL refuses it in a query.

    Form fields already refuse it with a message beside the field (Django's `ProhibitNullCharactersValidator`);
    this covers the addresses that views pass to the database, such as slugs, keys and filters.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest("The address has a character that cannot be in it.")
        return self.get_response(request)
