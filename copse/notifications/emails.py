"""Emails about notifications: one at a time for people who chose "straight away", or a digest of several.

Every email is HTML and plain text and carries a one-click unsubscribe (RFC 8058): `List-Unsubscribe` names a URL
whose signed token says who the email was for and what it was about, and `List-Unsubscribe-Post` lets a mail
client unsubscribe with a single POST.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from copse.core.links import site_url

from .kinds import KINDS, Delivery
from .models import DigestRun, Notification

UNSUBSCRIBE_SALT = "copse.notifications.unsubscribe"
# Long enough that someone unsubscribing from an old email still can; short enough that a leaked token dies.
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 365
DIGEST_ITEMS_PER_KIND = 20


def unsubscribe_token(person_id: int, scope: str) -> str:
    """A signed token for "stop emailing this person about `scope`": a kind, or "daily"/"weekly" for a digest."""
    return signing.dumps([person_id, scope], salt=UNSUBSCRIBE_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """The person id and scope a token was made for. Raises `signing.SignatureExpired` when it is too old and
    `signing.BadSignature` when it is malformed or has been tampered with."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not (value[1] in KINDS or value[1] in {Delivery.DAILY, Delivery.WEEKLY})
    ):
        raise signing.BadSignature("Not an unsubscribe token.")
    return value[0], value[1]


def _message(
    *, subject: str, to: str, template: str, context: dict[str, Any], unsubscribe_url: str
) -> EmailMultiAlternatives:
    context = {
        **context,
        "site_name": settings.SITE_NAME,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": site_url(reverse("notifications:preferences")),
        "notifications_url": site_url(reverse("notifications:list")),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"notifications/email/{template}.html", context), "text/html")
    return message


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    """The email for one notification, sent straight away. Needs `recipient` and `actor` selected."""
    kind = KINDS[notification.kind]
    token = unsubscribe_token(notification.recipient_id, notification.kind)
    return _message(
        subject=notification.title,
        to=notification.recipient.email,
        template="notification",
        context={
            "person": notification.recipient,
            "notification": notification,
            "kind": kind,
            "open_url": site_url(notification.get_absolute_url()),
        },
        unsubscribe_url=site_url(reverse("notifications:unsubscribe", args=[token])),
    )


def digest_email(run: DigestRun, notifications: Iterable[Notification]) -> EmailMultiAlternatives:
    """One person's digest: their notifications grouped by kind, in the order kinds are listed in `KINDS`."""
    by_kind: dict[str, list[Notification]] = {}
    total = 0
    for notification in notifications:
        by_kind.setdefault(notification.kind, []).append(notification)
        total += 1
    groups = [
        {
            "kind": kind,
            "items": [(n, site_url(n.get_absolute_url())) for n in by_kind[slug][:DIGEST_ITEMS_PER_KIND]],
            "more": max(0, len(by_kind[slug]) - DIGEST_ITEMS_PER_KIND),
        }
        for slug, kind in KINDS.items()
        if slug in by_kind
    ]
    period = "daily" if run.period == Delivery.DAILY else "weekly"
    token = unsubscribe_token(run.person_id, run.period)
    return _message(
        subject=f"Your {period} summary from {settings.SITE_NAME}: {total} new notification"
        + ("" if total == 1 else "s"),
        to=run.person.email,
        template="digest",
        context={"person": run.person, "period": period, "groups": groups, "total": total},
        unsubscribe_url=site_url(reverse("notifications:unsubscribe", args=[token])),
    )
