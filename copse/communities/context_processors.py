from typing import Any, NamedTuple

from django.db import connection
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from copse.core.links import address

from .models import LISTED, Community


class HeaderCommunity(NamedTuple):
    """A community as the header's switcher links to it."""

    name: str
    url: str

    @classmethod
    def of(cls, community: Community) -> "HeaderCommunity":
        return cls(community.name, community.get_absolute_url())


# The switcher's query, in SQL because the header runs it on every page: the ORM took 0.75 ms to build what
# runs in 0.03 (`benchmarks/README.md`). The same rows as Membership.objects.current() of listed communities.
SWITCHER_SQL = (
    "SELECT c.name, c.slug FROM communities_membership m JOIN communities_community c ON c.id = m.community_id"
    " WHERE m.person_id = %s AND m.left_at IS NULL AND c.status IN (%s, %s) ORDER BY c.name"
)


def header_communities(request: HttpRequest) -> dict[str, Any]:
    """The person's communities for the header's switcher: names and addresses only, in one light query run only
    when a page shows the header."""
    user = request.user
    if not user.is_authenticated:
        return {}

    def communities() -> list[HeaderCommunity]:
        with connection.cursor() as cursor:
            cursor.execute(SWITCHER_SQL, [user.pk, *LISTED])
            rows = cursor.fetchall()
        return [HeaderCommunity(name, address("communities:detail", slug)) for name, slug in rows]

    return {"header_communities": SimpleLazyObject(communities)}
