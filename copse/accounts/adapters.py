from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Staff come from the HR import or single sign-on, so self sign-up is closed unless the organisation opens it."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.COPSE_OPEN_SIGNUP)
