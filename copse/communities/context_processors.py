from typing import Any, NamedTuple

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .models import LISTED, Community, Membership


class HeaderCommunity(NamedTuple):
    """A community as the header's switcher links to it."""

    name: str
    url: str

    @classmethod
    def of(cls, community: Community) -> "HeaderCommunity":
        return cls(community.name, community.get_absolute_url())


def header_communities(request: HttpRequest) -> dict[str, Any]:
    """The person's communities for the header's switcher: names and addresses only, in one light query run only
    when a page shows the header."""
    user = request.user
    if not user.is_authenticated:
        return {}

    def communities() -> list[HeaderCommunity]:
        rows = (
            Membership.objects.current()
            .filter(person=user, community__status__in=LISTED)
            .order_by("community__name")
            .values_list("community__name", "community__slug")
        )
        return [HeaderCommunity(name, reverse("communities:detail", args=[slug])) for name, slug in rows]

    return {"header_communities": SimpleLazyObject(communities)}
