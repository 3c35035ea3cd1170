from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from copse.accounts.http import StaffRequest as Request
from copse.core.pagination import keyset_page
from copse.core.refusals import refusals_shown

from . import services
from .models import Event, Registration
from .permissions import can_register, get_event_for, require_can_register, visible_events

EVENTS_PAGE_SIZE = 25


@require_GET
def event_list(request: Request) -> HttpResponse:
    """Upcoming events the person may see, soonest first; `?when=past` for past events, latest first."""
    past = request.GET.get("when") == "past"
    now = timezone.now()
    events = visible_events(request.user).select_related("community").with_counts()
    events = events.filter(ends_at__lte=now) if past else events.filter(ends_at__gt=now)
    page = keyset_page(
        events,
        sort_key="starts_at",
        cursor=request.GET.get("after", ""),
        size=EVENTS_PAGE_SIZE,
        descending=past,
    )
    return render(request, "events/event_list.html", {"page": page, "past": past})


@require_GET
def event_detail(request: Request, event_id: int) -> HttpResponse:
    event = get_event_for(request.user, event_id)
    registration = Registration.objects.filter(event=event, person=request.user).first()
    counted = Event.objects.with_counts().get(pk=event.pk)
    context = {
        "event": event,
        "speakers": list(event.speakers.all()),
        "registration": registration,
        "going": registration is not None and registration.status == Registration.Status.GOING,
        "can_register": can_register(request.user, event),
        "closed_reason": event.registration_closed_reason(),
        "going_count": counted.going_count,  # type: ignore[attr-defined]
        "waitlist_count": counted.waitlist_count,  # type: ignore[attr-defined]
    }
    return render(request, "events/event_detail.html", context)


@require_POST
def register(request: Request, event_id: int) -> HttpResponse:
    event = get_event_for(request.user, event_id)
    require_can_register(request.user, event)
    with refusals_shown(request):
        registration = services.register(event, person=request.user)
        if registration.status == Registration.Status.GOING:
            messages.success(request, "You have a place. The joining details are below.")
        else:
            messages.success(
                request,
                "The event is full, so you are on the waiting list. We will tell you if a place frees up.",
            )
    return redirect("event_detail", event.pk)


@require_POST
def cancel_registration(request: Request, event_id: int) -> HttpResponse:
    event = get_event_for(request.user, event_id)
    with refusals_shown(request):
        services.cancel_registration(event, person=request.user)
        messages.success(request, "You are no longer registered for this event.")
    return redirect("event_detail", event.pk)
