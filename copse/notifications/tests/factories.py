"""Factories for this app's tests. (copse/testing.py is shared by every app; these stay here until another app
needs them.)"""

import factory

from copse.notifications.models import Notification
from copse.testing import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "replies_to_me"
    title = factory.Sequence(lambda n: f"Someone replied to your discussion {n}")
    url = "/communities/fbp/"
