"""Mentions in discussions: who a post may mention, who an `@name` stands for, and suggestions as people type.

The syntax is `copse.core.markdown`'s (`@Priya Sharma`, a known-as name such as `@Dan Hughes`, the id form
`@[Priya Sharma](#user-42)` that suggestions write for namesakes, and the first syntax, `@priya.sharma`). Who may
be mentioned is the rule notifications already had: the people who may read the community's discussions
(`readers_of_discussions`), so a mention never names, links or tells someone who could not read the post.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf

from copse.accounts.models import User
from copse.communities.models import Community
from copse.core.limits import take_turn
from copse.core.markdown import (
    MentionRef,
    MentionResolver,
    MentionTarget,
    Rendered,
    mention_of,
    render_with_mentions,
)
from copse.core.refusals import Kind, Refused
from copse.core.text import name_key

from .permissions import readers_of_discussions

MAX_SUGGESTIONS = 8
MAX_QUERY_LENGTH = 100
SUGGESTIONS_PER_MINUTE = 120  # a person typing fast asks a few times a second, for a few seconds per mention


def mentionable(community: Community) -> QuerySet[User]:
    """The people a post in this community may mention: everyone who may read its discussions."""
    return readers_of_discussions(community)


def _target(person: User) -> MentionTarget:
    return MentionTarget(person_id=person.pk, name=person.display_name, url=person.get_absolute_url())


def resolver_for(community: Community) -> MentionResolver:
    """Who each of a text's mentions names among the people it may mention in `community`, in one query."""

    def resolve(refs: set[MentionRef]) -> Mapping[MentionRef, MentionTarget | None]:
        names = {key for kind, key in refs if kind == "name"}
        handles = {key for kind, key in refs if kind == "handle"}
        ids = {int(key) for kind, key in refs if kind == "id"}
        # Lower() narrows the rows in the database; name_key decides below (it also folds what Lower() cannot).
        wanted = Q(pk__in=ids) | Q(lower_name__in=names) | Q(lower_known_as__in=names)
        for handle in handles:
            wanted |= Q(email__istartswith=f"{handle}@")
        people = (
            mentionable(community)
            .annotate(lower_name=Lower("name"), lower_known_as=Lower("known_as"))
            .filter(wanted)
            .only("pk", "name", "known_as", "email")
        )
        named: dict[MentionRef, set[User]] = defaultdict(set)
        for person in people:
            named["id", str(person.pk)].add(person)
            named["handle", person.email.partition("@")[0].lower()].add(person)
            for name in (person.name, person.known_as):
                if name:
                    named["name", name_key(name)].add(person)
        return {
            ref: _target(next(iter(found))) if len(found) == 1 else None
            for ref, found in named.items()
            if ref in refs
        }

    return resolve


def render_post(body: str, community: Community) -> Rendered:
    """A post's body as sanitised HTML with its mentions linked, and whom they name."""
    return render_with_mentions(body, resolver_for(community))


def take_suggestions(person_id: int) -> None:
    """Count one request for suggestions, refusing past `SUGGESTIONS_PER_MINUTE` in the last minute."""
    wait = take_turn(f"copse:mention-suggestions:{person_id}", limit=SUGGESTIONS_PER_MINUTE)
    if wait is not None:
        raise Refused(
            f"Suggestions are paused for {wait} seconds. You can still type the person's name after the @.",
            kind=Kind.RATE_LIMITED,
            field="q",
        )


@dataclass(frozen=True)
class Suggestion:
    """Someone to mention, and the text that mentions only them."""

    person: User
    mention: str


def suggestions(community: Community, query: str, *, viewer: User) -> list[Suggestion]:
    """Up to `MAX_SUGGESTIONS` people `viewer` may mention in `community` whose name, known-as name or email
    starts with `query`, or one of whose later names does ("sharma" finds Priya Sharma), by name, in one query."""
    key = " ".join(query.lower().split())[:MAX_QUERY_LENGTH]
    if not key:
        return []
    people = mentionable(community).annotate(
        lower_name=Lower("name"), lower_known_as=Lower("known_as"), lower_email=Lower("email")
    )
    goes_by = Coalesce(NullIf(Lower("known_as"), Value("")), Lower("name"))
    namesakes = people.exclude(pk=OuterRef("pk")).filter(
        Q(lower_name=OuterRef("goes_by")) | Q(lower_known_as=OuterRef("goes_by"))
    )
    found = (
        people.exclude(pk=viewer.pk)
        .filter(
            Q(lower_name__startswith=key)
            | Q(lower_known_as__startswith=key)
            | Q(lower_email__startswith=key)
            | Q(lower_name__contains=f" {key}")
            | Q(lower_known_as__contains=f" {key}")
        )
        .annotate(goes_by=goes_by)
        .annotate(has_namesake=Exists(namesakes))
        .select_related("person")
        .order_by("goes_by", "pk")[:MAX_SUGGESTIONS]
    )
    return [Suggestion(person, mention_text(person, unique=not person.has_namesake)) for person in found]


def mention_text(person: User, *, unique: bool) -> str:
    """What a suggestion writes for this person: the name they go by, or the id form when others share it."""
    return mention_of(person.known_as or person.name, person.pk, unique=unique)
