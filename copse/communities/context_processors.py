from typing import Any, NamedTuple

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .models import LISTED, Membership


class HeaderCommunity(NamedTuple):
    name: str
    url: str


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
        detail = reverse("communities:detail", args=["-"]).removesuffix("-/")
        return [HeaderCommunity(name, f"{detail}{slug}/") for name, slug in rows]

    return {"header_communities": SimpleLazyObject(communities)}
