"""Proposing, editing and reporting on projects. Each service is atomic and refuses bad input with `Refused`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from copse.communities.models import ESTABLISHED, Community, Membership, Visibility
from copse.core import attachments
from copse.core.attachments import AttachmentData
from copse.core.markdown import MAX_MARKDOWN_LENGTH, render_markdown
from copse.core.refusals import Refused
from copse.core.text import paragraphs, single_line
from copse.notifications.services import notify

from .models import TEXT_MAX, TITLE_MAX, Project, ProjectFollow, ProjectUpdate, Status, UpdateAttachment

if TYPE_CHECKING:
    from copse.accounts.models import User


def _checked(
    community: Community,
    *,
    title: str,
    problem: str,
    goals: str,
    starts_on: date | None,
    ends_on: date | None,
    outcomes: str,
) -> dict[str, object]:
    if starts_on and ends_on and ends_on < starts_on:
        raise Refused("The end date cannot be before the start date.", field="ends_on")
    if len(outcomes) > min(TEXT_MAX, MAX_MARKDOWN_LENGTH):
        raise Refused(f"Outcomes can be at most {TEXT_MAX} characters.", field="outcomes")
    return {
        "title": single_line(title, field="title", label="Title", max_length=TITLE_MAX, required=True),
        "problem": paragraphs(problem, field="problem", label="Problem", max_length=TEXT_MAX),
        "goals": paragraphs(goals, field="goals", label="Goals", max_length=TEXT_MAX),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "outcomes": outcomes.strip(),
        "outcomes_html": render_markdown(outcomes.strip()) if outcomes.strip() else "",
    }


def _check_team(community: Community, team: Iterable[User]) -> list[User]:
    people = list(team)
    members = set(
        Membership.objects.current()
        .filter(community=community, person__in=[p.pk for p in people])
        .values_list("person_id", flat=True)
    )
    outside = [p for p in people if p.pk not in members]
    if outside:
        names = ", ".join(p.display_name for p in outside)
        raise Refused(f"Only members of {community.name} can be on the team: {names} is not.", field="team")
    return people


@transaction.atomic
def propose_project(
    community: Community,
    *,
    by: User,
    title: str,
    problem: str = "",
    goals: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    now: datetime | None = None,
) -> Project:
    """A member proposes a project: an idea, with them as its owner and on its team."""
    _check_team(community, [by])
    fields = _checked(
        community,
        title=title,
        problem=problem,
        goals=goals,
        starts_on=starts_on,
        ends_on=ends_on,
        outcomes="",
    )
    project = Project.objects.create(
        community=community,
        owner=by,
        created_by=by,
        status=Status.IDEA,
        **fields,  # type: ignore[arg-type]
    )
    if now is not None:
        Project.objects.filter(pk=project.pk).update(created_at=now, updated_at=now)
    project.team.add(by)
    return project


@transaction.atomic
def edit_project(
    project: Project,
    *,
    by: User,
    title: str,
    problem: str,
    goals: str,
    status: str,
    starts_on: date | None,
    ends_on: date | None,
    outcomes: str,
    team: Iterable[User],
    owner: User | None = None,
) -> Project:
    """The team, leads or programme team change the project, its status and its team (the owner stays on it)."""
    if status not in Status.values:
        raise Refused("Choose one of the statuses offered.", field="status")
    fields = _checked(
        project.community,
        title=title,
        problem=problem,
        goals=goals,
        starts_on=starts_on,
        ends_on=ends_on,
        outcomes=outcomes,
    )
    owner = owner or project.owner
    people = _check_team(project.community, [*team, *([owner] if owner else [])])
    for name, value in fields.items():
        setattr(project, name, value)
    project.status = status
    project.owner = owner
    project.save()
    project.team.set(people)
    return project


def post_update(
    project: Project,
    *,
    author: User,
    body: str,
    files: Sequence[AttachmentData] = (),
    image_descriptions: str = "",
    now: datetime | None = None,
) -> ProjectUpdate:
    """A progress note on the project's timeline, with the files attached to it (each checked before any is
    stored, and deleted again if the update is not written); its followers and team hear of it once it is."""
    text = (body or "").strip()
    if not text:
        raise Refused("Write what has happened.", field="body")
    if len(text) > TEXT_MAX:
        raise Refused(f"An update can be at most {TEXT_MAX} characters.", field="body")
    ready = attachments.prepare(files, descriptions=image_descriptions)
    moment = now or timezone.now()
    with attachments.stored(ready) as copies, transaction.atomic():
        update = ProjectUpdate.objects.create(
            project=project, author=author, body=text, body_html=render_markdown(text), created_at=moment
        )
        UpdateAttachment.objects.bulk_create(
            UpdateAttachment(
                update=update, uploaded_by=author, created_at=moment, **attachments.row_fields(copy)
            )
            for copy in copies
        )
        Project.objects.filter(pk=project.pk).update(updated_at=moment)
        if now is None:
            _tell_of_update(project, author)
    return update


def _tell_of_update(project: Project, author: User) -> None:
    recipients = set(project.follows.values_list("person_id", flat=True)) | set(
        project.team.values_list("pk", flat=True)
    )
    title = f"{author.display_name} posted an update on {project.title}"
    url = project.get_absolute_url()
    ids = sorted(set(_readers(project.community, recipients)) - {author.pk})
    transaction.on_commit(
        lambda: notify(recipient_ids=ids, kind="project_updates", title=title, url=url, actor_id=author.pk)
    )


def _readers(community: Community, people: set[int]) -> list[int]:
    """Those of `people` who may still see the community's projects (the people twin of `can_view_project`):
    a follower who left a members-only community hears no more of its projects."""
    users = get_user_model().objects.filter(pk__in=people, is_active=True)
    if not (community.visibility == Visibility.OPEN and community.status in ESTABLISHED):
        is_member = Membership.objects.current().filter(community=community, person=OuterRef("pk"))
        users = users.filter(Q(is_programme_team=True) | Q(is_superuser=True) | Exists(is_member))
    return list(users.values_list("pk", flat=True))


@transaction.atomic
def follow(project: Project, *, person: User, following: bool = True) -> None:
    if following:
        ProjectFollow.objects.get_or_create(project=project, person=person)
    else:
        ProjectFollow.objects.filter(project=project, person=person).delete()
