from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from .branding import brand
from .forms import SampleForm
from .refusals import Kind, Refused


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not healthy"; the reason goes in the body
        return JsonResponse({"status": "unavailable", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@login_not_required
@require_GET
@cache_control(public=True, max_age=86400)
def brand_css(request: HttpRequest) -> HttpResponse:
    """The organisation's colours as CSS custom properties, linked after app.css when they are not the default."""
    return HttpResponse(brand().css, content_type="text/css; charset=utf-8")


@require_GET
def styleguide(request: HttpRequest) -> HttpResponse:
    """The component catalogue, for the operator: every component of the design system in every state."""
    if not request.user.is_superuser:
        raise Refused("The style guide is for the site's operator.", kind=Kind.FORBIDDEN)
    now = timezone.now()
    return render(
        request,
        "core/styleguide.html",
        {
            "now": now,
            "hours_ago": now - timedelta(hours=3),
            "yesterday": now - timedelta(days=1, hours=2),
            "last_month": now - timedelta(days=40),
            "people": _sample_people(),
            "empty_form": SampleForm(auto_id="empty_%s"),
            "invalid_form": _invalid_form(),
        },
    )


@dataclass(frozen=True)
class SamplePerson:
    """Someone to draw a face for in the style guide: what `{% avatar %}` reads of a person, and no account."""

    pk: int
    name: str
    email: str

    def get_full_name(self) -> str:
        return self.name


def _sample_people() -> list[SamplePerson]:
    """Twelve people, one for each initials colour, without touching the database."""
    names = [
        "Amara Okafor",
        "Daniel Hughes",
        "Priya Sharma",
        "Jamie Fletcher",
        "Gareth Evans",
        "Siân Roberts",
        "Tomasz Nowak",
        "Mei Chen",
        "Oluwaseun Adeyemi",
        "Ruth Campbell",
        "Imran Qureshi",
        "Cher",
    ]
    return [SamplePerson(pk=i, name=name, email=f"person{i}@example.org") for i, name in enumerate(names)]


def _invalid_form() -> SampleForm:
    form = SampleForm({"title": "", "kind": "poll", "body": "Looking for tips."}, auto_id="invalid_%s")
    form.is_valid()
    return form
