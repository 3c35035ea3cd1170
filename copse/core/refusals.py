"""How a workflow says no, and the one place where a refusal becomes an answer.

A service raises `Refused(message, kind=..., field=...)`. A view catches it and returns
`refusal_response(request, refusal, ...)`, which chooses what the person gets:

- a form on the page: the message beside `refusal.field` (or at the top of the form), the page shown again;
- otherwise: the message on the next page (`then`), for HTML a redirect;
- htmx: the fragment (`page`) with the refusal's status code (htmx swaps 400 and 409 in place);
- JSON (the API, or a client that asks only for JSON): `{"error": {"kind", "message", "field"}}`.

No view chooses a status code by hand: the kind decides it. A refusal that no view caught is answered by
`RefusalMiddleware` with the error page of its status, so it is never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

if TYPE_CHECKING:
    from django.forms import BaseForm


class Kind(StrEnum):
    INVALID = "invalid"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    RATE_LIMITED = "rate_limited"  # too often in too short a time: try again later


STATUS = {
    Kind.INVALID: 400,
    Kind.FORBIDDEN: 403,
    Kind.NOT_FOUND: 404,
    Kind.CONFLICT: 409,
    Kind.RATE_LIMITED: 429,
}


class Refused(Exception):
    """The action cannot happen; the message says why, in words for the person who tried.

    `kind` says what sort of no it is (it decides the status code); `field` names the one input it is about.
    """

    def __init__(self, message: str, *, kind: Kind | str = Kind.INVALID, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.kind = Kind(kind)
        self.field = field

    @property
    def status(self) -> int:
        return STATUS[self.kind]

    def as_json(self) -> dict[str, Any]:
        return {"error": {"kind": str(self.kind), "message": self.message, "field": self.field}}


def wants_json(request: HttpRequest) -> bool:
    """The API, or a client that takes JSON and not HTML."""
    if request.path.startswith("/api/"):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def refusal_response(
    request: HttpRequest,
    refusal: Refused,
    *,
    form: BaseForm | None = None,
    page: Callable[[int], HttpResponse] | None = None,
    then: Any = None,
) -> HttpResponse:
    """The answer to a refusal: see the module's docstring.

    `form` and `page` go together: the message is added to the form and `page(status)` renders it again.
    `then` is where the message is shown otherwise (anything `redirect` takes); without it, `page` is used.
    """
    if wants_json(request):
        return JsonResponse(refusal.as_json(), status=refusal.status)
    if form is not None:
        if page is None:
            raise ValueError("A refusal shown on a form needs the page that shows the form.")
        field = refusal.field if refusal.field in form.fields else None
        form.add_error(field, refusal.message)
        return page(refusal.status)
    messages.error(request, refusal.message)
    is_htmx = bool(getattr(request, "htmx", False))
    if page is not None and (is_htmx or then is None):
        return page(refusal.status)
    if is_htmx:
        # Nothing to swap in: the message alone, out of band, with the refusal's status.
        response = render(request, "includes/oob_messages.html", status=refusal.status)
        response["HX-Reswap"] = "none"
        return response
    if then is None:
        return error_page(request, refusal)
    return redirect(then)


def error_page(request: HttpRequest, refusal: Refused) -> HttpResponse:
    """The error page of the refusal's status, with its message."""
    return render(request, "refused.html", {"refusal": refusal}, status=refusal.status)


def refusal_from(form: BaseForm) -> Refused:
    """A small form's first error as a refusal, for a form posted from a control on another page (the message is
    shown there, or beside the field the form's own page has)."""
    name, errors = next(iter(form.errors.items()))
    field = form.fields.get(name)
    message = str(errors[0])
    if field is not None and field.label:
        message = f"{field.label}: {message}"
    return Refused(message, field=name if field is not None else None)


def form_status(*forms: Any) -> int:
    """400 when a submitted form (or formset) on the page has errors, 200 otherwise."""
    return 400 if any(f.is_bound and not f.is_valid() for f in forms if f is not None) else 200


class RefusalMiddleware:
    """A refusal no view caught is answered by its status and message, never as a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, Refused):
            return None
        if wants_json(request):
            return JsonResponse(exception.as_json(), status=exception.status)
        return error_page(request, exception)
