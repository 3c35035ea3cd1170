from django.http import HttpRequest, QueryDict
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that has passed through django-htmx's middleware."""

    htmx: HtmxDetails


def posted(request: HttpRequest) -> QueryDict | None:
    """A form's data: the POST, even an empty one (an empty checklist is an answer, and an empty required field
    needs its message), or None on a GET so the form shows unbound."""
    return request.POST if request.method == "POST" else None
