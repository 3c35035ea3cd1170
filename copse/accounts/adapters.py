from functools import partial
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.http import HttpRequest

from . import tasks


class AccountAdapter(DefaultAccountAdapter):
    """Staff come from the HR import or single sign-on, so self sign-up is closed unless the organisation opens it.

    Account emails (password reset and the like) are rendered in the request, which has what their templates
    need, and sent by a background task after commit.
    """

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.COPSE_OPEN_SIGNUP)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        transaction.on_commit(partial(tasks.send_account_email.enqueue, tasks.message_as_data(message)))
