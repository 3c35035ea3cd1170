from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Community, Status


def header_communities(request: HttpRequest) -> dict[str, Any]:
    """The person's communities for the header menu, queried only when a page shows the header."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "header_communities": SimpleLazyObject(
            lambda: list(
                Community.objects.filter(
                    memberships__person=user,
                    memberships__left_at__isnull=True,
                    status__in=[Status.ACTIVE, Status.DORMANT],
                ).only("name", "slug")
            )
        )
    }
