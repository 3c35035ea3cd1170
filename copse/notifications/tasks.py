"""Background work: emailing notifications straight away. Queued after commit by `services.notify`."""

from django.core.mail import get_connection
from django.utils import timezone
from django_tasks import task

from .emails import notification_email
from .kinds import Delivery
from .models import Notification


@task()
def email_notifications(notification_ids: list[int]) -> int:
    """Email each of these notifications whose recipient wants that kind straight away. Returns how many went.

    Costs two queries however many there are. They are marked emailed before sending, so a retried task never
    emails anyone twice; if sending fails part-way the rest are still on the person's notifications page.
    """
    notifications = list(
        Notification.objects.filter(
            pk__in=notification_ids, emailed_at__isnull=True, read_at__isnull=True, recipient__is_active=True
        )
        .delivered_by(Delivery.IMMEDIATE)
        .select_related("recipient", "actor")
        .order_by("pk")
    )
    if not notifications:
        return 0
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=timezone.now())
    with get_connection() as connection:
        return connection.send_messages([notification_email(n) for n in notifications]) or 0
