"""Authentication backends that load the signed-in person with their profile.

Every page's header shows the person's face, which needs their profile (the photo); selecting it with the user
costs a join in the query Django runs anyway, where reading it later would cost a query on every page."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .models import User


class ProfileMixin:
    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("person").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(ProfileMixin, DjangoModelBackend):
    """Django's backend (passwords), with the profile."""


class AuthenticationBackend(ProfileMixin, AllauthBackend):
    """allauth's backend (sign-in by email), with the profile."""
