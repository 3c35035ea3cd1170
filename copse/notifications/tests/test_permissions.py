"""A notification is its recipient's alone: the predicate and the queryset agree, others get 404."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from copse.notifications.models import Notification
from copse.notifications.permissions import can_view_notification, get_notification_for
from copse.testing import PERSONAS, NotificationFactory, PersonasTestCase


class NotificationAccessTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for name in ("member", "lead"):
            NotificationFactory(recipient=getattr(cls, name), title=f"For {name}")

    def test_the_predicate_and_the_queryset_agree_for_every_persona(self) -> None:
        notifications = list(Notification.objects.all())
        for viewer in [AnonymousUser(), *(self.persona(name) for name in PERSONAS)]:
            visible = set(Notification.objects.visible_to(viewer).values_list("pk", flat=True))
            for notification in notifications:
                with self.subTest(viewer=str(viewer), notification=notification.title):
                    assert can_view_notification(viewer, notification) == (notification.pk in visible)
                    assert (notification.pk in visible) == (notification.recipient_id == viewer.pk)

    def test_someone_elses_notification_is_not_found(self) -> None:
        leads = Notification.objects.get(recipient=self.lead)
        with self.assertRaises(Http404):
            get_notification_for(self.member, leads.pk)
        assert get_notification_for(self.lead, leads.pk).pk == leads.pk
