from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copse.accounts.http import StaffRequest as Request
from copse.communities.models import Community
from copse.core.http import posted
from copse.core.pagination import keyset_page
from copse.core.refusals import Kind, Refused, form_status, refusal_response

from . import services
from .forms import (
    AttendanceForm,
    CancelEventForm,
    EventFilterForm,
    EventForm,
    MaterialFormSet,
    SpeakerFormSet,
    SummaryForm,
    material_data,
    month_from,
    speaker_data,
)
from .models import PLACES, Event, EventQuerySet, Material, Registration
from .permissions import (
    can_manage_event,
    can_register,
    can_schedule_in,
    get_event_for,
    schedulable_communities,
)
from .queries import filtered_events

EVENTS_PAGE_SIZE = 25
MONTH_LIMIT = 500  # events shown in one month; far more than a month of a large programme


def _filtered(request: Request) -> tuple[EventQuerySet, EventFilterForm, list[Community]]:
    """The events this person may see, narrowed by the filter form: a filter that does not validate is shown with
    its error and ignored, and the others still apply. Also the communities they may see, with their role in each."""
    communities = list(
        Community.objects.visible_to(request.user).with_viewer_state(request.user).order_by("name")
    )
    form = EventFilterForm(request.GET, communities=communities)
    form.is_valid()
    filters = {name: form.cleaned_data.get(name) or "" for name in ("show", "community", "kind")}
    return filtered_events(request.user, **filters), form, communities


@require_GET
def event_list(request: Request) -> HttpResponse:
    """Upcoming events the person may see, soonest first; `?when=past` for past events, latest first."""
    past = request.GET.get("when") == "past"
    now = timezone.now()
    events, filters, communities = _filtered(request)
    events = events.with_counts().with_viewer_status(request.user)
    events = events.filter(ends_at__lte=now) if past else events.filter(ends_at__gt=now)
    page = keyset_page(
        events,
        sort_key="starts_at",
        cursor=request.GET.get("after", ""),
        size=EVENTS_PAGE_SIZE,
        descending=past,
    )
    context = {
        "page": page,
        "past": past,
        "filters": filters,
        # From the roles already read for the filter: the communities someone leads are among those they see.
        "can_schedule": can_schedule_in(request.user, None)
        or any(can_schedule_in(request.user, c) for c in communities),
    }
    return render(request, "events/event_list.html", context)


@require_GET
def event_month(request: Request) -> HttpResponse:
    """A month as a calendar: each day with the events that start on it, in the person's time zone."""
    today = timezone.localdate()
    first = month_from(request.GET.get("month"), today)
    following = (first + timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(following, time.min, tzinfo=zone)
    events, filters, _ = _filtered(request)
    month_events = list(
        events.filter(starts_at__gte=start, starts_at__lt=end)
        .with_viewer_status(request.user)
        .order_by("starts_at", "id")[:MONTH_LIMIT]
    )
    by_day: dict[date, list[Event]] = {}
    for event in month_events:
        by_day.setdefault(timezone.localdate(event.starts_at), []).append(event)
    # Day names written here rather than with the `date` filter: 42 cells, three names each, on a busy page.
    weeks = [
        [
            {
                "date": day,
                "weekday": f"{day:%A}",
                "month_name": f"{day:%B}",
                "in_month": day.month == first.month,
                "is_today": day == today,
                "events": by_day.get(day, []),
            }
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
            first.year, first.month
        )
    ]
    previous = (first - timedelta(days=1)).replace(day=1)
    context = {
        "month": first,
        "weeks": weeks,
        "today": today,
        "event_count": len(month_events),
        "truncated": len(month_events) == MONTH_LIMIT,
        "previous_month": f"{previous:%Y-%m}",
        "next_month": f"{following:%Y-%m}",
        "this_month": f"{today:%Y-%m}",
        "filters": filters,
        "weekdays": list(calendar.day_name),
    }
    return render(request, "events/event_month.html", context)


@require_GET
def event_detail(request: Request, event_id: int) -> HttpResponse:
    """An event: when and where, the person's place and its main action, speakers, and afterwards the materials;
    for its organisers, their tools in a side panel."""
    event = get_event_for(request.user, event_id)
    # The places and the viewer's own status in one query, on top of the event the access check fetched.
    counted = Event.objects.with_counts().with_viewer_status(request.user).get(pk=event.pk)
    event.going_count, event.waitlist_count = counted.going_count, counted.waitlist_count  # type: ignore[attr-defined]
    status = counted.viewer_status  # type: ignore[attr-defined]
    materials = list(event.materials.all())
    may_register = can_register(request.user, event)
    going = status == Registration.Status.GOING
    has_place = status in PLACES
    upcoming = not event.is_cancelled and not event.is_past
    context = {
        "event": event,
        "speakers": list(event.speakers.select_related("person__person")),
        "materials": materials,
        "recording": next((m for m in materials if m.kind == Material.Kind.RECORDING), None),
        "status": status,
        "going": going,
        "has_place": has_place,
        "upcoming": upcoming,
        # Only to people going whom the audience still allows: someone who left a members-only community may
        # still hold a place until it is ended.
        "show_online_link": going and may_register and upcoming,
        "can_register": may_register,
        "can_manage": can_manage_event(request.user, event),
        "closed_reason": event.registration_closed_reason(),
        "full": event.places_left == 0,
        "shown_in_own_zone": event.time_zone != timezone.get_current_timezone_name(),
    }
    return render(request, "events/event_detail.html", context)


@require_http_methods(["GET", "POST"])
def event_create(request: Request) -> HttpResponse:
    """Schedule an event: leads for their communities, the programme team for any and for the whole programme.
    `?community=<slug>` chooses the host."""
    communities = schedulable_communities(request.user)
    programme_wide = can_schedule_in(request.user, None)
    if not programme_wide and not communities.exists():
        raise PermissionDenied
    initial: dict[str, Any] = {"time_zone": timezone.get_current_timezone_name()}
    host = communities.filter(slug=request.GET.get("community", "")).first()
    if host is not None:
        initial["host"] = str(host.pk)
    form = EventForm(posted(request), initial=initial, communities=communities, programme_wide=programme_wide)
    speakers = SpeakerFormSet(posted(request), prefix="speakers")

    def page(status: int) -> HttpResponse:
        return render(request, "events/event_form.html", {"form": form, "speakers": speakers}, status=status)

    if request.method == "POST" and form.is_valid() and speakers.is_valid():
        try:
            event = services.schedule_event(
                by=request.user, **form.event_data(), speakers=speaker_data(speakers) or []
            )
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "The event is scheduled. People can now register.")
        return redirect(event)
    return page(form_status(form, speakers))


@require_http_methods(["GET", "POST"])
def event_edit(request: Request, event_id: int) -> HttpResponse:
    event = get_event_for(request.user, event_id, action="manage")
    if event.is_cancelled:
        refusal = Refused("A cancelled event cannot be changed.", kind=Kind.CONFLICT)
        return refusal_response(request, refusal, then=event)
    communities = Community.objects.filter(pk__in=[event.community_id] if event.community_id else [])
    form = EventForm(
        posted(request), instance=event, communities=communities, programme_wide=event.community is None
    )
    speakers = SpeakerFormSet(
        posted(request), instance=event, prefix="speakers", queryset=event.speakers.select_related("person")
    )

    def page(status: int) -> HttpResponse:
        context = {"form": form, "speakers": speakers, "event": event}
        return render(request, "events/event_form.html", context, status=status)

    if request.method == "POST" and form.is_valid() and speakers.is_valid():
        try:
            services.update_event(
                event, by=request.user, **form.event_data(), speakers=speaker_data(speakers)
            )
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "Your changes are saved. Calendars will update themselves.")
        return redirect(event)
    return page(form_status(form, speakers))


@require_http_methods(["GET", "POST"])
def cancel_event(request: Request, event_id: int) -> HttpResponse:
    event = get_event_for(request.user, event_id, action="manage")
    if event.is_cancelled or event.is_past:
        refusal = Refused(
            "This event is over or already cancelled, so it cannot be cancelled.", kind=Kind.CONFLICT
        )
        return refusal_response(request, refusal, then=event)
    form = CancelEventForm(posted(request))

    def page(status: int) -> HttpResponse:
        told = event.registrations.filter(status__in=PLACES).count()
        context = {"event": event, "form": form, "told": told}
        return render(request, "events/cancel.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_event(event, reason=form.cleaned_data["reason"])
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "The event is cancelled. Everyone with a place is being told.")
        return redirect(event)
    return page(form_status(form))


@require_http_methods(["GET", "POST"])
def attendance(request: Request, event_id: int) -> HttpResponse:
    """Who registered, and once the event has started, a checklist of who came."""
    event = get_event_for(request.user, event_id, action="manage")
    registrations = list(
        event.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("person")
        .order_by("status", "person__name", "person__email")
    )
    going = [r for r in registrations if r.status == Registration.Status.GOING]
    initial = {"attended": [str(r.pk) for r in going if r.attended]}
    form = AttendanceForm(posted(request), initial=initial, registrations=going)
    if request.method == "POST" and form.is_valid():
        then = reverse("events:attendance", args=[event.pk])
        try:
            came = services.record_attendance(
                event, attended_ids={int(pk) for pk in form.cleaned_data["attended"]}
            )
        except Refused as refusal:
            return refusal_response(request, refusal, then=then)
        messages.success(request, f"Attendance saved: {came} of {len(going)} came.")
        return redirect(then)
    context = {
        "event": event,
        "form": form,
        "going": going,
        "waiting": [r for r in registrations if r.status == Registration.Status.WAITLIST],
        "started": event.starts_at <= timezone.now() and not event.is_cancelled,
    }
    return render(request, "events/attendance.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
def follow_up(request: Request, event_id: int) -> HttpResponse:
    """The summary, recording, slides and other materials, for everyone who could see the event."""
    event = get_event_for(request.user, event_id, action="manage")
    form = SummaryForm(posted(request), initial={"summary": event.summary})
    materials = MaterialFormSet(posted(request), instance=event, prefix="materials")

    def page(status: int) -> HttpResponse:
        context = {"event": event, "form": form, "materials": materials}
        return render(request, "events/follow_up.html", context, status=status)

    if request.method == "POST" and form.is_valid() and materials.is_valid():
        try:
            services.save_follow_up(
                event,
                by=request.user,
                summary=form.cleaned_data["summary"],
                materials=material_data(materials, event),
            )
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "The summary and materials are saved.")
        return redirect(event)
    return page(form_status(form, materials))


@require_POST
def register(request: Request, event_id: int) -> HttpResponse:
    event = get_event_for(request.user, event_id, action="register")
    try:
        registration = services.register(event, person=request.user)
    except Refused as refusal:
        return refusal_response(request, refusal, then=event)
    if registration.status == Registration.Status.GOING:
        messages.success(request, "You have a place. The joining details are below.")
    else:
        messages.success(
            request,
            "The event is full, so you are on the waiting list. We will tell you if a place frees up.",
        )
    return redirect(event)


@require_POST
def cancel_registration(request: Request, event_id: int) -> HttpResponse:
    event = get_event_for(request.user, event_id)
    try:
        services.cancel_registration(event, person=request.user)
    except Refused as refusal:
        return refusal_response(request, refusal, then=event)
    messages.success(request, "You are no longer registered for this event.")
    return redirect(event)
