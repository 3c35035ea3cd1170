"""Stories' pages: telling one (from a thread, a post, an event or an earlier story, or on a colleague's behalf),
reading it, editing and confirming it, and the community's review queue for its leads and the programme team."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copse.accounts.http import StaffRequest as Request
from copse.accounts.models import User
from copse.communities.models import Community
from copse.core.http import posted
from copse.core.refusals import Refused, form_status, refusal_response
from copse.discussions.models import Post, Thread
from copse.discussions.permissions import can_view_thread, get_post_for, get_thread_for
from copse.events.models import Event
from copse.events.permissions import can_view_event, get_event_for
from copse.projects.models import Project
from copse.projects.permissions import can_view_project, get_project_for

from ..forms.stories import ConsentForm, ReturnForm, StoryForm
from ..models import StoryStatus, StoryStep, ValueCycle, ValueStory
from ..permissions import (
    can_confirm_story,
    can_edit_story,
    can_review_story,
    get_story_for,
    get_story_review_for,
    on_behalf_communities,
    tellable_communities,
)
from ..services import stories as services


@dataclass
class StoryStart:
    """What a new story starts from, from the query string: each source fetched through its access helper."""

    thread: Thread | None = None
    post: Post | None = None
    event: Event | None = None
    project: Project | None = None
    follows: ValueStory | None = None
    community: Community | None = None
    on_behalf: bool = False
    query: dict[str, Any] = field(default_factory=dict)


def _id(query: QueryDict, name: str) -> int | None:
    value = query.get(name, "")
    if not value:
        return None
    if not value.isdecimal() or len(value) > 18:
        raise Http404(f"No such {name}.")
    return int(value)


def story_start(user: User, query: QueryDict) -> StoryStart:
    """`?thread=`, `?post=`, `?event=`, `?project=`, `?follows=` link the new story to what it is about, and choose its
    community (a 404 for anything the person may not see); `?on_behalf=1` asks whose story it is (403 for anyone
    who leads no community)."""
    start = StoryStart(on_behalf=query.get("on_behalf") == "1")
    if (thread_id := _id(query, "thread")) is not None:
        slug = Thread.objects.filter(pk=thread_id).values_list("community__slug", flat=True).first()
        if slug is None:
            raise Http404("No thread found.")
        try:
            start.thread = get_thread_for(user, slug, thread_id)
        except PermissionDenied:
            # They may see the community but not its discussions: for them the thread is not there.
            raise Http404("No thread found.") from None
        start.community = start.thread.community
    if (post_id := _id(query, "post")) is not None:
        start.post = get_post_for(user, post_id)
        start.thread = start.post.thread
        start.community = start.thread.community
    if (event_id := _id(query, "event")) is not None:
        start.event = get_event_for(user, event_id)
        start.community = start.event.community or start.community
    if (project_id := _id(query, "project")) is not None:
        start.project = get_project_for(user, project_id)
        start.community = start.project.community
    if (story_id := _id(query, "follows")) is not None:
        start.follows = get_story_for(user, story_id)
        if start.follows.teller_id != user.pk:
            raise PermissionDenied
        start.community = start.follows.community
    if start.on_behalf and not on_behalf_communities(user).exists():
        raise PermissionDenied
    return start


def _cycles() -> list[ValueCycle]:
    return list(ValueCycle.objects.enabled())


# What the "check your answers" page does not carry back: the token (it has its own) and its own buttons.
CHECK_SKIPS = {"csrfmiddlewaretoken", "confirm", "change"}


@require_http_methods(["GET", "POST"])
def story_new(request: Request) -> HttpResponse:
    start = story_start(request.user, request.GET)
    offered = on_behalf_communities(request.user) if start.on_behalf else tellable_communities(request.user)
    if start.community is not None and (start.thread or start.event or start.project or start.follows):
        offered = offered.filter(pk=start.community.pk)
    communities = list(offered)
    # `?community=<slug>` only preselects one of those offered: it says nothing of communities the person cannot see.
    initial = {"community": start.community.slug if start.community else request.GET.get("community")}
    form = StoryForm(
        posted(request), cycles=_cycles(), communities=communities, on_behalf=start.on_behalf, initial=initial
    )

    def page(status: int) -> HttpResponse:
        context = {"form": form, "start": start, "communities": communities, "editing": None}
        return render(request, "valuecreation/stories_form.html", context, status=status)

    if request.method == "POST" and form.is_valid() and "change" not in request.POST:
        # Told in two steps: the answers are checked and shown back, then told on "confirm".
        confirmed = "confirm" in request.POST
        try:
            story = services.tell_story(
                form.chosen_community(),
                teller=form.cleaned_data["teller"] if start.on_behalf else request.user,
                written_by=request.user,
                thread=start.thread,
                post=start.post,
                event=start.event,
                project=start.project,
                follows=start.follows,
                check_only=not confirmed,
                **form.story_fields(),
            )
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        if not confirmed:
            answers = [(name, value) for name, value in request.POST.items() if name not in CHECK_SKIPS]
            context = {"story": story, "steps": form.step_texts(), "answers": answers, "start": start}
            return render(request, "valuecreation/stories_check.html", context)
        if story.status == StoryStatus.AWAITING_TELLER:
            messages.success(
                request, f"The story is saved. {story.teller} has been asked to check and confirm it."
            )
        else:
            messages.success(
                request, f"Thank you: your story is told. {story.community.name}’s leads will review it."
            )
        return redirect("valuecreation:story", story.pk)
    return page(form_status(form))


@require_GET
def story_detail(request: Request, story_id: int) -> HttpResponse:
    story = get_story_for(request.user, story_id)
    user = request.user
    context = {
        "story": story,
        "steps": story.steps.select_related("cycle"),
        "follow_ups": ValueStory.objects.visible_to(user).filter(follows=story).prefetch_related(_steps()),
        "follows": story.follows if story.follows_id and _visible(user, story.follows_id) else None,
        "source": _source(user, story),
        "can_edit": can_edit_story(user, story),
        "can_confirm": can_confirm_story(user, story),
        "can_review": can_review_story(user, story),
        "consent": ConsentForm.of(story) if user.pk == story.teller_id else None,
    }
    return render(request, "valuecreation/stories_detail.html", context)


def _visible(user: User, story_id: int) -> bool:
    return ValueStory.objects.visible_to(user).filter(pk=story_id).exists()


def _source(user: User, story: ValueStory) -> tuple[str, str] | None:
    """What the story starts from, as (words, address), if the reader may see it too."""
    if story.thread_id is not None:
        thread = Thread.objects.select_related("community").get(pk=story.thread_id)
        if can_view_thread(user, thread):
            return f"the discussion “{thread.title}”", thread.get_absolute_url()
    if story.event is not None and can_view_event(user, story.event):
        return f"the event “{story.event.title}”", story.event.get_absolute_url()
    if story.project_id is not None:
        project = Project.objects.select_related("community").get(pk=story.project_id)
        if can_view_project(user, project):
            return f"the project “{project.title}”", project.get_absolute_url()
    return None


@require_http_methods(["GET", "POST"])
def story_edit(request: Request, story_id: int) -> HttpResponse:
    story = get_story_for(request.user, story_id, "edit")
    form = StoryForm.of(story, posted(request), cycles=_cycles())

    def page(status: int) -> HttpResponse:
        context = {"form": form, "editing": story, "start": StoryStart(), "communities": []}
        return render(request, "valuecreation/stories_form.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            services.edit_story(story, by=request.user, **form.story_fields())
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "Your changes are saved.")
        return redirect("valuecreation:story", story.pk)
    return page(form_status(form))


@require_POST
def story_consent(request: Request, story_id: int) -> HttpResponse:
    """The teller changes who may read their story and whether reports may quote it."""
    story = get_story_for(request.user, story_id, "consent")
    form = ConsentForm.of(story, request.POST)
    then = reverse("valuecreation:story", args=[story.pk])
    if not form.is_valid():
        return refusal_response(
            request, Refused("Choose who may read your story.", field="audience"), then=then
        )
    try:
        services.change_consent(story, by=request.user, **form.cleaned_data)
    except Refused as refusal:
        return refusal_response(request, refusal, then=then)
    messages.success(request, "Who may read your story is saved.")
    return redirect(then)


@require_POST
def story_confirm(request: Request, story_id: int) -> HttpResponse:
    story = get_story_for(request.user, story_id, "confirm")
    try:
        services.confirm_story(story, by=request.user)
    except Refused as refusal:
        return refusal_response(request, refusal, then=reverse("valuecreation:story", args=[story.pk]))
    messages.success(
        request, f"Thank you: your story is confirmed. {story.community.name}’s leads will review it."
    )
    return redirect("valuecreation:story", story.pk)


def _steps() -> Prefetch[Any]:
    return Prefetch("steps", queryset=StoryStep.objects.select_related("cycle"))


# How many stories ready for reporting the queue shows (the newest): the rest are in the community's reports.
READY_SHOWN = 30


@require_GET
def story_review_queue(request: Request, slug: str) -> HttpResponse:
    community = get_story_review_for(request.user, slug)
    stories = (
        ValueStory.objects.filter(community=community)
        .select_related("teller__person", "written_by")
        .prefetch_related(_steps())
        .order_by("-created_at", "-pk")
    )
    pending = stories.filter(status__in=(StoryStatus.TOLD, StoryStatus.RETURNED))
    context = {
        "community": community,
        "waiting": [story for story in pending if story.status == StoryStatus.TOLD],
        "returned": [story for story in pending if story.status == StoryStatus.RETURNED],
        "ready": list(stories.filter(status=StoryStatus.READY)[:READY_SHOWN]),
        "cycles": _cycles(),
        "return_form": ReturnForm(),
    }
    return render(request, "valuecreation/stories_review.html", context)


@require_POST
def story_review(request: Request, story_id: int) -> HttpResponse:
    """One reviewer's action on a story, from the queue: `action` is ready, highlight, unhighlight, return (with
    a `question`) or cycle (a `step` moved to a `cycle`)."""
    story = get_story_for(request.user, story_id, "review")
    queue = reverse("valuecreation:story_review_queue", args=[story.community.slug]) + f"#story-{story.pk}"
    try:
        done = _review(request, story)
    except Refused as refusal:
        return refusal_response(request, refusal, then=queue)
    messages.success(request, done)
    return redirect(queue)


def _review(request: Request, story: ValueStory) -> str:
    action, by = request.POST.get("action", ""), request.user
    if action == "ready":
        services.mark_ready(story, by=by)
        return f"“{story.title}” is ready for reporting."
    if action in ("highlight", "unhighlight"):
        services.set_highlight(story, by=by, highlight=action == "highlight")
        return f"“{story.title}” is {'now' if action == 'highlight' else 'no longer'} a highlight."
    if action == "return":
        services.return_story(story, by=by, question=request.POST.get("question", ""))
        return f"“{story.title}” is returned to {story.teller} with your question."
    if action == "cycle":
        step = (
            StoryStep.objects.filter(story=story, pk=_posted_id(request, "step"))
            .select_related("story")
            .first()
        )
        cycle = ValueCycle.objects.filter(pk=_posted_id(request, "cycle")).first()
        if step is None or cycle is None:
            raise Refused("Choose a step and the cycle it belongs to.")
        services.change_step_cycle(step, by=by, cycle=cycle)
        return f"The step is now under {cycle.name}."
    raise Refused("Choose what to do with the story.")


def _posted_id(request: Request, name: str) -> int:
    value = request.POST.get(name, "")
    return int(value) if value.isdecimal() and len(value) < 18 else 0
