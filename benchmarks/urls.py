"""The site's URLs plus the bare views that mark the limit of the stack (benchmarks only, never deployed)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

BARE = "/__bench/bare"
BARE_NO_MIDDLEWARE = "/__bench/bare-no-middleware"


@login_not_required
def bare(request: HttpRequest) -> HttpResponse:
    """Does nothing: what a page costs beyond this is the page's own work."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path(BARE.lstrip("/"), bare),
    path(BARE_NO_MIDDLEWARE.lstrip("/"), bare),
    path("", include("copse.urls")),
]
