from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import LISTED
from .queries import my_memberships


def header_communities(request: HttpRequest) -> dict[str, Any]:
    """The person's communities for the header menu, queried only when a page shows the header."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "header_communities": SimpleLazyObject(
            lambda: [m.community for m in my_memberships(user).filter(community__status__in=LISTED)]  # type: ignore[arg-type]
        )
    }
