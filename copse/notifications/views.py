from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copse.accounts.http import StaffRequest as Request
from copse.accounts.models import User
from copse.core.http import posted
from copse.core.pagination import keyset_page
from copse.core.refusals import form_status

from . import services
from .emails import read_unsubscribe_token
from .forms import PreferencesForm
from .kinds import KINDS
from .models import Notification
from .permissions import get_notification_for

PAGE_SIZE = 50


@require_GET
def notification_list(request: Request) -> HttpResponse:
    """The person's notifications, newest first, 50 at a time."""
    page = keyset_page(
        Notification.objects.filter(recipient=request.user).select_related("actor__person"),
        sort_key="created_at",
        cursor=request.GET.get("after", ""),
        size=PAGE_SIZE,
        descending=True,
    )
    return render(request, "notifications/notification_list.html", {"page": page})


@require_GET
def notification_open(request: Request, notification_id: int) -> HttpResponse:
    """Mark one of the person's notifications read and go to what it is about. Someone else's is a 404."""
    notification = get_notification_for(request.user, notification_id)
    if notification.is_unread:
        services.mark_read(request.user, [notification.pk])
    # The model allows only paths on this site; checked again so this can never become an open redirect.
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(notification.url)


@require_POST
def mark_all_read(request: Request) -> HttpResponse:
    count = services.mark_read(request.user)
    messages.success(
        request,
        f"{count} notification{'' if count == 1 else 's'} marked as read."
        if count
        else "Nothing was unread.",
    )
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def preferences(request: Request) -> HttpResponse:
    form = PreferencesForm(posted(request), initial=services.deliveries_for(request.user))
    if request.method == "POST" and form.is_valid():
        services.set_deliveries(request.user, form.cleaned_data)
        messages.success(request, "Your email preferences have been saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form}, status=form_status(form))


# A mail client's one-click unsubscribe (RFC 8058) POSTs `List-Unsubscribe=One-Click` to this URL from the mail
# provider's servers: no session cookie and no CSRF token, so CSRF protection cannot apply and would block every
# one-click unsubscribe. The signed token in the URL is the protection: only the email it was sent in has it, and
# the most it can do is switch off one person's emails.
@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks the person to confirm (mail scanners follow links, so GET changes nothing); POST unsubscribes."""
    try:
        person_id, scope = read_unsubscribe_token(token)
    except signing.SignatureExpired:
        return render(request, "notifications/unsubscribe_expired.html", status=410)
    except signing.BadSignature:
        raise Http404("No such unsubscribe link.") from None
    person = get_object_or_404(User, pk=person_id)
    what = KINDS[scope].label.lower() if scope in KINDS else f"the {scope} digest"
    if request.method == "POST":
        services.unsubscribe(person, scope)
        return render(request, "notifications/unsubscribed.html", {"what": what})
    return render(request, "notifications/unsubscribe.html", {"what": what, "person": person})
