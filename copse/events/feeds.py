"""Calendar files and subscription feeds (RFC 5545).

Calendar apps cannot sign in, so the feeds are `login_not_required` and accept the person's secret calendar key
instead: in the path of their own feed, and as `?key=` on the programme and community feeds (which also work with
a signed-in session, and send anyone with neither to sign in). Every feed shows what that person may see; only
their own feed and their own event downloads carry online joining links, and only for events they are going to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_safe

from copse.accounts.http import StaffRequest as Request
from copse.accounts.models import User
from copse.communities.models import Membership
from copse.communities.permissions import get_community_for
from copse.core.refusals import Refused, refusal_response

from .calendar import calendar_file
from .forms import CalendarKeyForm
from .models import PLACES, CalendarToken, Event, EventQuerySet, Registration, new_calendar_key
from .permissions import can_register, get_event_for

CALENDAR_TYPE = "text/calendar; charset=utf-8"
# Feeds hold recent past events too, so a calendar does not drop what happened last month.
FEED_PAST = timedelta(days=90)
FEED_LIMIT = 500
FEED_MAX_AGE = 300


def _key_holder(key: str) -> User:
    """The person whose calendar key this is: 404 for an unknown or revoked key, or someone who has left."""
    token = CalendarToken.objects.select_related("person").filter(key=key, person__is_active=True).first()
    if token is None:
        raise Http404("No calendar found.")
    return token.person


def _reader(request: HttpRequest) -> User | None:
    """Whose view of the events a shared feed shows: the holder of `?key=`, else whoever is signed in."""
    if "key" in request.GET:
        return _key_holder(request.GET["key"])
    return request.user if isinstance(request.user, User) else None


def _in_window(events: EventQuerySet) -> list[Event]:
    """Events ended at most FEED_PAST ago or still to come, soonest first, at most FEED_LIMIT."""
    since = timezone.now() - FEED_PAST
    return list(events.filter(ends_at__gte=since).order_by("starts_at", "id")[:FEED_LIMIT])


def _personal_calendar(events: Iterable[Event], registrations: Iterable[Registration], *, name: str) -> bytes:
    """The events as the person holding `registrations` sees them: joining links where they are going."""
    places = list(registrations)
    return calendar_file(
        events,
        name=name,
        online_link_for={r.event_id for r in places if r.status == Registration.Status.GOING},
        waiting_list={r.event_id for r in places if r.status == Registration.Status.WAITLIST},
    )


def _feed_response(body: bytes, *, keyed: bool) -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    patch_cache_control(response, private=True, max_age=FEED_MAX_AGE)
    if keyed:
        # The key works like a password: keep the feed's address out of Referer headers.
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def event_ics(request: Request, event_id: int) -> HttpResponse:
    """One event as a file to open in a calendar app, with the joining link if the person is going."""
    event = get_event_for(request.user, event_id)
    registrations: list[Registration] = []
    # Only for someone the audience still allows: a member who left may hold a place until it is ended.
    if can_register(request.user, event):
        registrations = list(Registration.objects.filter(event=event, person=request.user, status__in=PLACES))
    response = HttpResponse(_personal_calendar([event], registrations, name=event.title), CALENDAR_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{slugify(event.title) or "event"}.ics"'
    add_never_cache_headers(response)
    return response


@login_not_required
@require_safe
def programme_feed(request: HttpRequest) -> HttpResponse:
    """Programme-wide events, for a calendar app (`?key=`) or a signed-in person."""
    person = _reader(request)
    if person is None:
        return redirect_to_login(request.get_full_path())
    events = _in_window(Event.objects.visible_to(person).filter(community__isnull=True))
    body = calendar_file(events, name=f"{settings.SITE_NAME}: programme events")
    return _feed_response(body, keyed="key" in request.GET)


@login_not_required
@require_safe
def community_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """One community's events, for a calendar app (`?key=`) or a signed-in person who may see the community."""
    person = _reader(request)
    if person is None:
        return redirect_to_login(request.get_full_path())
    community = get_community_for(person, slug)
    events = _in_window(Event.objects.visible_to(person).filter(community=community))
    body = calendar_file(events, name=f"{community.name} events")
    return _feed_response(body, keyed="key" in request.GET)


@login_not_required
@require_safe
def personal_feed(request: HttpRequest, key: str) -> HttpResponse:
    """The events the key's holder has a place at or is waiting for, cancelled ones included: only those whose
    audience still includes them, so a place not yet ended never carries a joining link."""
    person = _key_holder(key)
    since = timezone.now() - FEED_PAST
    registrations = list(
        Registration.objects.filter(
            person=person,
            status__in=PLACES,
            event__in=Event.objects.open_to(person),
            event__ends_at__gte=since,
        )
        .select_related("event")
        .order_by("event__starts_at", "event__id")[:FEED_LIMIT]
    )
    events = [registration.event for registration in registrations]
    body = _personal_calendar(events, registrations, name=f"{settings.SITE_NAME}: my events")
    return _feed_response(body, keyed=True)


def _create_key(person: User) -> None:
    CalendarToken.objects.get_or_create(person=person)


def _reset_key(person: User) -> None:
    CalendarToken.objects.update_or_create(
        person=person, defaults={"key": new_calendar_key(), "created_at": timezone.now()}
    )


def _revoke_key(person: User) -> None:
    CalendarToken.objects.filter(person=person).delete()


KEY_ACTIONS: dict[str, tuple[Callable[[User], None], str]] = {
    "create": (
        _create_key,
        "Your calendar addresses are ready. Copy one into your calendar app to subscribe.",
    ),
    "reset": (
        _reset_key,
        "You have new calendar addresses and the old ones no longer work. "
        "Subscribe again in your calendar app with a new address.",
    ),
    "revoke": (
        _revoke_key,
        "Your calendar addresses no longer work. Calendars subscribed with them will stop updating.",
    ),
}


def _addresses(request: HttpRequest, person: User, key: str) -> list[dict[str, str]]:
    """The subscribe addresses holding this key: the person's own events, the programme, each community."""
    query = f"?{urlencode({'key': key})}"
    addresses = [
        {
            "label": "Your events",
            "hint": "Events you have a place at or are waiting for, with their links for joining online.",
            "url": request.build_absolute_uri(reverse("events:personal_feed", args=[key])),
        },
        {
            "label": "Programme events",
            "hint": "Events for everyone in the programme.",
            "url": request.build_absolute_uri(reverse("events:programme_feed") + query),
        },
    ]
    memberships = (
        Membership.objects.current()
        .filter(person=person)
        .select_related("community")
        .order_by("community__name")
    )
    for membership in memberships:
        community = membership.community
        addresses.append(
            {
                "label": f"{community.name} events",
                "hint": f"Events hosted by {community.name}.",
                "url": request.build_absolute_uri(
                    reverse("events:community_feed", args=[community.slug]) + query
                ),
            }
        )
    return addresses


@require_http_methods(["GET", "POST"])
def calendar_subscriptions(request: Request) -> HttpResponse:
    """The person's secret subscribe addresses; POST `action` creates, resets or revokes their key."""

    def page(status: int = 200) -> HttpResponse:
        token = CalendarToken.objects.filter(person=request.user).first()
        addresses = _addresses(request, request.user, token.key) if token else []
        return render(request, "events/calendar_subscriptions.html", {"addresses": addresses}, status=status)

    if request.method == "POST":
        form = CalendarKeyForm(request.POST)
        if not form.is_valid():
            refusal = Refused("Choose what to do with your calendar addresses.", field="action")
            return refusal_response(request, refusal, page=page)
        change, done = KEY_ACTIONS[form.cleaned_data["action"]]
        change(request.user)
        messages.success(request, done)
        return redirect("events:calendars")
    return page()
