"""Who may open a notification: only the person it was written for. Anyone else gets a 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from .models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User


def can_view_notification(user: User | AnonymousUser, notification: Notification) -> bool:
    """Twin of `Notification.objects.visible_to`."""
    return bool(user.is_authenticated and user.is_active and notification.recipient_id == user.pk)


def get_notification_for(user: User | AnonymousUser, notification_id: int) -> Notification:
    """One of the person's own notifications (only what opening it needs): 404 for anyone else's."""
    notification = (
        Notification.objects.visible_to(user)
        .only("url", "read_at", "recipient_id")
        .filter(pk=notification_id)
    ).first()
    if notification is None:
        raise Http404("No notification found.")
    return notification
